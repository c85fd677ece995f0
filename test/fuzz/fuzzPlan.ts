/**
 * How many cases each fuzzer runs and from which seed, and how a failure is
 * reported so it can be reproduced.
 *
 *   LOCKLENS_FUZZ_RUNS=N     cases per fuzzer (default: a few dozen to a few hundred, so `npm test` stays fast)
 *   LOCKLENS_FUZZ_SEED=S     base seed (default fixed; `random` picks one, printed in each test's name)
 *   LOCKLENS_FUZZ_SCALE=F    size of the extremes, 0 < F <= 1 (default 0.05, or 1 when LOCKLENS_FUZZ_RUNS is set):
 *                            1 is 10,000-deep statements, 1 MB lines, 5,000 cases
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateCase, type FuzzCase } from './generate';
import { deriveSeed } from './random';

const DEFAULT_SEED = 20_260_101;

function parseSeed(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`LOCKLENS_FUZZ_SEED must be an integer or 'random', got '${raw}'`);
  return n >>> 0;
}

export const FUZZ_SEED = parseSeed(process.env.LOCKLENS_FUZZ_SEED);

/** Cases for one fuzzer: LOCKLENS_FUZZ_RUNS when set, else `defaultRuns`. */
export function fuzzRuns(defaultRuns: number): number {
  const raw = process.env.LOCKLENS_FUZZ_RUNS;
  if (raw === undefined || raw === '') return defaultRuns;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`LOCKLENS_FUZZ_RUNS must be a positive integer, got '${raw}'`);
  return n;
}

/** True for a long run (LOCKLENS_FUZZ_RUNS set): the extremes at full size, the known-slow cases too. */
export const LONG_RUN = (process.env.LOCKLENS_FUZZ_RUNS ?? '') !== '';

/** Scale of the extremes (see the module comment). */
export function fuzzScale(): number {
  const raw = process.env.LOCKLENS_FUZZ_SCALE;
  if (raw === undefined || raw === '') return LONG_RUN ? 1 : 0.05;
  const f = Number(raw);
  if (!(f > 0 && f <= 1)) throw new Error(`LOCKLENS_FUZZ_SCALE must be in (0, 1], got '${raw}'`);
  return f;
}

/** The `runs` cases of one fuzzer: each from its own seed, derived from the base seed and the fuzzer's name. */
export function fuzzCases(target: string, runs: number): FuzzCase[] {
  return Array.from({ length: runs }, (_, i) => generateCase(deriveSeed(FUZZ_SEED, target, i)));
}

/** Shown in test names, so every run says how to repeat it. */
export function seedNote(runs: number): string {
  return `${runs} cases, LOCKLENS_FUZZ_SEED=${FUZZ_SEED}`;
}

let failureDir: string | null = null;

/** Saves a failing input and says how to reproduce it; `err` is rethrown with that context by the caller. */
export function describeCaseFailure(target: string, c: FuzzCase, err: unknown): Error {
  failureDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'locklens-fuzz-'));
  const file = path.join(failureDir, `${target}-${fs.readdirSync(failureDir).length}.c`);
  fs.writeFileSync(file, c.bytes);
  const detail = err instanceof Error ? err.stack ?? err.message : String(err);
  return new Error(
    `${target} failed on ${c.label}\n` +
    `  reproduce: LOCKLENS_FUZZ_SEED=${FUZZ_SEED} (generateCase(<case seed>) in test/fuzz/generate.ts rebuilds this input)\n` +
    `  input saved to ${file}\n${detail}`,
  );
}
