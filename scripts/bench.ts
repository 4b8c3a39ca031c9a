/**
 * `npm run bench`: netlint as a user runs it, against the parse floor, on generated repositories
 * of about 1k, 10k and 50k documents. Writes bench/results.md.
 *
 * The floor is one node process that reads the same files, runs js-yaml 4 `loadAll` on each and
 * keeps every document: what any tool that cross-references a whole input pays before it does
 * anything (netlint must hold every object to answer "which workloads does this Service select").
 * It is the floor issue 9's targets were set against: its figures (0.64 s and 100 MiB at 10k
 * documents, 181 MiB at 50k) are what this floor measures here, and not what a floor that drops
 * each document once parsed does (0.42 s, 54 MiB). That second floor is measured too, and each
 * row gives its ratio to it as well. Every measurement is a fresh process under /usr/bin/time
 * (wall time and peak RSS); the tools take turns within each round, so a busy machine slows them
 * alike, and the table shows medians.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { generateRepository } from './bench-corpus.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = process.env.BENCH_CLI ?? join(root, 'dist/cli.cjs');
const sizes = (process.env.BENCH_SIZES ?? '1000,10000,50000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
/** 50k runs take a minute a round; three rounds are enough for a stable median there. */
const largeRuns = Number(process.env.BENCH_LARGE_RUNS ?? 3);
const output = process.env.BENCH_OUTPUT ?? join(root, 'bench/results.md');
/** Another build's dist/cli.cjs to measure in the same rounds (a before/after comparison). */
const baseline = process.env.BENCH_BASELINE;

/**
 * The parse floor: read every .yaml file under a directory, run js-yaml's loadAll on it and keep
 * the documents. With `drop` as its second argument, each document is dropped once parsed.
 */
const floorScript = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadAll } = require(${JSON.stringify(createRequire(import.meta.url).resolve('js-yaml'))});
const keep = process.argv[3] !== 'drop';
const documents = [];
let count = 0;
for (const entry of readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
  loadAll(readFileSync(join(entry.parentPath, entry.name), 'utf8'), (document) => {
    count++;
    if (keep) documents.push(document);
  });
}
if (count === 0 || (keep && documents.length !== count)) process.exit(3);
`;

interface Sample {
  readonly seconds: number;
  readonly rssMiB: number;
}

/** One fresh process: wall time and peak resident memory, as /usr/bin/time reports them. */
function measure(command: readonly string[]): Sample {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const match = /^([\d.]+) (\d+)$/.exec(last);
  if (!match || (result.status !== 0 && result.status !== 1)) throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr}`);
  return { seconds: Number(match[1]), rssMiB: Number(match[2]) / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface Row {
  readonly work: string;
  readonly documents: number;
  readonly runs: number;
  readonly tool: Sample;
  readonly floor: Sample;
  readonly floorName: string;
  /** The floor that drops each document once parsed, for reference (repository rows only). */
  readonly droppingFloor?: Sample;
  readonly target: string;
  readonly met: boolean;
}

/** Runs the commands in turn, `rounds` times, and returns the median time and memory of each. */
function alternate(commands: Record<string, readonly string[]>, rounds: number): Record<string, Sample> {
  const samples: Record<string, Sample[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, command] of Object.entries(commands)) (samples[name] ??= []).push(measure(command));
  }
  const medians: Record<string, Sample> = {};
  for (const [name, list] of Object.entries(samples)) {
    medians[name] = { seconds: median(list.map((s) => s.seconds)), rssMiB: median(list.map((s) => s.rssMiB)) };
  }
  return medians;
}

function repositoryRows(work: string, documents: number): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-bench-'));
  try {
    const written = generateRepository(join(dir, 'repo'), documents);
    const floorFile = join(dir, 'floor.cjs');
    writeFileSync(floorFile, floorScript);
    const rounds = documents >= 50_000 ? largeRuns : runs;
    const repo = join(dir, 'repo');
    const m = alternate(
      {
        floor: [process.execPath, floorFile, repo],
        droppingFloor: [process.execPath, floorFile, repo, 'drop'],
        lint: [process.execPath, cli, repo, '--no-config', '--format', 'json'],
        reach: [process.execPath, cli, 'reach', repo, '--no-config', '--format', 'json'],
        ...(baseline
          ? {
              lintBaseline: [process.execPath, baseline, repo, '--no-config', '--format', 'json'],
              reachBaseline: [process.execPath, baseline, 'reach', repo, '--no-config', '--format', 'json'],
            }
          : {}),
      },
      rounds,
    );
    const floor = m.floor as Sample;
    const droppingFloor = m.droppingFloor as Sample;
    const lint = m.lint as Sample;
    const reach = m.reach as Sample;
    const big = documents >= 10_000;
    const lintMet = !big || (lint.seconds <= 2 * floor.seconds && (documents < 50_000 || lint.rssMiB <= 3 * floor.rssMiB));
    const baselineRows: Row[] = baseline
      ? [
          { work: `lint, ${work} (baseline)`, documents: written, runs: rounds, tool: m.lintBaseline as Sample, floor, droppingFloor, floorName: 'js-yaml loadAll, kept', target: '–', met: true },
          { work: `reach --format json, ${work} (baseline)`, documents: written, runs: rounds, tool: m.reachBaseline as Sample, floor, droppingFloor, floorName: 'js-yaml loadAll, kept', target: '–', met: true },
        ]
      : [];
    return [
      ...baselineRows,
      { work: `lint, ${work}`, documents: written, runs: rounds, tool: lint, floor, droppingFloor, floorName: 'js-yaml loadAll, kept', target: big ? (documents >= 50_000 ? '≤ 2x time, ≤ 3x memory' : '≤ 2x') : '–', met: lintMet },
      { work: `reach --format json, ${work}`, documents: written, runs: rounds, tool: reach, floor, droppingFloor, floorName: 'js-yaml loadAll, kept', target: '≤ 4x', met: reach.seconds <= 4 * floor.seconds },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function smallFileRows(): Row[] {
  const dir = mkdtempSync(join(tmpdir(), 'netlint-bench-'));
  try {
    const file = join(dir, 'service.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n');
    const m = alternate(
      {
        node: [process.execPath, '-e', '0'],
        lint: [process.execPath, cli, file, '--no-config', '--format', 'json'],
        ...(baseline ? { lintBaseline: [process.execPath, baseline, file, '--no-config', '--format', 'json'] } : {}),
      },
      runs,
    );
    const node = m.node as Sample;
    const lint = m.lint as Sample;
    const row: Row = { work: 'one small file', documents: 1, runs, tool: lint, floor: node, floorName: '`node -e 0`', target: '≤ 2x', met: lint.seconds <= 2 * node.seconds };
    if (!baseline) return [row];
    return [{ ...row, work: 'one small file (baseline)', tool: m.lintBaseline as Sample, target: '–' }, row];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function formatRow(row: Row): string {
  const rate = row.documents > 1 ? Math.round(row.documents / row.tool.seconds).toLocaleString('en-US') : '–';
  const ratio = (row.tool.seconds / row.floor.seconds).toFixed(1);
  const memory = (row.tool.rssMiB / row.floor.rssMiB).toFixed(1);
  const cells = [
    row.work,
    row.documents.toLocaleString('en-US'),
    `${row.tool.seconds.toFixed(2)} s, ${row.tool.rssMiB.toFixed(0)} MiB`,
    rate,
    `${row.floor.seconds.toFixed(2)} s, ${row.floor.rssMiB.toFixed(0)} MiB (${row.floorName})`,
    `${ratio}x time, ${memory}x memory`,
    row.droppingFloor ? `${(row.tool.seconds / row.droppingFloor.seconds).toFixed(1)}x time, ${(row.tool.rssMiB / row.droppingFloor.rssMiB).toFixed(1)}x memory (${row.droppingFloor.seconds.toFixed(2)} s, ${row.droppingFloor.rssMiB.toFixed(0)} MiB)` : '–',
    row.target,
    row.target === '–' ? '' : row.met ? 'yes' : '**no**',
    String(row.runs),
  ];
  return `| ${cells.join(' | ')} |`;
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}`;
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();

/** Writes the table so far: a long run leaves its results even when stopped before the end. */
function writeReport(rows: readonly Row[]): string {
  const table = [
    '| work | docs | netlint | docs/s | floor | ratio | ratio to a floor that drops documents | target | met | runs |',
    '|---|---:|---|---:|---|---|---|---|---|---:|',
    ...rows.map(formatRow),
  ].join('\n');
  // Rows marked (baseline) need saying what they are: the build BENCH_BASELINE names.
  const baselineNote = baseline ? ` Rows marked (baseline) are the build at \`${baseline}\`, measured in the same rounds.` : '';
  const report = `# Benchmark results

Written by \`npm run bench\` (commit ${commit}; ${machine}). Medians of alternating runs, each a
fresh process; wall time and peak RSS from /usr/bin/time. The floor is one node process reading the
same files, running js-yaml 4 \`loadAll\` on each and keeping the documents, as netlint must to
cross-reference them (the floor issue 9's targets were set against). The column after the ratio
compares with a floor that drops each document once parsed. netlint runs as a user runs it:
\`node dist/cli.cjs <dir> --format json\` and \`node dist/cli.cjs reach <dir> --format json\`.${baselineNote}

${table}
`;
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, report);
  return table;
}

const rows: Row[] = [];
process.stderr.write('bench: one small file…\n');
rows.push(...smallFileRows());
writeReport(rows);
for (const size of sizes) {
  const label = size >= 1000 ? `${size / 1000}k documents` : `${size} documents`;
  process.stderr.write(`bench: ${label}…\n`);
  rows.push(...repositoryRows(label, size));
  writeReport(rows);
}
process.stdout.write(`${writeReport(rows)}\n\nwritten to ${output}\n`);
