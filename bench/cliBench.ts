/**
 * CLI throughput: `locklens check` (dist/cli.js) over a directory of many
 * generated files, with --jobs from 1 (the main thread) to every core, and the
 * scaling that gives. Wall-clock time of the whole command, start-up included.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultJobs } from '../server/src/cli/args';
import { generateKernelFile, Random } from './kernelGen';
import { summarize, type Samples } from './measure';

export interface Corpus {
  dir: string;
  files: number;
  lines: number;
  bytes: number;
}

/** Writes `count` generated files of 300–4,000 lines into a fresh temporary directory. */
export function writeCorpus(seed: number, count: number): Corpus {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'locklens-bench-'));
  const r = new Random(seed);
  let lines = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const file = generateKernelFile({ seed: seed * 1000 + i, lines: r.int(300, 4000) });
    const sub = path.join(dir, `drv${i % 4}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `gen_${i}.c`), file.text);
    lines += file.lines;
    bytes += Buffer.byteLength(file.text);
  }
  return { dir, files: count, lines, bytes };
}

/** 1, 2, 4, … up to every core, and every core itself. */
export function jobCounts(cores = defaultJobs()): number[] {
  const out: number[] = [];
  for (let j = 1; j < cores; j *= 2) out.push(j);
  out.push(cores);
  return out;
}

export interface CliRun {
  jobs: number;
  wallMs: Samples;
  filesPerSec: number;
  linesPerSec: number;
  /** wall(1 job) / wall(this many). */
  speedUp: number;
}

export interface CliThroughputResult {
  files: number;
  lines: number;
  megabytes: number;
  command: string;
  runs: CliRun[];
}

function runCheck(cli: string, dir: string, jobs: number): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '--jobs', String(jobs), dir], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // 0: clean, 1: error-severity findings (the generator plants a few); anything else is a failure.
  if (res.status !== 0 && res.status !== 1) throw new Error(`locklens check --jobs ${jobs} exited with ${res.status}: ${res.stderr}`);
  return { ms, stdout: res.stdout };
}

export function measureCliThroughput(cli: string, corpus: Corpus, repeats: number, jobs = jobCounts()): CliThroughputResult {
  // One warm-up run fills the page cache and checks the output is whole.
  const report = JSON.parse(runCheck(cli, corpus.dir, jobs[jobs.length - 1]).stdout) as { files: unknown[] };
  if (report.files.length !== corpus.files) throw new Error(`expected ${corpus.files} files in the report, got ${report.files.length}`);
  const runs: CliRun[] = [];
  for (const j of jobs) {
    const xs: number[] = [];
    for (let i = 0; i < repeats; i++) xs.push(runCheck(cli, corpus.dir, j).ms);
    const wallMs = summarize(xs);
    runs.push({
      jobs: j,
      wallMs,
      filesPerSec: corpus.files / (wallMs.median / 1000),
      linesPerSec: corpus.lines / (wallMs.median / 1000),
      speedUp: 0,
    });
  }
  for (const run of runs) run.speedUp = runs[0].wallMs.median / run.wallMs.median;
  return {
    files: corpus.files,
    lines: corpus.lines,
    megabytes: corpus.bytes / (1024 * 1024),
    command: `node dist/cli.js check --format json --jobs N DIR`,
    runs,
  };
}
