/**
 * The CLI's reports on the motivating case and the fixtures: what the engine must
 * find. `todo` while the engine reports no lock facts at all; enforced once it does.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { AFTER, BEFORE, FIXTURES, REPO_ROOT, assertContractShape, checkJson, cli, engineReportsLocks, tempDir } from './cliHarness';

const ENGINE = engineReportsLocks() ? {} : { todo: 'needs lock facts from the analysis engine' };

/** 1-based lines of every line containing `needle` within `fn`'s definition. */
function linesIn(file: string, fnHeader: string, needle: string): number[] {
  const lines = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes(fnHeader));
  const out: number[] = [];
  for (let i = start; i < lines.length && !(i > start && lines[i].startsWith('}')); i++) if (lines[i].includes(needle)) out.push(i + 1);
  return out;
}

const fnIn = (report: any, file: string, name: string) =>
  report.files.find((f: any) => f.path === file).functions.find((f: any) => f.name === name);

test('pid_before: alloc_pid takes pidmap_lock twice on the common path, ns->level + 2 in general, back to back', ENGINE, () => {
  const { run, report } = checkJson([BEFORE]);
  assert.equal(run.status, 0, 'information diagnostics do not fail the check');
  assertContractShape(report);
  const lock = fnIn(report, BEFORE, 'alloc_pid').locks.find((l: any) => l.lock === 'pidmap_lock');
  assert.ok(lock, 'pidmap_lock reported');
  assert.equal(lock.kind, 'spinlock');
  assert.equal(lock.acquiresOnCommonPath, 2);
  assert.equal(lock.acquiresFormula, 'ns->level + 2');
  assert.equal(lock.backToBack, true);
  assert.equal(lock.heldAtReturn, false);
  const [firstLock, secondLock] = linesIn(BEFORE, 'struct pid *alloc_pid(', 'spin_lock(&pidmap_lock);');
  const [firstUnlock] = linesIn(BEFORE, 'struct pid *alloc_pid(', 'spin_unlock(&pidmap_lock);');
  assert.ok(lock.regions.some((r: any) => r.startLine <= firstLock + 1 && r.endLine >= firstUnlock - 1), 'the allocation region');
  assert.ok(lock.regions.some((r: any) => r.startLine <= secondLock + 1 && r.endLine > secondLock), 'the publish region');

  const b2b = report.files[0].diagnostics.filter((d: any) => d.code === 'lock/back-to-back');
  assert.equal(b2b.length, 1);
  assert.equal(b2b[0].severity, 'information');
  assert.equal(b2b[0].function, 'alloc_pid');
  assert.equal(b2b[0].line, secondLock);
  assert.ok(b2b[0].related.some((r: any) => r.line === firstUnlock), 'related: where it was released');
});

test('pid_before: free_pid holds pidmap_lock once over the loop', ENGINE, () => {
  const { report } = checkJson([BEFORE]);
  const lock = fnIn(report, BEFORE, 'free_pid').locks.find((l: any) => l.lock === 'pidmap_lock');
  assert.equal(lock.acquiresOnCommonPath, 1);
  assert.equal(lock.acquiresMax, 1);
  assert.equal(lock.backToBack, false);
  const [take] = linesIn(BEFORE, 'void free_pid(', 'spin_lock_irqsave');
  const [drop] = linesIn(BEFORE, 'void free_pid(', 'spin_unlock_irqrestore');
  assert.deepEqual(lock.regions.map((r: any) => [r.startLine <= take + 1, r.endLine >= drop - 1]), [[true, true]]);
});

test('pid_after: alloc_pid takes pidmap_lock once, and nothing is reported back to back', ENGINE, () => {
  const { run, report } = checkJson([AFTER]);
  assert.equal(run.status, 0);
  const lock = fnIn(report, AFTER, 'alloc_pid').locks.find((l: any) => l.lock === 'pidmap_lock');
  assert.equal(lock.acquiresOnCommonPath, 1);
  assert.equal(lock.backToBack, false);
  assert.deepEqual(report.files[0].diagnostics.filter((d: any) => d.code === 'lock/back-to-back'), []);
});

test('a double acquire is an error: exit 1, GCC-style line at the second acquire', ENGINE, () => {
  const file = path.join(FIXTURES, 'double_lock.c');
  const run = cli(['check', file]);
  assert.equal(run.status, 1, run.stdout + run.stderr);
  const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('expect: lock/double-acquire')) + 1;
  assert.match(run.stdout, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:2: error: .+ \\[lock/double-acquire\\]$`, 'm'));
});

test('correct locking stays silent', ENGINE, () => {
  const { run, report } = checkJson([path.join(FIXTURES, 'clean_counter.c'), path.join(FIXTURES, 'helpers.h')]);
  assert.equal(run.status, 0);
  assert.deepEqual(report.files.flatMap((f: any) => f.diagnostics), []);
  const next = report.files[0].functions.find((f: any) => f.name === 'counter_next');
  assert.equal(next.locks[0].lock, 'counter_lock', 'the lock name is normalised (no &)');
});

test('severity overrides from --config: back-to-back as error fails the check; off removes it', ENGINE, () => {
  const dir = tempDir('severity');
  const asError = path.join(dir, 'error.json');
  fs.writeFileSync(asError, JSON.stringify({ 'locklens.severity': { 'lock/back-to-back': 'error' } }));
  const { run, report } = checkJson(['--config', asError, BEFORE]);
  assert.equal(run.status, 1);
  assert.ok(report.files[0].diagnostics.some((d: any) => d.code === 'lock/back-to-back' && d.severity === 'error'));
  const off = path.join(dir, 'off.json');
  fs.writeFileSync(off, JSON.stringify({ locklens: { severity: { 'lock/back-to-back': 'off' } } }));
  const quiet = checkJson(['--config', off, BEFORE]);
  assert.deepEqual(quiet.report.files[0].diagnostics.filter((d: any) => d.code === 'lock/back-to-back'), []);
});

test('demo: the readable report shows the lock, its counts and the back-to-back finding', ENGINE, () => {
  const run = cli(['demo', 'samples/pidmap']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /pidmap_lock \(spinlock\)/);
  assert.match(run.stdout, /acquires: ×2 on the common path, ns->level \+ 2 in general/);
  assert.match(run.stdout, /\[lock\/back-to-back\]/);
});
