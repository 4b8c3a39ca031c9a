// tsc never deletes: a file moved or removed in src would live on in dist and be packed or tested.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
