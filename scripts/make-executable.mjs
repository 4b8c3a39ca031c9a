// tsc does not keep the executable bit; `npx netlint` and the installed bin need it.
import { chmodSync } from 'node:fs';

chmodSync(new URL('../dist/cli.js', import.meta.url), 0o755);
