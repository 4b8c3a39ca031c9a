/** The README's command examples show what the commands really print. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

describe('the README', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```text\n\$ netlint ([^\n]+)\n([\s\S]*?)```/g)];

  it('has command examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((m) => [m[1] as string, m[2] as string]))('shows the real output of `netlint %s`', (command, output) => {
    const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...command.split(' ')], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toBe(output);
  });
});
