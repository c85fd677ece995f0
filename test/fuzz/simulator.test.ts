/**
 * The simulator on mutated C: our pidmap samples (the thread create/exit workload)
 * and the corpus functions (the call-in-a-loop workload), damaged at random and
 * given loops that never end, runaway recursion and lock or allocation loops.
 * Every run ends with a result or a clear input error, never an escaped
 * exception; interpreted steps are counted through the budget's polling hook
 * and stay within the step limit; a stopped run says why.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Parser } from 'web-tree-sitter';
import { createCParser } from '../../server/src/parsing/parser';
import { Program } from '../../server/src/simulator/program';
import { simulateProgram, SimulationInputError, type SimulationOptions, type SimulationResult } from '../../server/src/simulator/simulate';
import { CORPUS } from './corpus';
import { describeCaseFailure, fuzzRuns, FUZZ_SEED, seedNote } from './fuzzPlan';
import { generateCase, seedTexts, textOf, type FuzzCase } from './generate';
import { deriveSeed, Rng } from './random';

/** How often the interpreter polls `shouldStop` (exec.ts CHECK_EVERY): each poll stands for this many steps. */
const STEPS_PER_POLL = 4096;
const STEP_LIMIT = 100_000;

let parser: Parser;
before(async () => {
  parser = await createCParser();
});

/** Statements that make a function run forever, recurse, or pile up model objects and lock events. */
const RUNAWAYS = [
  'for (;;) ;',
  'while (1) { spin_lock(&pidmap_lock); spin_unlock(&pidmap_lock); }',
  'for (;;) { p = kmalloc(64, GFP_KERNEL); }',
  'for (;;) kmem_cache_alloc(ns->pid_cachep, GFP_KERNEL);',
  'for (;;) { idr_preload(GFP_KERNEL); idr_preload_end(); }',
  'for (;;) frobnicate(x);',
  'again: goto again;',
  'do { i++; } while (i != -1);',
  'alloc_pid(ns, arg_set_tid, arg_set_tid_size);',
  'free_pid(pid); free_pid(pid);',
  'spin_lock(&pidmap_lock);',
  'spin_unlock(&pidmap_lock);',
  'return NULL;',
  'return ERR_PTR(-ENOMEM);',
  'idr_alloc(&ns->idr, NULL, 1, 0, GFP_ATOMIC);',
  'pid->level = 100000;',
  'ns->level = -1;',
  'for (i = 0; i < 1000000000; i++) { x = x * 3 + i; }',
  'call_rcu(&pid->rcu, delayed_put_pid);',
  'for (;;) call_rcu(&pid->rcu, delayed_put_pid);',
  'int *q = &q; *q = 1; **(int **)q = 2;',
];

/** One simulator case: a program text, the function to run, and options. */
interface SimCase {
  fuzz: FuzzCase;
  functionName: string;
  faultSweep: boolean;
}

function insertIntoBody(rng: Rng, text: string, stmt: string): string {
  // After a random `;` or `{` in the file: mostly inside function bodies.
  const spots = [...text.matchAll(/[;{]\n/g)];
  if (!spots.length) return `${text}\n${stmt}\n`;
  const at = rng.pick(spots).index! + 1;
  return `${text.slice(0, at)}\n\t${stmt}${text.slice(at)}`;
}

function simCase(i: number): SimCase {
  const seed = deriveSeed(FUZZ_SEED, 'simulator', i);
  const rng = new Rng(seed);
  const samples = seedTexts().filter(([n]) => n.startsWith('pid_'));
  if (rng.chance(0.5)) {
    // The pidmap samples with runaway statements, and usually some generic damage too.
    let [name, text] = rng.pick(samples);
    const added: string[] = [];
    for (let k = rng.range(1, 3); k > 0; k--) {
      // Sometimes recursion under deep nesting: the interpreter's closures nest as deep as the syntax, per call.
      const stmt = rng.chance(0.2) ? `${'if (ns) '.repeat(rng.range(1, 199))}alloc_pid(ns, arg_set_tid, arg_set_tid_size);` : rng.pick(RUNAWAYS);
      text = insertIntoBody(rng, text, stmt);
      added.push(stmt.length > 80 ? `${stmt.slice(0, 30)}…${stmt.slice(-50)} (${stmt.length} chars)` : stmt);
    }
    if (rng.chance(0.5)) {
      const damage = generateCase(deriveSeed(seed, 'damage'));
      // Only the mutations of a sample are useful here; others fall back to the runaway-only text.
      if (damage.label.startsWith('mutated: pid_')) text = textOf(damage);
    }
    const fuzz = { label: `${name} with ${added.join(' | ')} (simulator case ${i}, seed ${seed})`, bytes: Buffer.from(text) };
    return { fuzz, functionName: rng.chance(0.8) ? 'alloc_pid' : 'free_pid', faultSweep: rng.chance(0.3) };
  }
  const [name, text] = rng.pick(Object.entries(CORPUS));
  const fuzz0 = generateCase(deriveSeed(seed, 'corpus'));
  const useMutation = rng.chance(0.5) && fuzz0.label.startsWith(`mutated: ${name} `);
  const body = useMutation ? textOf(fuzz0) : insertIntoBody(rng, text, rng.pick(RUNAWAYS));
  const fn = /^\S.*?\b(\w+)\s*\([^;]*$/m.exec(text)?.[1] ?? 'f';
  return { fuzz: { label: `${name} (${useMutation ? fuzz0.label : 'with a runaway statement'}; simulator case ${i}, seed ${seed})`, bytes: Buffer.from(body) }, functionName: fn, faultSweep: rng.chance(0.3) };
}

/** Runs one case; returns the result (null for a clear input error) and the polls counted. */
function simulateChecked(c: SimCase): { result: SimulationResult | null; polls: number } {
  let polls = 0;
  const options: SimulationOptions = {
    functionName: c.functionName,
    cpus: 4,
    nsLevel: 1,
    ops: 200,
    seed: 1,
    scalingCpus: [],
    faultSweep: c.faultSweep,
    // The time limit is a backstop far beyond the step limit: the steps are what end these runs.
    budget: { stepLimit: STEP_LIMIT, timeLimitMs: 120_000, shouldStop: () => { polls++; return false; } },
  };
  try {
    let result: SimulationResult | null = null;
    try {
      result = simulateProgram(Program.parse(parser, 'fuzz.c', textOf(c.fuzz)), options);
    } catch (err) {
      if (!(err instanceof SimulationInputError)) throw err;
      assert.ok(err.message.length > 0);
    }
    // Each poll comes after STEPS_PER_POLL steps; each run (fault plan, traced call, contention) may poll once early at its end.
    assert.ok(polls <= STEP_LIMIT / STEPS_PER_POLL + 64, `${polls} polls: over ${polls * STEPS_PER_POLL} steps for a limit of ${STEP_LIMIT}`);
    if (result) {
      assert.ok(result.stopped === null || result.stopped.length > 0);
      assert.ok(Number.isFinite(result.opsPerSec) && result.opsPerSec >= 0, `ops/s ${result.opsPerSec}`);
      for (const l of result.locks) assert.ok(Number.isFinite(l.acquiresPerOp), `${l.lock} acquires/op`);
    }
    return { result, polls };
  } catch (err) {
    throw describeCaseFailure('simulator', c.fuzz, err);
  }
}

const runs = fuzzRuns(20);

test(`the simulator ends every mutated program with a result or a clear error, within its step limit (${seedNote(runs)})`, { timeout: 600_000 }, () => {
  let stoppedAtStepLimit = 0;
  for (let i = 0; i < runs; i++) {
    const { result } = simulateChecked(simCase(i));
    if (result?.stopped?.startsWith('stopped at step limit')) stoppedAtStepLimit++;
  }
  if (runs >= 20) assert.ok(stoppedAtStepLimit > 0, 'some runaway program reached the step limit');
});

// ---- what the fuzzer found, pinned -------------------------------------------------

const TINY: SimulationOptions = { functionName: 'rec', cpus: 2, nsLevel: 0, ops: 5, seed: 1, scalingCpus: [], faultSweep: false };

test('recursion under deep nesting stops as runaway recursion, not a JavaScript stack overflow', () => {
  // 64 calls of a body nested ~190 deep overflowed the stack (RangeError) before the stacked-nesting bound.
  for (const body of [`${'if (x >= 0) '.repeat(190)}x = rec(x + 1);`, `x = ${'abs('.repeat(95)}rec(x + 1)${')'.repeat(95)};`, `${'switch (x) { default: '.repeat(66)}x = rec(x + 1);${' }'.repeat(66)}`]) {
    const r = simulateProgram(Program.parse(parser, 'deep.c', `int rec(int x)\n{\n\t${body}\n\treturn x;\n}\n`), TINY);
    assert.match(r.violations[0]?.message ?? '', /runaway recursion in rec/);
    assert.equal(r.invariants.find((i) => i.invariant === 'memory-safety')?.ok, false);
  }
});

test('an RCU callback that aborts (a double free) is a violation of the call that queued it, not an exception', () => {
  const text = `struct item { struct rcu_head rcu; };
static void item_free_rcu(struct rcu_head *head)
{
	struct item *it = container_of(head, struct item, rcu);

	kfree(it);
}

int item_drop(int x)
{
	struct item *it = kzalloc(sizeof(*it), GFP_KERNEL);

	if (!it)
		return -ENOMEM;
	call_rcu(&it->rcu, item_free_rcu);
	call_rcu(&it->rcu, item_free_rcu);
	return 0;
}
`;
  const r = simulateProgram(Program.parse(parser, 'rcu.c', text), { ...TINY, functionName: 'item_drop' });
  assert.ok(r.violations.length > 0, 'the double free is reported');
  assert.match(r.violations[0].message, /free/);
});

test('a call that loops over lock operations stops at the per-call event limit, with memory bounded', () => {
  const text = 'static DEFINE_SPINLOCK(l);\nint rec(int x)\n{\n\tfor (;;) {\n\t\tspin_lock(&l);\n\t\tx++;\n\t\tspin_unlock(&l);\n\t}\n\treturn x;\n}\n';
  const heapBefore = process.memoryUsage().heapUsed;
  // Enough steps for 1.5 million lock events: before the limit, each was kept (trace and timed segments).
  const r = simulateProgram(Program.parse(parser, 'loop.c', text), { ...TINY, budget: { stepLimit: 5_000_000, timeLimitMs: 120_000 } });
  assert.match(r.stopped ?? '', /^stopped at step limit \(one call made over 100000 lock, memory, IDR or RCU operations; last spin_(un)?lock on line [56]\)$/);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 128 * 1024 * 1024, 'heap growth under 128 MB');
});
