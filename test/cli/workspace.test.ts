/**
 * `check` treats the files it is given as one workspace: a call into another
 * of them counts that function's locks and sleeps (test/fixtures/workspace:
 * b.c calls a.c's pool). A file given alone knows nothing of the others.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, assertContractShape, checkJson, cli } from './cliHarness';

const DIR = 'test/fixtures/workspace';
const A = `${DIR}/pool/a.c`;
const B = `${DIR}/pool/b.c`;
const C = `${DIR}/other/c.c`;

/** 1-based lines of `/* expect: code *\/` markers in `file`, as `line code`. */
function expected(file: string): string[] {
  return fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n')
    .flatMap((line, i) => [...line.matchAll(/\/\* expect: ([a-z]+\/[a-z-]+) \*\//g)].map((m) => `${i + 1} ${m[1]}`));
}

const fileIn = (report: any, file: string) => report.files.find((f: any) => f.path === file);
const fnIn = (report: any, file: string, name: string) => fileIn(report, file).functions.find((f: any) => f.name === name);

test('a.c and b.c together: b.c gets the sleep-in-atomic findings its markers expect, a.c none', () => {
  const { run, report } = checkJson([A, B]);
  assertContractShape(report);
  assert.equal(run.status, 1, 'error-severity findings');
  assert.deepEqual(fileIn(report, A).diagnostics, []);
  const b = fileIn(report, B).diagnostics;
  assert.deepEqual(b.map((d: any) => `${d.line} ${d.code}`), expected(B));
  assert.match(b[0].message, /^pool_grow\(\) may sleep \(kmalloc\(\) with GFP_KERNEL/);
  assert.match(b[1].message, /^pool_wait_idle\(\) may sleep .* pool_lock/);
  assert.deepEqual(b[1].related.map((r: any) => r.message), ['atomic context begins here (pool_lock_all())']);
});

test('a.c and b.c together: the loop over pool_release_one() takes pool_lock n times', () => {
  const { report } = checkJson([A, B]);
  const lock = fnIn(report, B, 'pool_release_many').locks.find((l: any) => l.lock === 'pool_lock');
  assert.ok(lock, 'pool_lock counted in the caller');
  assert.equal(lock.acquiresOnCommonPath, 1);
  assert.equal(lock.acquiresMax, null);
  assert.equal(lock.acquiresFormula, 'n');
  // b.c's own static pool_flush() is the one stats_reset() calls: a.c's sleeping one is not confused with it.
  assert.equal(fnIn(report, B, 'stats_reset').maySleep, false);
  // a.c's pool_trim() is static: b.c's call is to some other pool_trim().
  assert.equal(fnIn(report, B, 'stats_trim').maySleep, false);
});

test('b.c given alone stays silent about the calls into a.c', () => {
  const { run, report } = checkJson([B]);
  assert.equal(run.status, 0);
  assert.deepEqual(fileIn(report, B).diagnostics, []);
  assert.deepEqual(fnIn(report, B, 'pool_release_many').locks, []);
});

test('a second non-static pool_grow() (c.c) makes the name ambiguous: only the pool_wait_idle() finding is left', () => {
  const { report } = checkJson([A, B, C]);
  const lines = fileIn(report, B).diagnostics.map((d: any) => `${d.line} ${d.code}`);
  assert.deepEqual(lines, expected(B).filter((e) => !fs.readFileSync(path.join(REPO_ROOT, B), 'utf8').split('\n')[Number(e.split(' ')[0]) - 1].includes('pool_grow')));
  assert.equal(lines.length, 1);
});

test('--jobs 2 prints the same report as --jobs 1, and --verbose reports both passes', () => {
  const one = cli(['check', '--format', 'json', '--jobs', '1', A, B, C]);
  const two = cli(['check', '--format', 'json', '--jobs', '2', '--verbose', A, B, C]);
  assert.equal(two.stdout, one.stdout);
  assert.match(two.stderr, /on 2 worker threads/);
  assert.match(two.stderr, /pass 1 \(each file alone\) \d+ ms; pass 2 \(1 file calling one of \d+ workspace summaries\) \d+ ms/);
});
