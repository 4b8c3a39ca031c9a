import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Reporter } from './types.js';

export const reporters: Readonly<Record<string, Reporter>> = { stylish, json, sarif, github };
export const formatNames = Object.keys(reporters);
