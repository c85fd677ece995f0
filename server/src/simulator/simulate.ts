/**
 * The simulator's entry point: check a function under every scenario and fault
 * plan, then run the contention simulation (and its scaling curve), optionally
 * against a baseline version of the same function. Pure: no LSP, no I/O.
 */
import type { Parser } from 'web-tree-sitter';
import { Program, invoke } from './program';
import { Exec, INVARIANTS, StopRun, DEFAULT_BUDGET, type Budget, type InvariantName, type StubbedUse, type TraceEvent, type Violation } from './exec';
import { DEFAULT_CONTENTION, DEFAULT_COSTS, DEFAULT_LOOP_WORK_NS, DEFAULT_THREAD_WORKLOAD, type ContentionParams, type CostTable, type ThreadWorkload } from './costs';
import { defaultScenario, faultPlans, NO_FAULTS, type FaultPlan, type Scenario } from './scenario';
import { CallInLoop, ThreadCreateExit, argumentsFor, describeOutcome, makeRng, type OpSource } from './workload';
import { simulateContention, type ContentionResult, type LockStats } from './contention';
import { Struct } from './values';
import { formatEvent } from './exec';

export const SCALING_CPUS = [1, 2, 4, 8, 16, 20, 32, 64];

export interface SimulationOptions {
  functionName: string;
  cpus: number;
  nsLevel: number;
  /** Measured ops per contention run. */
  ops: number;
  seed: number;
  costs?: CostTable;
  contention?: Partial<ContentionParams>;
  workload?: Partial<ThreadWorkload>;
  /** Work between calls for the call-in-a-loop workload. */
  loopWorkNs?: number;
  budget?: Partial<Budget>;
  /** CPU counts of the scaling curve; [] skips it. */
  scalingCpus?: number[];
  /** Ops per run of the scaling curve (defaults to min(ops, 5000): the curve needs shape, not precision). */
  scalingOps?: number;
  /** Runs the fault-plan sweep (default true). */
  faultSweep?: boolean;
}

export interface ScenarioOutcome {
  plan: string;
  description: string;
  nsLevel: number;
  /** `pid [301]`, `ERR_PTR(-ENOMEM)`, ... */
  outcome: string;
  /** idr_preload() calls made by the call (a retry after -ENOMEM makes one more). */
  preloads: number;
  invariantsHeld: boolean;
}

export interface InvariantReport {
  invariant: InvariantName;
  description: string;
  checks: number;
  failures: number;
  ok: boolean;
}

export interface LockReport extends LockStats {}

export interface ScalingPoint {
  cpus: number;
  opsPerSec: number;
  ceilingOpsPerSec: number;
}

export interface Comparison {
  /** ops/s of this version over the baseline's. */
  speedup: number;
  /** The lock whose serialised time changed most, and how. */
  lock: string | null;
  explanation: string;
}

export interface SimulationResult {
  function: string;
  file: string;
  workload: string;
  cpus: number;
  nsLevel: number;
  seed: number;
  opsPerSec: number;
  ceilingOpsPerSec: number;
  bottleneck: string | null;
  locks: LockReport[];
  invariants: InvariantReport[];
  violations: Violation[];
  stubbed: StubbedUse[];
  notInterpreted: string[];
  scenarios: ScenarioOutcome[];
  scaling: ScalingPoint[];
  /** The model events of one common-path call, in order, with costs. */
  callTrace: Array<{ line: number; kind: TraceEvent['kind']; event: string; ns: number }>;
  callTraceNs: number;
  stopped: string | null;
  baseline: SimulationResult | null;
  speedup: number | null;
  comparison: Comparison | null;
  /** Why an optional baseline was left out (the function is new there, or cannot be interpreted there). */
  baselineSkipped?: string;
}

/** Bad input the caller should show as a message (unknown function, refused syntax). */
export class SimulationInputError extends Error {}

/** Budget shared by every run of one simulation. */
class SharedBudget {
  private readonly deadline: number;
  private stepsLeft: number;
  constructor(private readonly b: Budget) {
    this.deadline = b.deadline ?? Date.now() + b.timeLimitMs;
    this.stepsLeft = b.stepLimit;
  }
  exec(costs: CostTable): Exec {
    return new Exec(costs, { stepLimit: Math.max(1, this.stepsLeft), timeLimitMs: 0, deadline: this.deadline, shouldStop: this.b.shouldStop });
  }
  spend(x: Exec): void {
    this.stepsLeft -= x.steps;
  }
}

/** Merges per-run invariant counters. */
class InvariantTally {
  readonly counts = new Map<InvariantName, { checks: number; failures: number }>();
  readonly violations: Violation[] = [];
  readonly stubbed = new Map<string, StubbedUse>();
  add(x: Exec, context: string): void {
    for (const [k, v] of x.checks) {
      const c = this.counts.get(k) ?? { checks: 0, failures: 0 };
      c.checks += v.checks;
      c.failures += v.failures;
      this.counts.set(k, c);
    }
    for (const v of x.violations) if (this.violations.length < 20) this.violations.push({ ...v, call: `${v.call} (${context})` });
    for (const [k, u] of x.stubbed) {
      const s = this.stubbed.get(k);
      if (s) s.count += u.count;
      else this.stubbed.set(k, { ...u });
    }
  }
  report(): InvariantReport[] {
    return (Object.keys(INVARIANTS) as InvariantName[]).map((k) => {
      const c = this.counts.get(k) ?? { checks: 0, failures: 0 };
      return { invariant: k, description: INVARIANTS[k], checks: c.checks, failures: c.failures, ok: c.failures === 0 };
    });
  }
}

function isThreadWorkload(program: Program, name: string): boolean {
  return program.hasFunction('alloc_pid') && program.hasFunction('free_pid') && (name === 'alloc_pid' || name === 'free_pid');
}

/** Runs alloc_pid (+ free_pid when it succeeded) once under a scenario, checking every invariant. */
export function runScenario(program: Program, scenario: Scenario, x: Exec): ScenarioOutcome {
  x.sources = program;
  x.setUp(scenario);
  const failuresBefore = x.violationCount;
  const fn = program.fn('alloc_pid')!;
  const snap = x.snapshot();
  const a = invoke(x, program, 'alloc_pid', argumentsFor(x, fn, scenario.plan, new Map()), `alloc_pid under ${scenario.plan.name}, ns level ${scenario.nsLevel}`);
  const events = x.callEvents();
  const preloads = events.filter((e) => e.kind === 'call' && e.name === 'idr_preload').length;
  if (!a.aborted && a.ret instanceof Struct) {
    const f = invoke(x, program, 'free_pid', [a.ret], `free_pid after alloc_pid under ${scenario.plan.name}, ns level ${scenario.nsLevel}`);
    if (!f.aborted) {
      const diff = x.compareSnapshots(snap, x.snapshot());
      x.check('free-restores-model', diff.length === 0, () => `after alloc_pid() and free_pid(): ${diff.join('; ')}`);
    }
  }
  return {
    plan: scenario.plan.name,
    description: scenario.plan.description,
    nsLevel: scenario.nsLevel,
    outcome: describeOutcome(a.ret, a.aborted),
    preloads,
    invariantsHeld: x.violationCount === failuresBefore,
  };
}

/** Calls a function once under a plan (for functions other than alloc_pid). */
function runGenericScenario(program: Program, name: string, plan: FaultPlan, nsLevel: number, x: Exec): ScenarioOutcome {
  x.sources = program;
  x.setUp(defaultScenario(nsLevel, plan));
  const failuresBefore = x.violationCount;
  const fn = program.fn(name)!;
  const r = invoke(x, program, name, argumentsFor(x, fn, plan, new Map()), `${name} under ${plan.name}`);
  return {
    plan: plan.name,
    description: plan.description,
    nsLevel,
    outcome: describeOutcome(r.ret, r.aborted),
    preloads: x.callEvents().filter((e) => e.kind === 'call' && e.name === 'idr_preload').length,
    invariantsHeld: x.violationCount === failuresBefore,
  };
}

/** The plans a generic function is checked under: the common path, memory failures, and the uncommon side of unknown conditions. */
function genericPlans(): FaultPlan[] {
  return [
    NO_FAULTS,
    { name: 'oom-from-1', description: 'every memory request fails', failFromRequest: 1 },
    { name: 'tight-atomic', description: 'GFP_ATOMIC allocations beyond the preload fail', tightAtomic: true },
    { name: 'unknown-branches', description: 'conditions on unknown values take the uncommon branch', unknownBranches: true },
  ];
}

/** Simulates one function of a parsed program (no baseline). */
export function simulateProgram(program: Program, o: SimulationOptions): SimulationResult {
  const name = o.functionName;
  if (!program.hasFunction(name)) {
    const names = program.functionNames();
    throw new SimulationInputError(`no function '${name}' in ${program.path}${names.length ? ` (functions: ${names.join(', ')})` : ' (no function definitions found)'}`);
  }
  const thread = isThreadWorkload(program, name);
  for (const needed of thread ? ['alloc_pid', 'free_pid'] : [name]) {
    if (!program.fn(needed)) throw new SimulationInputError(`${needed} cannot be simulated: ${program.compileErrors.get(needed)}`);
  }
  const costs = o.costs ?? DEFAULT_COSTS;
  const params: ContentionParams = { ...DEFAULT_CONTENTION, ...o.contention };
  const work: ThreadWorkload = { ...DEFAULT_THREAD_WORKLOAD, ...o.workload };
  const budget = new SharedBudget({ ...DEFAULT_BUDGET, ...o.budget });
  const tally = new InvariantTally();
  let stopped: string | null = null;

  const guarded = <T>(x: Exec, context: string, run: () => T): T | null => {
    try {
      return run();
    } catch (err) {
      if (!(err instanceof StopRun)) throw err;
      stopped ??= err.message;
      return null;
    } finally {
      budget.spend(x);
      tally.add(x, context);
    }
  };

  // 1. Every scenario and fault plan, each on a fresh model.
  const scenarios: ScenarioOutcome[] = [];
  if (o.faultSweep !== false) {
    const levels = [...new Set([0, 1, 2, o.nsLevel])].sort((a, b) => a - b);
    for (const level of levels) {
      const plans = thread ? faultPlans(level) : genericPlans();
      for (const plan of plans) {
        if (stopped) break;
        const x = budget.exec(costs);
        const r = guarded(x, `plan ${plan.name}, ns level ${level}`, () =>
          thread ? runScenario(program, { ...defaultScenario(level, plan) }, x) : runGenericScenario(program, name, plan, level, x),
        );
        if (r) scenarios.push(r);
      }
    }
  }

  // 2. One common-path call, traced.
  let callTrace: SimulationResult['callTrace'] = [];
  let callTraceNs = 0;
  if (!stopped) {
    const x = budget.exec(costs);
    guarded(x, 'traced call', () => {
      x.sources = program;
      x.setUp(defaultScenario(o.nsLevel));
      const traced = thread ? 'alloc_pid' : name;
      x.resetSegments();
      invoke(x, program, traced, argumentsFor(x, program.fn(traced)!, NO_FAULTS, new Map()), `${traced} (traced)`);
      callTrace = x.callEvents().map((e) => ({ line: e.line, kind: e.kind, event: formatEvent({ ...e, ns: 0 }), ns: e.ns }));
      x.flushWork();
      for (let i = 0; i < x.segLen; i += 2) if (x.seg[i] === 0) callTraceNs += x.seg[i + 1];
      callTraceNs = Math.round(callTraceNs * 10) / 10;
    });
  }

  // 3. The contention runs: the requested CPU count, then the scaling curve.
  const contend = (cpus: number, ops: number, label: string): ContentionResult | null => {
    if (stopped) return null;
    const x = budget.exec(costs);
    return guarded(x, label, () => {
      x.sources = program;
      x.setUp(defaultScenario(o.nsLevel));
      const rng = makeRng(o.seed);
      const jitter = () => 1 + params.workJitter * (2 * rng() - 1);
      const source: OpSource = thread
        ? new ThreadCreateExit(x, program, work, jitter, NO_FAULTS)
        : new CallInLoop(x, program, name, jitter, NO_FAULTS, o.loopWorkNs ?? DEFAULT_LOOP_WORK_NS);
      const r = simulateContention(x, source, { cpus, ops, params });
      if (r.stopped) stopped ??= r.stopped;
      return r;
    });
  };
  const main = contend(o.cpus, o.ops, `contention on ${o.cpus} CPUs`);
  const scaling: ScalingPoint[] = [];
  for (const cpus of o.scalingCpus ?? SCALING_CPUS) {
    const r = cpus === o.cpus && main ? main : contend(cpus, o.scalingOps ?? Math.min(o.ops, 5000), `scaling, ${cpus} CPUs`);
    if (r) scaling.push({ cpus, opsPerSec: r.opsPerSec, ceilingOpsPerSec: r.ceilingOpsPerSec });
  }

  const notInterpreted = [...new Set((thread ? ['alloc_pid', 'free_pid'] : [name]).flatMap((n) => program.fn(n)?.notInterpreted ?? []))];
  return {
    function: name,
    file: program.path,
    workload: thread ? 'thread create/exit: alloc_pid() + free_pid() + the rest of fork and exit' : `call ${name}() in a loop`,
    cpus: o.cpus,
    nsLevel: o.nsLevel,
    seed: o.seed,
    opsPerSec: main?.opsPerSec ?? 0,
    ceilingOpsPerSec: main?.ceilingOpsPerSec ?? 0,
    bottleneck: main?.bottleneck ?? null,
    locks: main?.locks ?? [],
    invariants: tally.report(),
    violations: tally.violations,
    stubbed: [...tally.stubbed.values()],
    notInterpreted,
    scenarios,
    scaling,
    callTrace,
    callTraceNs,
    stopped,
    baseline: null,
    speedup: null,
    comparison: null,
  };
}

/** Explains a speed-up by the lock whose serialised time per op changed most. */
export function compareResults(current: SimulationResult, baseline: SimulationResult): Comparison {
  const speedup = baseline.opsPerSec > 0 ? Math.round((current.opsPerSec / baseline.opsPerSec) * 1000) / 1000 : 0;
  let best: { lock: string; delta: number; text: string } | null = null;
  const names = new Set([...current.locks, ...baseline.locks].map((l) => l.lock));
  for (const lock of names) {
    const a = baseline.locks.find((l) => l.lock === lock);
    const b = current.locks.find((l) => l.lock === lock);
    const delta = (a?.serializedNsPerOp ?? 0) - (b?.serializedNsPerOp ?? 0);
    if (!best || Math.abs(delta) > Math.abs(best.delta)) {
      best = {
        lock,
        delta,
        text:
          `${lock}: ${fmt(a?.acquiresPerOp ?? 0)} → ${fmt(b?.acquiresPerOp ?? 0)} acquires/op, ` +
          `serialised ${Math.round(a?.serializedNsPerOp ?? 0)} → ${Math.round(b?.serializedNsPerOp ?? 0)} ns/op, ` +
          `wait ${Math.round(a?.waitNs.mean ?? 0)} → ${Math.round(b?.waitNs.mean ?? 0)} ns per acquire`,
      };
    }
  }
  const bound = baseline.bottleneck && current.bottleneck && baseline.bottleneck !== current.bottleneck
    ? `; the bottleneck moved from ${baseline.bottleneck} to ${current.bottleneck}`
    : '';
  return {
    speedup,
    lock: best?.lock ?? null,
    explanation: best ? `${best.text}${bound}` : 'no shared lock in either version',
  };
}

function fmt(v: number): string {
  return v.toFixed(2);
}

export interface SourceInput {
  path: string;
  text: string;
}

/**
 * Parses and simulates a file's function, and its baseline version if given. An
 * `optionalBaseline` that cannot be simulated (the editor's saved version, where the
 * function may not exist yet) is left out with the reason in `baselineSkipped`;
 * otherwise its bad input is an error like the main input's.
 */
export function simulateSource(parser: Parser, input: SourceInput, o: SimulationOptions, baseline?: SourceInput, optionalBaseline = false): SimulationResult {
  const program = Program.parse(parser, input.path, input.text);
  const result = simulateProgram(program, o);
  if (baseline) {
    let base: SimulationResult;
    try {
      base = simulateProgram(Program.parse(parser, baseline.path, baseline.text), { ...o, scalingCpus: o.scalingCpus ?? SCALING_CPUS });
    } catch (err) {
      if (!optionalBaseline || !(err instanceof SimulationInputError)) throw err;
      result.baselineSkipped = err.message;
      return result;
    }
    result.baseline = base;
    const c = compareResults(result, base);
    result.speedup = c.speedup;
    result.comparison = c;
  }
  return result;
}

export { formatEvent };
