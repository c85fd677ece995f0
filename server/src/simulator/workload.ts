/**
 * Workloads: what each simulated CPU does per op. Every op interprets the
 * current text of the function(s) against the model kernel (running each call
 * to completion: the locks order every access to shared model state, so doing it
 * at the op's start changes no outcome) and leaves a timed segment trace
 * (work / acquire / release) in the execution context for the contention engine.
 */
import { CArray, ErrPtr, Struct, Unknown, type Value } from './values';
import { Exec, emptySnapshot, type ModelSnapshot } from './exec';
import { invoke, type Program } from './program';
import type { CompiledFunction } from './compile';
import { CONSTANTS } from './constants';
import type { FaultPlan } from './scenario';
import { DEFAULT_LOOP_WORK_NS, type ThreadWorkload } from './costs';

/** Deterministic PRNG (mulberry32) so a seed fixes every jitter draw. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fills the execution context's segment trace with one op; returns false when the op could not run cleanly. */
export interface OpSource {
  readonly name: string;
  fill(cpu: number): boolean;
}

type ArgBuilder = (x: Exec, plan: FaultPlan, shared: Map<string, Value>) => Value;
const argBuilders = new WeakMap<CompiledFunction, ArgBuilder[]>();

/** How each parameter is filled, decided once per function from its type and name. */
function buildersFor(fn: CompiledFunction): ArgBuilder[] {
  let b = argBuilders.get(fn);
  if (b) return b;
  b = fn.paramTypes.map((type, i): ArgBuilder => {
    const name = fn.params[i];
    const t = type.replace(/\s+/g, ' ');
    if (/pid_namespace/.test(t)) return (x) => x.target;
    if (/\*/.test(t) && /\b(?:pid_t|int|u32|s32)\b/.test(t)) return (_x, plan) => (plan.setTid ? new CArray(plan.setTid.slice()) : null);
    if (/size/.test(name) || /\bsize_t\b/.test(t)) return (_x, plan) => plan.setTidSize ?? plan.setTid?.length ?? 0;
    if (/\bgfp_t\b/.test(t)) return () => CONSTANTS.GFP_KERNEL;
    if (/\*/.test(t)) {
      // Other pointers: one object per parameter, shared by every CPU (their locks can contend).
      const key = `${fn.name}:${i}`;
      const structName = t.replace(/^(?:const\s+)?struct\s+/, '').replace(/\s*\*+$/, '');
      return (_x, _plan, shared) => {
        let v = shared.get(key);
        if (!v) {
          v = new Struct(structName, true, `argument ${name}`);
          shared.set(key, v);
        }
        return v;
      };
    }
    return () => 0;
  });
  argBuilders.set(fn, b);
  return b;
}

/** Arguments for a function from its parameter types, under a fault plan (set_tid, sizes, namespaces). */
export function argumentsFor(x: Exec, fn: CompiledFunction, plan: FaultPlan, shared: Map<string, Value>): Value[] {
  const builders = buildersFor(fn);
  const out = new Array<Value>(builders.length);
  for (let i = 0; i < builders.length; i++) out[i] = builders[i](x, plan, shared);
  return out;
}

/** `pid 301 (level 0)` or `-ENOMEM`: a call's result as the scenario sweep compares it. */
export function describeOutcome(ret: Value, aborted: string | null): string {
  if (aborted) return `aborted: ${aborted}`;
  if (ret instanceof ErrPtr) return `ERR_PTR(${errnoName(ret.err)})`;
  if (ret instanceof Struct && ret.type === 'pid') {
    const numbers = ret.f.numbers;
    const nrs = numbers instanceof CArray ? numbers.items.map((u) => (u instanceof Struct ? u.f.nr : '?')) : [];
    return `pid [${nrs.join(', ')}]`;
  }
  if (typeof ret === 'number') return ret < 0 ? errnoName(ret) : String(ret);
  if (ret instanceof Unknown) return 'unknown';
  return ret === null ? 'NULL' : 'object';
}

function errnoName(err: number): string {
  for (const [k, v] of Object.entries(CONSTANTS)) if (v === -err && /^E[A-Z0-9]+$/.test(k)) return `-${k}`;
  return String(err);
}

/** The default for files defining alloc_pid and free_pid: create a thread (alloc_pid) and let one exit (free_pid). */
export class ThreadCreateExit implements OpSource {
  readonly name = 'thread create/exit: alloc_pid() + free_pid() + the rest of fork and exit';
  private readonly tasklist: number;
  private readonly shared = new Map<string, Value>();
  private readonly allocFn: CompiledFunction;
  private readonly pairSnapshot = emptySnapshot();
  private readonly afterSnapshot = emptySnapshot();
  /** Counted per op: how many allocations failed (the fork failed; the op still took its time). */
  failedAllocs = 0;

  constructor(
    private readonly x: Exec,
    private readonly program: Program,
    private readonly work: ThreadWorkload,
    private readonly jitter: () => number,
    private readonly plan: FaultPlan,
  ) {
    this.tasklist = x.lockIndex('tasklist_lock', 'rwlock');
    const fn = program.fn('alloc_pid');
    if (!fn) throw new Error(program.compileErrors.get('alloc_pid') ?? 'alloc_pid cannot be compiled');
    this.allocFn = fn;
  }

  fill(): boolean {
    const x = this.x;
    const w = this.work;
    const j = this.jitter;
    x.resetSegments();
    const before: ModelSnapshot = x.snapshot(this.pairSnapshot);
    const violations = x.violationCount;
    x.pendingNs += w.forkBeforeNs * j();
    const args = argumentsFor(x, this.allocFn, this.plan, this.shared);
    const a = invoke(x, this.program, 'alloc_pid', args, 'alloc_pid');
    if (a.aborted) return false;
    x.pendingNs += w.forkAfterNs * j();
    x.segAcquire(this.tasklist);
    x.pendingNs += w.tasklistForkHoldNs * j();
    x.segRelease(this.tasklist);
    x.pendingNs += w.exitBeforeNs * j();
    x.segAcquire(this.tasklist);
    x.pendingNs += w.tasklistExitHoldNs * j();
    x.segRelease(this.tasklist);
    if (a.ret instanceof Struct) {
      const f = invoke(x, this.program, 'free_pid', [a.ret], 'free_pid');
      if (f.aborted) return false;
      const after = x.snapshot(this.afterSnapshot);
      const same = x.sameSnapshots(before, after);
      x.check('free-restores-model', same, () => `after alloc_pid() and free_pid(): ${x.compareSnapshots(before, after).join('; ')}`);
    } else {
      this.failedAllocs++;
    }
    x.pendingNs += w.exitAfterNs * j();
    x.flushWork();
    return x.violationCount === violations;
  }
}

/** Any other function: call it in a loop with work between calls. */
export class CallInLoop implements OpSource {
  readonly name: string;
  private readonly shared = new Map<string, Value>();
  private readonly fn: CompiledFunction;

  constructor(
    private readonly x: Exec,
    private readonly program: Program,
    private readonly fnName: string,
    private readonly jitter: () => number,
    private readonly plan: FaultPlan,
    private readonly workNs = DEFAULT_LOOP_WORK_NS,
  ) {
    const fn = program.fn(fnName);
    if (!fn) throw new Error(program.compileErrors.get(fnName) ?? `${fnName} cannot be compiled`);
    this.fn = fn;
    this.name = `call ${fnName}() in a loop with ${workNs} ns of other work between calls`;
  }

  fill(): boolean {
    const x = this.x;
    x.resetSegments();
    const violations = x.violationCount;
    x.pendingNs += this.workNs * this.jitter();
    const r = invoke(x, this.program, this.fnName, argumentsFor(x, this.fn, this.plan, this.shared), this.fnName);
    x.flushWork();
    return !r.aborted && x.violationCount === violations;
  }
}
