/**
 * The action's entry point, what action.yml runs (bundled into action/bundle/index.mjs): binds
 * runAction to this process. The runner passes inputs as INPUT_* variables and reads workflow
 * commands from standard output.
 */
import { runAction } from './run.js';

process.exitCode = runAction({ env: process.env, writeStdout: (text) => process.stdout.write(text) });
