/**
 * The motivating case on the real kernel: Linux 6.12's kernel/pid.c predates
 * "pid: only take pidmap_lock once on alloc", so alloc_pid() still takes
 * pidmap_lock once per namespace level and once more to publish the pid.
 * Read from the corpus cache (Debian's linux-source-6.12); skipped without it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { checkJson } from '../cli/cliHarness';
import { CACHE_DIR, corpusPath, corpusSkipReason } from './linuxSource';

const skipReason = corpusSkipReason();
const OPTS = skipReason ? { skip: skipReason } : {};
const PID_C = 'kernel/pid.c';

/** 1-based lines, within the function starting at `header`, of the lines containing `needle`. */
function linesIn(header: string, needle: string): number[] {
  const lines = fs.readFileSync(corpusPath(PID_C), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  assert.ok(start >= 0, `${header} not in ${PID_C}`);
  const out: number[] = [];
  for (let i = start; i < lines.length && !(i > start && lines[i].startsWith('}')); i++) if (lines[i].includes(needle)) out.push(i + 1);
  return out;
}

let cached: any;
/** pid.c checked once by the CLI, with kernel-relative paths (run from the cache). */
function pidReport(): any {
  if (!cached) {
    const { run, report } = checkJson([PID_C], CACHE_DIR);
    assert.equal(run.status, 0, `no error-severity finding expected: ${run.stdout.slice(0, 500)} ${run.stderr}`);
    cached = report;
  }
  return cached;
}

const lockOf = (fn: string, lock = 'pidmap_lock') => {
  const f = pidReport().files[0].functions.find((x: any) => x.name === fn);
  assert.ok(f, `${fn} analysed`);
  return f.locks.find((l: any) => l.lock === lock);
};

test('6.12 alloc_pid: pidmap_lock ns->level + 2 times, twice on the common path, back to back', OPTS, () => {
  const lock = lockOf('alloc_pid');
  assert.ok(lock, 'pidmap_lock reported for alloc_pid');
  assert.equal(lock.kind, 'spinlock');
  assert.equal(lock.acquiresFormula, 'ns->level + 2');
  assert.equal(lock.acquiresOnCommonPath, 2, 'one level (the init namespace) + the publish');
  assert.equal(lock.backToBack, true);
  assert.equal(lock.heldAtReturn, false);

  const takes = linesIn('struct pid *alloc_pid(', 'spin_lock_irq(&pidmap_lock);');
  const drops = linesIn('struct pid *alloc_pid(', 'spin_unlock_irq(&pidmap_lock);');
  const b2b = pidReport().files[0].diagnostics.filter((d: any) => d.code === 'lock/back-to-back');
  assert.equal(b2b.length, 1, JSON.stringify(b2b));
  assert.equal(b2b[0].function, 'alloc_pid');
  assert.equal(b2b[0].severity, 'information');
  assert.equal(b2b[0].line, takes[1], 'at the publishing acquire');
  assert.ok(b2b[0].related.some((r: any) => r.line === drops[0]), 'related: the release inside the allocation loop');
});

test('6.12 free_pid and disable_pid_allocation: pidmap_lock once each', OPTS, () => {
  for (const fn of ['free_pid', 'disable_pid_allocation']) {
    const lock = lockOf(fn);
    assert.ok(lock, `pidmap_lock reported for ${fn}`);
    assert.equal(lock.acquiresOnCommonPath, 1, fn);
    assert.equal(lock.acquiresMax, 1, fn);
    assert.equal(lock.backToBack, false, fn);
    assert.equal(lock.heldAtReturn, false, fn);
  }
});

test('6.12 kernel/pid.c: no error-severity finding, and no IDR finding in alloc_pid (one allocation per preload)', OPTS, () => {
  const diags = pidReport().files[0].diagnostics;
  assert.deepEqual(diags.filter((d: any) => d.severity === 'error'), []);
  assert.deepEqual(diags.filter((d: any) => d.function === 'alloc_pid' && d.code.startsWith('idr/')), []);
});
