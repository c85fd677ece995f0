/**
 * The contention simulation: calibration to the seed's figures, determinism,
 * degrading on unknown code, step limits, nesting limits, the CLI and the worker.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { simulateProgram, simulateSource, SimulationInputError, type SimulationOptions } from '../../server/src/simulator/simulate';
import { simulateCommand } from '../../server/src/simulator/cli';
import { runSimulationInWorker, SimulationCancelled, SimulationRejected } from '../../server/src/simulator/runner';
import { getParser, programOf, repoRoot, sample } from './helpers';

const defaults: SimulationOptions = { functionName: 'alloc_pid', cpus: 20, nsLevel: 0, ops: 20_000, seed: 1, scalingCpus: [], faultSweep: false };

test('calibration: 20 CPUs, depth 0: before near 465k ops/s, after within 510k-560k, with or without false sharing', async () => {
  const parser = await getParser();
  const before = simulateSource(parser, sample('pid_before.c'), defaults);
  const after = simulateSource(parser, sample('pid_after.c'), defaults, sample('pid_before.c'));
  assert.ok(Math.abs(before.opsPerSec - 465_000) < 10_000, `before: ${before.opsPerSec}`);
  assert.ok(after.opsPerSec >= 510_000 && after.opsPerSec <= 560_000, `after: ${after.opsPerSec}`);
  const shared = simulateSource(parser, sample('pid_after.c'), { ...defaults, contention: { falseSharing: true } });
  assert.ok(shared.opsPerSec >= 510_000 && shared.opsPerSec < after.opsPerSec, `after with false sharing: ${shared.opsPerSec}`);
  // The ceiling is reported beside the result and never below it.
  assert.ok(before.ceilingOpsPerSec >= before.opsPerSec * 0.99);
  assert.equal(before.bottleneck, 'pidmap_lock');
  // pidmap_lock: ns->level + 2 acquires per alloc before (3 with free_pid), 2 after.
  const lock = (r: typeof before) => r.locks.find((l) => l.lock === 'pidmap_lock')!;
  assert.ok(Math.abs(lock(before).acquiresPerOp - 3) < 0.01);
  assert.ok(Math.abs(lock(after).acquiresPerOp - 2) < 0.01);
  assert.ok(lock(before).waitNs.p99 >= lock(before).waitNs.p50);
  // The comparison names the lock that explains the speed-up.
  assert.ok(after.speedup !== null && after.speedup > 1.08 && after.speedup < 1.25, `speedup ${after.speedup}`);
  assert.equal(after.comparison?.lock, 'pidmap_lock');
  assert.ok(after.invariants.every((i) => i.ok));
  assert.deepEqual(after.stubbed, []);
});

test('the scaling curve rises then flattens at the lock ceiling', async () => {
  const program = await programOf(sample('pid_before.c').text);
  const r = simulateProgram(program, { ...defaults, ops: 3000, scalingCpus: [1, 2, 4, 8, 16, 20, 32, 64] });
  const ops = r.scaling.map((s) => s.opsPerSec);
  assert.deepEqual(r.scaling.map((s) => s.cpus), [1, 2, 4, 8, 16, 20, 32, 64]);
  assert.ok(ops[1] > ops[0] * 1.6, `2 CPUs ${ops[1]} vs 1 CPU ${ops[0]}`);
  for (const s of r.scaling) assert.ok(s.opsPerSec <= s.ceilingOpsPerSec * 1.01 || s.cpus === 1);
  assert.ok(Math.abs(ops[7] - ops[5]) / ops[5] < 0.03, 'flat beyond the ceiling');
});

test('deterministic for a seed', async () => {
  const parser = await getParser();
  const a = simulateSource(parser, sample('pid_after.c'), { ...defaults, ops: 4000, seed: 7 });
  const b = simulateSource(parser, sample('pid_after.c'), { ...defaults, ops: 4000, seed: 7 });
  assert.deepEqual(a, b);
  const c = simulateSource(parser, sample('pid_after.c'), { ...defaults, ops: 4000, seed: 8 });
  assert.notDeepEqual(c.locks, a.locks);
});

test('an unknown function degrades: what was stubbed is listed, and it still runs', async () => {
  const program = await programOf(`
static DEFINE_SPINLOCK(stats_lock);
struct stats { int hits; };

int account(struct stats *s, int n)
{
	struct widget *w = lookup_widget(n);
	int ret;

	if (!w)
		return -ENOENT;
	spin_lock(&stats_lock);
	s->hits += n;
	ret = frobnicate(w, s->color);
	spin_unlock(&stats_lock);
	if (ret < 0)
		return ret;
	return 0;
}
`);
  const r = simulateProgram(program, { ...defaults, functionName: 'account', cpus: 4, ops: 2000, faultSweep: true });
  const names = r.stubbed.map((s) => `${s.kind}:${s.name}`);
  assert.ok(names.includes('unknown-call:lookup_widget'), names.join(', '));
  assert.ok(names.includes('unknown-call:frobnicate'));
  assert.ok(names.includes('unknown-field:argument s.color'));
  assert.ok(names.some((n) => n.startsWith('unknown-condition:')), 'the condition on frobnicate() followed the common path');
  assert.ok(r.opsPerSec > 0);
  assert.deepEqual(r.locks.map((l) => l.lock), ['stats_lock']);
  assert.equal(r.locks[0].acquiresPerOp, 1);
  assert.ok(r.invariants.every((i) => i.ok));
  // Exploring the uncommon side of unknown conditions takes the error path.
  assert.equal(r.scenarios.find((s) => s.plan === 'unknown-branches')?.outcome, '-ENOENT');
  assert.equal(r.scenarios.find((s) => s.plan === 'none')?.outcome, '0');
});

test('a run that does not end stops at the step limit and says so', async () => {
  const program = await programOf('int spin(int x)\n{\n\tfor (;;)\n\t\tx++;\n\treturn x;\n}\n');
  const r = simulateProgram(program, { ...defaults, functionName: 'spin', cpus: 2, ops: 10, budget: { stepLimit: 100_000 } });
  assert.match(r.stopped ?? '', /stopped at step limit/);
  const cancelled = simulateProgram(program, { ...defaults, functionName: 'spin', cpus: 2, ops: 10, budget: { shouldStop: () => true } });
  assert.match(cancelled.stopped ?? '', /cancelled/);
});

test('10,000-deep nesting is refused with a clear error, not a stack overflow', async () => {
  const depth = 10_000;
  const body = `${'{'.repeat(depth)} x++; ${'}'.repeat(depth)}`;
  const expr = `${'('.repeat(depth)}x${')'.repeat(depth)}`;
  for (const text of [`int deep(int x)\n{\n${body}\nreturn x;\n}\n`, `int deep(int x)\n{\nreturn ${expr};\n}\n`]) {
    const program = await programOf(text);
    assert.throws(() => simulateProgram(program, { ...defaults, functionName: 'deep' }), (err: unknown) => err instanceof SimulationInputError && /too deeply nested/.test(err.message));
  }
});

test('the CLI: usage errors exit 2 naming the problem; JSON carries the contract fields', async () => {
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const status = await simulateCommand(args, (s) => (out += s), { write: (s: string) => (err += s) });
    return { status, out, err };
  };
  const file = path.join(repoRoot(), 'samples', 'pidmap', 'pid_after.c');
  assert.match((await run([file])).err, /missing --function/);
  assert.equal((await run([file])).status, 2);
  assert.match((await run(['/nonexistent/file.c', '--function', 'f'])).err, /cannot read \/nonexistent\/file.c: ENOENT/);
  assert.match((await run([file, '--function', 'alloc_pid', '--cpus', 'many'])).err, /--cpus must be an integer/);
  assert.match((await run([file, '--function', 'no_such'])).err, /no function 'no_such'.*alloc_pid/);
  const ok = await run([file, '--function', 'alloc_pid', '--ops', '1000', '--cpus', '4', '--format', 'json', '--baseline', file.replace('after', 'before')]);
  assert.equal(ok.status, 0, ok.err);
  const json = JSON.parse(ok.out);
  assert.deepEqual(Object.keys(json).slice(0, 9), ['function', 'cpus', 'opsPerSec', 'ceilingOpsPerSec', 'locks', 'invariants', 'stubbed', 'baseline', 'speedup']);
  for (const k of ['lock', 'acquiresPerOp', 'holdNs', 'waitNs', 'utilization']) assert.ok(k in json.locks[0], k);
  assert.equal(json.cpus, 4);
  assert.equal(typeof json.speedup, 'number');
  assert.equal(json.baseline.function, 'alloc_pid');
  assert.equal(json.scaling.length, 8);
});

test('the worker runner returns the result, rejects bad input, and cancels', async () => {
  const source = sample('pid_after.c');
  const small = { ...defaults, ops: 500, scalingCpus: [] };
  const r = await runSimulationInWorker(source, small).promise;
  assert.equal(r.function, 'alloc_pid');
  assert.ok(r.opsPerSec > 0);
  await assert.rejects(runSimulationInWorker(source, { ...small, functionName: 'nope' }).promise, SimulationRejected);
  const long = runSimulationInWorker(source, { ...defaults, ops: 10_000_000 });
  long.cancel();
  await assert.rejects(long.promise, SimulationCancelled);
  // Cancelling ends the thread, not only the wait for it.
  await long.exited;
});
