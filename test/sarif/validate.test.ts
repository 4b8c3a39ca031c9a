/**
 * The SARIF we emit passes Microsoft's SARIF Multitool `validate` with the SARIF rules and the
 * GitHub code-scanning ingestion rules (GH1001–GH1007 are off by default; the config turns them on).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const config = new URL('./validate.config.xml', import.meta.url).pathname;

/**
 * The Multitool is a .NET binary for Linux, kept out of netlint's dependencies so that `npm ci`
 * works everywhere; `npm run setup:sarif` installs it (CI does). Where it cannot run, the suite is
 * skipped and says why.
 */
function findMultitool(): { path: string } | { skip: string } {
  if (process.platform !== 'linux') return { skip: `the SARIF Multitool package is Linux-only (this is ${process.platform})` };
  try {
    const fromTools = createRequire(join(root, 'tools/sarif-multitool/package.json'));
    return { path: fromTools('@microsoft/sarif-multitool-linux') as string };
  } catch {
    return { skip: 'the SARIF Multitool is not installed; run `npm run setup:sarif` to enable this suite' };
  }
}

const found = findMultitool();
const multitool = 'path' in found ? found.path : '';
if ('skip' in found) console.log(`SARIF validation skipped: ${found.skip}`);

interface ValidatorResult {
  ruleId: string;
  ruleIndex?: number;
  level?: string;
  message: { text?: string; id?: string; arguments?: string[] };
}

function ensureExecutable(): void {
  try {
    accessSync(multitool, constants.X_OK);
  } catch {
    chmodSync(multitool, 0o755); // its postinstall (a chmod) may have been skipped by npm's script gating
  }
}

/** Runs `validate`; returns findings by level. The tool exits 0 even when the file has errors. */
function validate(sarifText: string): Record<string, string[]> {
  ensureExecutable();
  const dir = mkdtempSync(join(tmpdir(), 'netlint-sarif-'));
  const input = join(dir, 'netlint.sarif');
  const output = join(dir, 'validation.sarif');
  writeFileSync(input, sarifText);
  const run = spawnSync(
    multitool,
    ['validate', input, '--config', config, '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning;Note', '--output', output, '--log', 'ForceOverwrite'],
    { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } },
  );
  expect(run.error).toBeUndefined();
  expect(run.status, run.stdout + run.stderr).toBe(0);
  const log = JSON.parse(readFileSync(output, 'utf8')) as {
    runs: { invocations?: { executionSuccessful?: boolean }[]; tool: { driver: { rules?: { defaultConfiguration?: { level?: string }; messageStrings?: Record<string, { text: string }> }[] } }; results?: ValidatorResult[] }[];
  };
  const [validation] = log.runs;
  expect(validation?.invocations?.[0]?.executionSuccessful).not.toBe(false);
  const rules = validation?.tool.driver.rules ?? [];
  const byLevel: Record<string, string[]> = { error: [], warning: [], note: [] };
  for (const result of validation?.results ?? []) {
    const rule = result.ruleIndex === undefined ? undefined : rules[result.ruleIndex];
    const level = result.level ?? rule?.defaultConfiguration?.level ?? 'warning';
    const template = result.message.text ?? rule?.messageStrings?.[result.message.id ?? '']?.text ?? '';
    const text = template.replace(/\{(\d+)\}/g, (_, i: string) => result.message.arguments?.[Number(i)] ?? '');
    (byLevel[level] ??= []).push(`${result.ruleId}: ${text}`);
  }
  return byLevel;
}

function netlintSarif(args: string[], env: Record<string, string> = {}): string {
  const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), ...args, '--format', 'sarif'], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  expect(run.status).toBe(1);
  return run.stdout;
}

describe.skipIf('skip' in found)('SARIF Multitool validate (SARIF + GitHub rules)', () => {
  it('passes with zero errors and warnings for the examples', () => {
    const findings = validate(netlintSarif(['examples']));
    expect(findings.error).toEqual([]);
    expect(findings.warning).toEqual([]);
    // The validator reports nothing at all for some malformed files; real runs always get notes.
    expect(findings.note?.length).toBeGreaterThan(0);
  });

  it('passes for inputs outside the repository (../ URIs)', () => {
    // With the repository root at docs/, the examples lie outside it.
    const sarif = netlintSarif(['examples'], { GITHUB_WORKSPACE: join(root, 'docs') });
    expect(sarif).toContain('"uri": "../examples/');
    const findings = validate(sarif);
    expect(findings.error).toEqual([]);
    expect(findings.warning).toEqual([]);
  });

  it('passes with the template of rendered input as a linked related location', () => {
    // A repository with the chart in charts/shop, linted from charts/ as `helm template shop ./shop | netlint -`.
    const repo = mkdtempSync(join(tmpdir(), 'netlint-sarif-origin-'));
    mkdirSync(join(repo, 'charts/shop/templates'), { recursive: true });
    writeFileSync(join(repo, 'charts/shop/templates/networkpolicy.yaml'), '# a template\n');
    const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), '-', '--format', 'sarif'], {
      cwd: join(repo, 'charts'),
      input: readFileSync(join(root, 'examples/rendered/helm-template.yaml'), 'utf8'),
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: repo },
    });
    expect(run.stdout).toContain('"uri": "charts/shop/templates/networkpolicy.yaml"');
    const findings = validate(run.stdout);
    expect(findings.error).toEqual([]);
    expect(findings.warning).toEqual([]);
  });

  it('passes with a category and when written by --sarif-file beside another format', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netlint-sarif-file-'));
    const path = join(dir, 'netlint.sarif');
    const run = spawnSync(process.execPath, [join(root, 'dist/cli.cjs'), 'examples', '--format', 'junit', '--sarif-file', path, '--sarif-category', 'netlint/prod'], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(run.status).toBe(1);
    const findings = validate(readFileSync(path, 'utf8'));
    expect(findings.error).toEqual([]);
    expect(findings.warning).toEqual([]);
  });

  it('catches a broken file, so the checks above can fail', () => {
    const sarif = JSON.parse(netlintSarif(['examples'])) as { runs: { results: { locations: unknown[] }[] }[] };
    sarif.runs[0]!.results[0]!.locations = [];
    expect(validate(JSON.stringify(sarif)).error?.length).toBeGreaterThan(0);
  });
});
