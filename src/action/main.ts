/**
 * The action's entry point, what action.yml runs (bundled into action/bundle/index.mjs): binds
 * runAction to this process. The runner passes inputs as INPUT_* variables and reads workflow
 * commands from standard output.
 */
import * as ajv from 'ajv';
import * as tinyglobby from 'tinyglobby';
import { provideModules } from '../engine/lazy.js';
import { runAction } from './run.js';

// The bundle has no node_modules beside it: hand over the dependencies netlint loads on first use.
provideModules({ ajv, tinyglobby });

process.exitCode = runAction({ env: process.env, writeStdout: (text) => process.stdout.write(text) });
