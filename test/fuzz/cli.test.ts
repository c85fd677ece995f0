/**
 * The built CLI (`dist/cli.js check`) on a directory of generated bad files plus
 * one good file: it exits 0 or 1 (never crashes, never an internal error), its
 * JSON keeps the contract, every file is reported once, the good file is still
 * analysed, and in-thread and worker-thread runs print the same report.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { AFTER, REPO_ROOT, assertContractShape, cli, tempDir, type CliRun } from '../cli/cliHarness';
import { FUZZ_SEED, fuzzCases, fuzzRuns, seedNote } from './fuzzPlan';
import { Rng } from './random';

const runs = fuzzRuns(24);

/** Fails with the seed, the directory holding the inputs and what the CLI printed. */
function explain(dir: string, run: CliRun, labels: string[]): string {
  return `LOCKLENS_FUZZ_SEED=${FUZZ_SEED}; inputs kept in ${dir} (${labels.length} cases: see labels.txt there)\n` +
    `status ${run.status}, signal ${run.signal}\nstderr: ${run.stderr.slice(0, 2000)}`;
}

test(`check on generated bad files: exit 0 or 1, the contract, every file reported once (${seedNote(runs)})`, { timeout: 600_000 }, () => {
  const dir = tempDir('fuzz');
  const cases = fuzzCases('cli', runs);
  const labels = cases.map((c, i) => `case-${String(i).padStart(4, '0')}.c: ${c.label}`);
  cases.forEach((c, i) => fs.writeFileSync(path.join(dir, `case-${String(i).padStart(4, '0')}.c`), c.bytes));
  fs.writeFileSync(path.join(dir, 'labels.txt'), `${labels.join('\n')}\n`);
  fs.copyFileSync(path.join(REPO_ROOT, AFTER), path.join(dir, 'zz_good.c'));

  const workers = cli(['check', '--format', 'json', '--jobs', '2', dir]);
  const why = explain(dir, workers, labels);
  assert.equal(workers.signal, null, why);
  assert.ok(workers.status === 0 || workers.status === 1, why);
  const report = JSON.parse(workers.stdout);
  assertContractShape(report);
  assert.deepEqual(report.errors, [], why);
  assert.doesNotMatch(workers.stderr, /internal error|crashed|did not finish/, why);
  const reported = report.files.map((f: { path: string }) => path.basename(f.path)).sort();
  assert.deepEqual(reported, [...cases.map((_, i) => `case-${String(i).padStart(4, '0')}.c`), 'zz_good.c'].sort(), 'every file reported once');
  const good = report.files.find((f: { path: string }) => f.path.endsWith('zz_good.c'));
  assert.ok(good.functions.some((f: { name: string }) => f.name === 'alloc_pid'), 'the good file is still analysed');
  const hasError = report.files.some((f: { diagnostics: Array<{ severity: string }> }) => f.diagnostics.some((d) => d.severity === 'error'));
  assert.equal(workers.status, hasError ? 1 : 0, 'exit 1 exactly when an error-severity diagnostic was reported');

  const inThread = cli(['check', '--format', 'json', '--jobs', '1', dir]);
  assert.equal(inThread.status, workers.status, explain(dir, inThread, labels));
  assert.equal(inThread.stdout, workers.stdout, 'in-thread and worker runs print the same report');

  const sarif = cli(['check', '--format', 'sarif', dir]);
  assert.equal(sarif.status, workers.status, explain(dir, sarif, labels));
  assert.equal(JSON.parse(sarif.stdout).version, '2.1.0');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a file of random bytes is skipped as not C text (parsing 1 MiB of it took the parser over half a minute)', () => {
  const dir = tempDir('junk');
  const junk = randomJunk(1024 * 1024);
  fs.writeFileSync(path.join(dir, 'junk.c'), junk);
  fs.copyFileSync(path.join(REPO_ROOT, AFTER), path.join(dir, 'good.c'));
  const run = cli(['check', '--format', 'json', dir]);
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout);
  assert.match(report.files.find((f: { path: string }) => f.path.endsWith('junk.c')).skipped, /^not C text \(\d+% of the first 64 KiB are control or undecodable characters\)$/);
  assert.ok(report.files.find((f: { path: string }) => f.path.endsWith('good.c')).functions.length > 0);
  const text = cli(['check', path.join(dir, 'junk.c')]);
  assert.match(text.stdout, /junk\.c: note: not analysed: not C text/);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Random bytes without NUL (a NUL would make it a binary file, skipped for another reason). */
function randomJunk(n: number): Buffer {
  const rng = new Rng(FUZZ_SEED);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = rng.int(255) + 1;
  return b;
}
