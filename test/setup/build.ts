// CLI tests run the built executable, as a user would; build it once before any test runs.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '../helpers/shared.js';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, ['scripts/clean-dist.mjs'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: root, stdio: 'inherit' });
  if (!sharedDir) {
    console.log('netlint tests: ../shared not found (a plain clone); the optional seed and np-guard conformance suites are skipped');
  }
}
