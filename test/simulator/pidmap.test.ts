/**
 * The pidmap samples in the model kernel: same results under every fault plan,
 * the post-patch -ENOMEM retry, and broken variants caught with a trace.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Exec } from '../../server/src/simulator/exec';
import { runScenario } from '../../server/src/simulator/simulate';
import { defaultScenario, faultPlans, type FaultPlan } from '../../server/src/simulator/scenario';
import type { Program } from '../../server/src/simulator/program';
import { edited, programOf, sample } from './helpers';

function sweep(program: Program, level: number, plans: FaultPlan[] = faultPlans(level)) {
  return plans.map((plan) => {
    const x = new Exec();
    const outcome = runScenario(program, defaultScenario(level, plan), x);
    return { outcome, x };
  });
}

test('before and after give the same results, with every invariant held, under every fault plan', async () => {
  const before = await programOf(sample('pid_before.c').text, 'pid_before.c');
  const after = await programOf(sample('pid_after.c').text, 'pid_after.c');
  for (const level of [0, 1, 2, 3]) {
    const a = sweep(before, level);
    const b = sweep(after, level);
    assert.equal(a.length, b.length);
    for (let i = 0; i < a.length; i++) {
      const plan = `${a[i].outcome.plan} at level ${level}`;
      assert.equal(b[i].outcome.outcome, a[i].outcome.outcome, plan);
      assert.ok(a[i].outcome.invariantsHeld, `before: ${plan}: ${JSON.stringify(a[i].x.violations[0]?.message)}`);
      assert.ok(b[i].outcome.invariantsHeld, `after: ${plan}: ${JSON.stringify(b[i].x.violations[0]?.message)}`);
    }
    // The sweep really exercises failures as well as successes.
    const outcomes = new Set(a.map((r) => r.outcome.outcome.replace(/\[.*\]/, '[]')));
    for (const o of ['pid []', 'ERR_PTR(-ENOMEM)', 'ERR_PTR(-EAGAIN)', 'ERR_PTR(-EEXIST)', 'ERR_PTR(-EINVAL)', 'ERR_PTR(-EPERM)']) {
      assert.ok(outcomes.has(o), `level ${level} produced ${o}`);
    }
  }
});

test('the post-patch version retries -ENOMEM once per level; the pre-patch one preloads per level', async () => {
  const before = await programOf(sample('pid_before.c').text);
  const after = await programOf(sample('pid_after.c').text);
  const tight: FaultPlan = { name: 'tight-atomic', description: '', tightAtomic: true };
  for (const level of [0, 1, 2, 3]) {
    const [b] = sweep(before, level, [tight]);
    const [a] = sweep(after, level, [tight]);
    assert.match(a.outcome.outcome, /^pid \[/);
    assert.equal(a.outcome.outcome, b.outcome.outcome);
    // One preload up front, and one retry for each level beyond the first allocation.
    assert.equal(a.outcome.preloads, 1 + level, `after, level ${level}`);
    assert.equal(b.outcome.preloads, level + 2, `before, level ${level}`);
  }
  // When memory does not come back, the retry happens once and the call fails cleanly.
  const oom: FaultPlan = { name: 'oom-from-2', description: '', failFromRequest: 2 };
  const [a] = sweep(after, 0, [oom]);
  assert.equal(a.outcome.outcome, 'ERR_PTR(-ENOMEM)');
  assert.equal(a.outcome.preloads, 2);
  assert.ok(a.outcome.invariantsHeld);
});

test('an error path that forgets idr_remove is caught, with the lines that led to it', async () => {
  const text = edited(
    sample('pid_after.c').text,
    `	while (++i <= ns->level) {
		upid = pid->numbers + i;
		idr_remove(&upid->ns->idr, upid->nr);
	}`,
    '',
  );
  const program = await programOf(text);
  const results = sweep(program, 1);
  const leaky = results.find((r) => r.outcome.plan === 'exhausted-level-0')!;
  assert.equal(leaky.outcome.invariantsHeld, false);
  const v = leaky.x.violations.find((w) => w.invariant === 'no-id-leak');
  assert.ok(v, JSON.stringify(leaky.x.violations.map((w) => w.message)));
  assert.match(v.message, /level 1: id 300 allocated by the failed call was never removed/);
  // The trace shows the allocation that leaked and the failing one.
  const lines = v.trace.map((t) => `${t.text} ${t.events.join(' ')}`).join('\n');
  assert.match(lines, /idr_alloc_cyclic\(pid namespace level 1\) → 300/);
  assert.match(lines, /idr_alloc_cyclic.*-ENOSPC/);
  assert.match(lines, /goto out_free/);
  // The common path is still fine: only the fault plans find it.
  assert.ok(results.find((r) => r.outcome.plan === 'none')!.outcome.invariantsHeld);
});

test('returning with the lock held is caught with a trace', async () => {
  const text = edited(
    sample('pid_after.c').text,
    `	if (unlikely(!(ns->pid_allocated & PIDNS_ADDING)))
		goto out_free;`,
    `	if (unlikely(!(ns->pid_allocated & PIDNS_ADDING)))
		return ERR_PTR(-ENOMEM);`,
  );
  const program = await programOf(text);
  const [r] = sweep(program, 0, [{ name: 'ns-dying', description: '', nsDying: true }]);
  const v = r.x.violations.find((w) => w.invariant === 'locks-released');
  assert.ok(v);
  assert.match(v.message, /pidmap_lock \(taken on line \d+\)/);
  assert.ok(r.x.violations.some((w) => w.invariant === 'preload-closed'));
  assert.ok(r.x.violations.some((w) => w.invariant === 'no-id-leak'));
  assert.ok(v.trace.some((t) => /return ERR_PTR\(-ENOMEM\)/.test(t.text)));
  assert.ok(v.trace.some((t) => t.events.some((e) => /spin_lock\(pidmap_lock\)/.test(e))));
});

test('taking pidmap_lock twice is a self-deadlock, reported and not hung on', async () => {
  const text = edited(sample('pid_after.c').text, '	pidfs_add_pid(pid);', '	spin_lock(&pidmap_lock);\n	pidfs_add_pid(pid);');
  const program = await programOf(text);
  const [r] = sweep(program, 0, [{ name: 'none', description: '' }]);
  assert.match(r.outcome.outcome, /^aborted: spin_lock\(pidmap_lock\) on line \d+ while it is already held/);
  assert.ok(r.x.violations.some((v) => v.invariant === 'lock-discipline'));
});
