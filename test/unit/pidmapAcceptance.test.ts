/**
 * Issue acceptance on our rebuilt pidmap samples: the pre-patch alloc_pid takes
 * pidmap_lock ns->level + 2 times with a back-to-back re-acquire; the post-patch
 * one once; neither has an error; removing the post-patch -ENOMEM retry makes
 * its loop of GFP_ATOMIC allocations under one preload a warning.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createCParser, type Parser } from '../../server/src/parsing/parser';
import { analyzeText } from '../../server/src/analysis/analyzeFile';

const SAMPLES = path.resolve(__dirname, '../../../samples/pidmap');
const read = (f: string) => fs.readFileSync(path.join(SAMPLES, f), 'utf8');
let parser: Parser;
before(async () => {
  parser = await createCParser();
});

const lockOf = (text: string, fn: string) => {
  const r = analyzeText(parser, 'x.c', text);
  return { report: r, lock: r.functions.find((f) => f.name === fn)?.locks.find((l) => l.lock === 'pidmap_lock') };
};

test('before: alloc_pid takes pidmap_lock ns->level + 2 times, back to back, and no error anywhere', () => {
  const { report, lock } = lockOf(read('pid_before.c'), 'alloc_pid');
  assert.equal(lock?.acquiresOnCommonPath, 2);
  assert.equal(lock?.acquiresFormula, 'ns->level + 2');
  assert.equal(lock?.backToBack, true);
  assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), []);
  const b2b = report.findings.filter((f) => f.code === 'lock/back-to-back');
  assert.equal(b2b.length, 1);
  assert.match(b2b[0].message, /^pidmap_lock is taken 2 times per call on the common path \(ns->level \+ 2 in general\)/);
  // The preload between the sections may sleep: that is what kept them apart.
  assert.match(b2b[0].message, /idr_preload\(\) with GFP_KERNEL may sleep/);
});

test('after: alloc_pid takes pidmap_lock once on the common path; the retry re-acquire is off it; no error', () => {
  const { report, lock } = lockOf(read('pid_after.c'), 'alloc_pid');
  assert.equal(lock?.acquiresOnCommonPath, 1);
  assert.equal(lock?.acquiresFormula, null);
  assert.equal(lock?.backToBack, false);
  assert.equal(lock?.acquiresMax, null, 'the retry loop can take it again');
  assert.deepEqual(report.findings, []);
  const fn = report.functions.find((f) => f.name === 'alloc_pid')!;
  const acquires = fn.sites.filter((s) => s.op === 'acquire');
  assert.deepEqual(acquires.map((s) => s.commonPathIndex), [1, null]);
});

test('after, without its -ENOMEM retry: several GFP_ATOMIC allocations under one preload', () => {
  const text = read('pid_after.c');
  const start = text.indexOf('if (nr == -ENOMEM && !retried_preload) {');
  const end = text.indexOf('retval = nr;', start);
  assert.ok(start > 0 && end > start);
  const { report } = lockOf(text.slice(0, start) + text.slice(end), 'alloc_pid');
  const multi = report.findings.filter((f) => f.code === 'idr/multiple-allocs-per-preload');
  assert.ok(multi.length >= 1, JSON.stringify(report.findings));
  assert.ok(multi.every((f) => f.severity === 'warning' && f.function === 'alloc_pid'));
  assert.ok(multi[0].related.some((r) => /preload/.test(r.message)));
  assert.deepEqual(report.findings.filter((f) => f.code !== 'idr/multiple-allocs-per-preload'), []);
});

test('the count follows the namespace depth: a deeper default is not assumed, the formula carries it', () => {
  const { lock } = lockOf(read('pid_before.c'), 'free_pid');
  assert.equal(lock?.acquiresOnCommonPath, 1);
  assert.equal(lock?.acquiresFormula, null, 'the free loop runs under one acquire');
});

test('what pidmap_lock protects in alloc_pid: the namespaces\' IDRs and pid_allocated, not its locals', () => {
  const { lock } = lockOf(read('pid_after.c'), 'alloc_pid');
  assert.ok(lock?.writes?.includes('tmp->idr'), JSON.stringify(lock?.writes));
  assert.ok(lock?.writes?.includes('upid->ns->pid_allocated'), JSON.stringify(lock?.writes));
  assert.ok(!lock?.writes?.some((w) => /^(nr|i|tmp|retval|retried_preload)$/.test(w)), JSON.stringify(lock?.writes));
});
