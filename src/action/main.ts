/**
 * The action's entry point, what action.yml runs (bundled into action/bundle/index.mjs): binds
 * runAction to this process. The runner passes inputs as INPUT_* variables and reads workflow
 * commands from standard output.
 */
import * as ajv from 'ajv';
import * as tinyglobby from 'tinyglobby';
import { provideModules } from '../engine/lazy.js';
import * as validators from '../engine/model/schema-validators.generated.js';
import { runAction } from './run.js';

// The bundle has nothing beside it: hand over the modules netlint loads on first use.
provideModules({ ajv, tinyglobby, validators });

process.exitCode = runAction({ env: process.env, writeStdout: (text) => process.stdout.write(text) });
