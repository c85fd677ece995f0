/**
 * One bad file never stops the others: analyses that throw, crash their worker
 * or hang (test-only faults, LOCKLENS_FAULT_INJECTION=1) become errors for
 * that file, exit 2, and every other file is still reported.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { AFTER, REPO_ROOT, assertContractShape, cli, tempDir } from './cliHarness';

const FAULTS = { LOCKLENS_FAULT_INJECTION: '1', LOCKLENS_JOB_TIME_LIMIT_MS: '3000' };
const good = fs.readFileSync(path.join(REPO_ROOT, AFTER), 'utf8');

function treeWith(faults: string[]): string {
  const dir = tempDir('faults');
  faults.forEach((f, i) => fs.writeFileSync(path.join(dir, `bad${i}_${f}.c`), `/*locklens:${f}*/\n${good}`));
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(dir, `good${i}.c`), good);
  return dir;
}

test('on worker threads: a throw, a crash and a hang each fail only their file; the worker is replaced', () => {
  const dir = treeWith(['throw', 'crash', 'hang']);
  const run = cli(['check', '--format', 'json', '--jobs', '2', dir], REPO_ROOT, FAULTS);
  assert.equal(run.status, 2, run.stderr);
  const report = JSON.parse(run.stdout);
  assertContractShape(report);
  assert.deepEqual(report.files.map((f: { path: string }) => path.basename(f.path)), ['good0.c', 'good1.c', 'good2.c', 'good3.c']);
  for (const f of report.files) assert.ok(f.functions.some((fn: { name: string }) => fn.name === 'alloc_pid'));
  const errors = Object.fromEntries(report.errors.map((e: { path: string; message: string }) => [path.basename(e.path), e.message]));
  assert.match(errors['bad0_throw.c'], /internal error analysing .*bad0_throw\.c: injected fault/);
  assert.match(errors['bad1_crash.c'], /analysis of .*bad1_crash\.c crashed its worker/);
  assert.match(errors['bad2_hang.c'], /analysis of .*bad2_hang\.c did not finish within 3 s/);
  assert.equal(Object.keys(errors).length, 3);
  for (const name of Object.keys(errors)) assert.ok(run.stderr.includes(name), `stderr names ${name}`);
});

test('in this thread: a throwing analysis fails only its file', () => {
  const dir = treeWith(['throw']);
  const run = cli(['check', '--format', 'json', '--jobs', '1', dir], REPO_ROOT, FAULTS);
  assert.equal(run.status, 2);
  const report = JSON.parse(run.stdout);
  assert.equal(report.files.length, 4);
  assert.equal(report.errors.length, 1);
  assert.match(run.stderr, /bad0_throw\.c: injected fault: analysis threw/);
});

test('without LOCKLENS_FAULT_INJECTION the markers are ordinary comments', () => {
  const dir = treeWith(['throw', 'crash', 'hang']);
  const run = cli(['check', '--format', 'json', '--jobs', '2', dir]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout).files.length, 7);
});
