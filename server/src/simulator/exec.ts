/**
 * The execution context: the model kernel's state for one simulation, the step
 * and time budget, per-call bookkeeping (locks held, preload, memory requests),
 * the timed segment trace the contention engine replays, and the line-by-line
 * trace that a violation report shows.
 */
import { CString, ErrPtr, FnRef, Struct, Unknown, describeValue, type Value } from './values';
import { DEFAULT_COSTS, type CostTable } from './costs';
import { NO_FAULTS, type FaultPlan, type Scenario } from './scenario';
import { newLock, newPidNamespace, idrOf, refsOf, cacheOf } from './model/objects';
import type { IdrState } from './model/idr';
import { MAX_ERRNO, PIDNS_ADDING, RESERVED_PIDS } from './constants';

/** Segment kinds of the timed trace (pairs of numbers: kind, argument). */
export const SEG_WORK = 0;
export const SEG_ACQUIRE = 1;
export const SEG_RELEASE = 2;

/** Ends the whole run: the step limit, the time limit, or a cancellation. */
export class StopRun extends Error {
  constructor(
    public reason: 'step-limit' | 'time-limit' | 'cancelled',
    message: string,
  ) {
    super(message);
  }
}

/** Ends the current call: the code did something the model cannot continue from (deadlock, NULL dereference). */
export class CallAbort extends Error {
  constructor(
    public invariant: InvariantName,
    message: string,
  ) {
    super(message);
  }
}

/** The invariants checked after every call, by stable name. */
export const INVARIANTS = {
  'locks-released': 'no lock held on return',
  'preload-closed': 'no idr_preload() left open on return',
  'no-id-leak': 'every id allocated by a failed call is removed again',
  'ids-published': 'every id of a successful call is published (idr_replace) at every level',
  'pid-allocated-matches-idr': 'pid_allocated counts match the IDR',
  'err-ptr-convention': 'the return value follows the ERR_PTR convention',
  'no-leak-on-failure': 'a failed call frees what it allocated and drops the references it took',
  'free-restores-model': 'free_pid() after alloc_pid() leaves the model as it was',
  'lock-discipline': 'locks are taken and released in pairs, never slept under',
  'memory-safety': 'no NULL, ERR_PTR, freed or out-of-bounds access',
} as const;
export type InvariantName = keyof typeof INVARIANTS;

export interface TraceLine {
  line: number;
  text: string;
  /** What the model did on that line: `spin_lock(pidmap_lock)`, `idr_alloc_cyclic → 301 (100 ns)`. */
  events: string[];
}

export interface Violation {
  invariant: InvariantName;
  message: string;
  /** `alloc_pid` under plan `tight-atomic`, ns level 1. */
  call: string;
  trace: TraceLine[];
}

export interface TraceEvent {
  seq: number;
  line: number;
  kind: 'lock' | 'unlock' | 'alloc' | 'free' | 'idr' | 'memory' | 'call' | 'stub' | 'unknown' | 'rcu' | 'note';
  /** The kernel function. */
  name: string;
  ns: number;
  /** Its object or a note: the lock's name, the IDR's namespace, `→ NULL`. */
  detail: string;
  /** An id allocated, replaced or removed; NaN when none. */
  id: number;
}

export interface StubbedUse {
  /** `unknown-call`, `unknown-field`, `unknown-identifier`, `not-interpreted`, `unknown-condition`. */
  kind: string;
  name: string;
  count: number;
  firstLine: number;
}

export interface Budget {
  stepLimit: number;
  timeLimitMs: number;
  /** Absolute deadline (Date.now() milliseconds) shared by every run of one simulation; overrides timeLimitMs. */
  deadline?: number;
  /** Polled every few thousand steps; true stops the run (cancellation). */
  shouldStop?: () => boolean;
}

export const DEFAULT_BUDGET: Budget = { stepLimit: 50_000_000, timeLimitMs: 20_000 };

/** Per-namespace counters compared across a call (leaks) and across alloc+free (restoration). */
export interface ModelSnapshot {
  idrSizes: number[];
  allocated: number[];
  refs: number[];
  live: number[];
}

/** A fresh, empty snapshot to fill. */
export function emptySnapshot(): ModelSnapshot {
  return { idrSizes: [], allocated: [], refs: [], live: [] };
}

const RING = 8192;
const CHECK_EVERY = 4096;
/**
 * Model events (locks, allocations, IDR and RCU operations, stubbed calls) one call
 * may make. Each is kept for the call's trace, and lock events also become timed
 * segments: a call looping over them would otherwise grow both until the step or
 * time limit (1.6 GB in 20 s for a spin_lock/spin_unlock loop).
 */
export const MAX_CALL_EVENTS = 100_000;

/** Source lines of the interpreted files, to print traces. */
export interface SourceLines {
  lineText(line: number): string;
}

export class Exec {
  readonly costs: CostTable;
  plan: FaultPlan = NO_FAULTS;
  // Model.
  namespaces: Struct[] = [];
  target!: Struct;
  /** Program globals by slot (bound lazily on first use). */
  globals: Value[] = [];
  /** Shared (contended) locks of this simulation, by index. */
  readonly lockNames: string[] = [];
  readonly lockKinds: string[] = [];
  private readonly lockIndexByName = new Map<string, number>();
  /** Model-wide globals by name (tasklist_lock, init_pid_ns ...). */
  readonly modelGlobals = new Map<string, Value>();

  // Budget.
  steps = 0;
  private nextCheck = CHECK_EVERY;
  private stepLimit: number;
  private deadline: number;
  private shouldStop: (() => boolean) | undefined;

  // The current call.
  callId = 0;
  callLabel = '';
  callDepth = 0;
  /** Syntax levels of the active interpreted calls (see MAX_STACKED_NESTING). */
  stackedNesting = 0;
  readonly held: Struct[] = [];
  readonly heldLines: number[] = [];
  preloadDepth = 0;
  preloadBudget = 0;
  memRequests = 0;
  readonly touchedIdrs: IdrState[] = [];
  readonly rcuQueue: Array<{ fn: FnRef; head: Value; line: number }> = [];
  /** Line of the statement being executed. */
  line = 0;

  // Timed trace for the contention engine: (kind, arg) pairs; work is merged.
  seg = new Float64Array(256);
  segLen = 0;
  pendingNs = 0;

  // Line ring and events for traces.
  readonly ring = new Int32Array(RING);
  seq = 0;
  private callStartSeq = 0;
  readonly events: TraceEvent[] = [];
  eventCount = 0;

  // Reports.
  readonly stubbed = new Map<string, StubbedUse>();
  readonly violations: Violation[] = [];
  /** All violations, including those beyond the ones kept with traces. */
  violationCount = 0;
  readonly checks = new Map<InvariantName, { checks: number; failures: number }>();
  sources: SourceLines | null = null;
  /** Set by the fault plan: conditions on unknown values take the uncommon branch. */
  unknownBranches = false;
  /** Capability answers of the scenario. */
  capable = true;

  constructor(costs: CostTable = DEFAULT_COSTS, budget: Budget = DEFAULT_BUDGET) {
    this.costs = costs;
    this.stepLimit = budget.stepLimit;
    this.deadline = budget.deadline ?? Date.now() + budget.timeLimitMs;
    this.shouldStop = budget.shouldStop;
    this.nextCheck = Math.min(CHECK_EVERY, this.stepLimit);
    for (const name of Object.keys(INVARIANTS) as InvariantName[]) this.checks.set(name, { checks: 0, failures: 0 });
    this.modelGlobals.set('tasklist_lock', newLock('tasklist_lock', true, 'rwlock'));
    this.modelGlobals.set('jiffies', 0);
  }

  /** Builds the namespaces of a scenario (init namespace first) and applies its plan. */
  setUp(s: Scenario): void {
    this.plan = s.plan;
    this.unknownBranches = !!s.plan.unknownBranches;
    this.capable = !s.plan.notCapable;
    this.namespaces = [];
    let parent: Struct | null = null;
    for (let level = 0; level <= s.nsLevel; level++) {
      const ns = newPidNamespace({
        level,
        parent,
        pidMax: s.pidMax,
        hasReaper: !(s.plan.noReaper && level === s.nsLevel),
      });
      this.namespaces.push(ns);
      parent = ns;
    }
    this.target = this.namespaces[s.nsLevel];
    this.modelGlobals.set('init_pid_ns', this.namespaces[0]);
    const fill = (level: number, ids: Iterable<number>) => {
      const ns = this.namespaces[level];
      const idr = idrOf(ns);
      for (const id of ids) {
        if (idr.entries.has(id)) continue;
        idr.insert(id, new Struct('pid', true, 'pre-existing pid'));
        ns.f.pid_allocated = (ns.f.pid_allocated as number) + 1;
      }
      let max = 0;
      for (const id of idr.entries.keys()) if (id > max) max = id;
      idr.cursor = Math.max(idr.cursor, max + 1);
    };
    if (s.prefill) for (let level = 0; level <= s.nsLevel; level++) fill(level, range(1, s.prefill + 1));
    if (s.plan.taken) fill(s.plan.taken.level, s.plan.taken.ids);
    if (s.plan.exhaustLevel !== undefined && s.plan.exhaustLevel <= s.nsLevel) {
      fill(s.plan.exhaustLevel, range(1, s.pidMax));
    }
    if (s.plan.nsDying) this.target.f.pid_allocated = (this.target.f.pid_allocated as number) - PIDNS_ADDING;
    // Start each IDR's cursor past the reserved range, as on a booted system.
    for (const ns of this.namespaces) {
      const idr = idrOf(ns);
      if (idr.cursor < RESERVED_PIDS) idr.cursor = RESERVED_PIDS;
    }
  }

  // ---- budget -------------------------------------------------------------

  /** Called from the interpreter's step counter when it passes the next check point. */
  checkBudget(): void {
    if (this.steps >= this.stepLimit) {
      throw new StopRun('step-limit', `stopped at step limit (${this.stepLimit} interpreted steps)`);
    }
    if (Date.now() > this.deadline) throw new StopRun('time-limit', 'stopped at time limit');
    if (this.shouldStop?.()) throw new StopRun('cancelled', 'cancelled');
    this.nextCheck = Math.min(this.steps + CHECK_EVERY, this.stepLimit);
  }

  /** One interpreted statement at `line`. */
  tick(line: number): void {
    this.line = line;
    this.ring[this.seq++ & (RING - 1)] = line;
    this.pendingNs += this.costs.statementNs;
    if (++this.steps >= this.nextCheck) this.checkBudget();
  }

  // ---- locks for the contention engine -----------------------------------

  lockIndex(name: string, kind: string): number {
    let i = this.lockIndexByName.get(name);
    if (i === undefined) {
      i = this.lockNames.length;
      this.lockNames.push(name);
      this.lockKinds.push(kind);
      this.lockIndexByName.set(name, i);
    }
    return i;
  }

  // ---- timed segments -------------------------------------------------------

  private pushSeg(kind: number, arg: number): void {
    if (this.segLen + 2 > this.seg.length) {
      const bigger = new Float64Array(this.seg.length * 2);
      bigger.set(this.seg);
      this.seg = bigger;
    }
    this.seg[this.segLen++] = kind;
    this.seg[this.segLen++] = arg;
  }

  /** Flushes accumulated work into a segment (called before every lock event and at the end). */
  flushWork(): void {
    if (this.pendingNs > 0) {
      const n = this.segLen;
      if (n >= 2 && this.seg[n - 2] === SEG_WORK) this.seg[n - 1] += this.pendingNs;
      else this.pushSeg(SEG_WORK, this.pendingNs);
      this.pendingNs = 0;
    }
  }

  segAcquire(index: number): void {
    this.flushWork();
    this.pushSeg(SEG_ACQUIRE, index);
  }

  segRelease(index: number): void {
    this.flushWork();
    this.pushSeg(SEG_RELEASE, index);
  }

  resetSegments(): void {
    this.segLen = 0;
    this.pendingNs = 0;
  }

  // ---- events and reports ---------------------------------------------------

  event(kind: TraceEvent['kind'], name: string, ns: number, detail = '', id = NaN): void {
    if (this.eventCount >= MAX_CALL_EVENTS) {
      throw new StopRun('step-limit', `stopped at step limit (one call made over ${MAX_CALL_EVENTS} lock, memory, IDR or RCU operations; last ${name} on line ${this.line})`);
    }
    let e = this.events[this.eventCount];
    if (!e) {
      e = { seq: 0, line: 0, kind, name, ns, detail, id };
      this.events.push(e);
    }
    this.eventCount++;
    e.seq = this.seq;
    e.line = this.line;
    e.kind = kind;
    e.name = name;
    e.ns = ns;
    e.detail = detail;
    e.id = id;
  }

  /** Records a lenient default or something not interpreted; it is listed in the result. */
  note(kind: string, name: string): void {
    const key = `${kind}:${name}`;
    const u = this.stubbed.get(key);
    if (u) u.count++;
    else this.stubbed.set(key, { kind, name, count: 1, firstLine: this.line });
  }

  /** Aborts the current call with a violation. */
  abort(invariant: InvariantName, message: string): never {
    throw new CallAbort(invariant, message);
  }

  // ---- calls ---------------------------------------------------------------------

  beginCall(label: string): void {
    this.callId++;
    this.callLabel = label;
    this.held.length = 0;
    this.heldLines.length = 0;
    this.preloadDepth = 0;
    this.preloadBudget = 0;
    this.memRequests = 0;
    this.touchedIdrs.length = 0;
    this.eventCount = 0;
    this.callStartSeq = this.seq;
  }

  touchIdr(idr: IdrState): void {
    if (!this.touchedIdrs.includes(idr)) this.touchedIdrs.push(idr);
  }

  /**
   * One memory request: true when it succeeds under the fault plan.
   * `atomic` requests are the GFP_ATOMIC ones not covered by a preload.
   */
  memoryRequest(atomic: boolean, what: string): boolean {
    const n = ++this.memRequests;
    const p = this.plan;
    const fails =
      n === p.failRequest || (p.failFromRequest !== undefined && n >= p.failFromRequest) || (atomic && !!p.tightAtomic);
    if (fails) this.event('memory', what, 0, `memory request #${n} (${atomic ? 'GFP_ATOMIC' : 'may sleep'}) fails`);
    return !fails;
  }

  /** The model's counters, into `s` when given (reused on hot paths). */
  snapshot(s: ModelSnapshot = emptySnapshot()): ModelSnapshot {
    const n = this.namespaces.length;
    if (s.idrSizes.length !== n) s.idrSizes.length = s.allocated.length = s.refs.length = s.live.length = n;
    for (let i = 0; i < n; i++) {
      const ns = this.namespaces[i];
      s.idrSizes[i] = idrOf(ns).size;
      s.allocated[i] = ns.f.pid_allocated as number;
      s.refs[i] = refsOf(ns);
      s.live[i] = cacheOf(ns).live;
    }
    return s;
  }

  sameSnapshots(a: ModelSnapshot, b: ModelSnapshot): boolean {
    for (let i = 0; i < a.idrSizes.length; i++) {
      if (a.idrSizes[i] !== b.idrSizes[i] || a.allocated[i] !== b.allocated[i] || a.refs[i] !== b.refs[i] || a.live[i] !== b.live[i]) return false;
    }
    return true;
  }

  /** Differences between two snapshots, in words; empty when equal. */
  compareSnapshots(a: ModelSnapshot, b: ModelSnapshot): string[] {
    const out: string[] = [];
    for (let i = 0; i < a.idrSizes.length; i++) {
      if (a.idrSizes[i] !== b.idrSizes[i]) out.push(`namespace level ${i}: IDR holds ${b.idrSizes[i]} ids, was ${a.idrSizes[i]}`);
      if (a.allocated[i] !== b.allocated[i]) out.push(`namespace level ${i}: pid_allocated is ${hexCount(b.allocated[i])}, was ${hexCount(a.allocated[i])}`);
      if (a.refs[i] !== b.refs[i]) out.push(`namespace level ${i}: reference count is ${b.refs[i]}, was ${a.refs[i]}`);
      if (a.live[i] !== b.live[i]) out.push(`namespace level ${i}: ${b.live[i]} pids live in its cache, was ${a.live[i]}`);
    }
    return out;
  }

  /** Records a check of `name`; a failure becomes a violation with the trace of the current call. */
  check(name: InvariantName, ok: boolean, message: () => string): boolean {
    const c = this.checks.get(name)!;
    c.checks++;
    if (!ok) {
      c.failures++;
      this.violate(name, message());
    }
    return ok;
  }

  violate(name: InvariantName, message: string): void {
    this.violationCount++;
    if (this.violations.length < 20) {
      this.violations.push({ invariant: name, message, call: this.callLabel, trace: this.callTrace() });
    }
  }

  /** The lines executed by the current call (up to the ring's size) with the model's events on each. */
  callTrace(limit = 400): TraceLine[] {
    const from = Math.max(this.callStartSeq, this.seq - RING, this.seq - limit);
    const out: TraceLine[] = [];
    let ev = 0;
    while (ev < this.eventCount && this.events[ev].seq <= from) ev++;
    for (let s = from; s < this.seq; s++) {
      const line = this.ring[s & (RING - 1)];
      const tl: TraceLine = { line, text: this.sources?.lineText(line).trim() ?? '', events: [] };
      while (ev < this.eventCount && this.events[ev].seq <= s + 1) {
        tl.events.push(formatEvent(this.events[ev]));
        ev++;
      }
      out.push(tl);
    }
    while (ev < this.eventCount) {
      if (out.length) out[out.length - 1].events.push(formatEvent(this.events[ev]));
      ev++;
    }
    return out;
  }

  /** The model events of the current call. */
  callEvents(): TraceEvent[] {
    return this.events.slice(0, this.eventCount).map((e) => ({ ...e }));
  }

  /** Invariants after a call returned `ret` (or aborted, `aborted` set). */
  checkAfterCall(ret: Value, usesErrPtr: boolean, before: ModelSnapshot, aborted: boolean): void {
    this.check('locks-released', this.held.length === 0, () => `returned with ${this.held.map((l, i) => `${l.lk!.name} (taken on line ${this.heldLines[i]})`).join(', ')} held`);
    this.check('preload-closed', this.preloadDepth === 0, () => `returned with idr_preload() open (${this.preloadDepth} deep)`);
    const failed = aborted || ret instanceof ErrPtr || (typeof ret === 'number' && ret < 0 && usesErrPtr === false && ret >= -MAX_ERRNO);
    for (const idr of this.touchedIdrs) {
      const nulls = idr.nullCount;
      if (failed) this.check('no-id-leak', nulls === 0, () => `${idr.label}: id ${idr.nullIds().join(', ')} allocated by the failed call was never removed`);
      else this.check('ids-published', nulls === 0, () => `${idr.label}: id ${idr.nullIds().join(', ')} was allocated but never published with idr_replace()`);
    }
    for (const ns of this.namespaces) {
      const count = ((ns.f.pid_allocated as number) & ~PIDNS_ADDING) >>> 0;
      const size = idrOf(ns).size;
      this.check('pid-allocated-matches-idr', count === size, () => `namespace level ${ns.f.level}: pid_allocated counts ${count} pids, the IDR holds ${size}`);
    }
    if (usesErrPtr && !aborted) {
      const ok =
        (ret instanceof ErrPtr && ret.err < 0 && ret.err >= -MAX_ERRNO) || (ret instanceof Struct && !ret.freed);
      this.check('err-ptr-convention', ok, () => `returned ${describeValue(ret)}: expected a live object or ERR_PTR(-errno)`);
    }
    if (failed) {
      const now = this.snapshot();
      this.check('no-leak-on-failure', this.sameSnapshots(before, now), () => `the failed call changed the model: ${this.compareSnapshots(before, now).join('; ')}`);
    } else if (ret instanceof Struct && ret.type === 'pid') {
      this.checkPublished(ret);
    }
  }

  /** A successful alloc_pid: each level's number maps back to this pid. */
  private checkPublished(pid: Struct): void {
    const numbers = pid.f.numbers;
    const level = pid.f.level;
    if (!numbers || typeof level !== 'number' || !('items' in (numbers as object))) return;
    const items = (numbers as { items: Value[] }).items;
    const missing: string[] = [];
    for (let i = 0; i <= level && i < items.length; i++) {
      const up = items[i] as Struct;
      const ns = up.f.ns;
      const nr = up.f.nr as number;
      if (!(ns instanceof Struct) || ns.type !== 'pid_namespace') missing.push(`level ${i}: no namespace`);
      else if (idrOf(ns).find(nr) !== pid) missing.push(`level ${i}: id ${nr} does not map to the new pid`);
    }
    this.check('ids-published', missing.length === 0, () => `the returned pid is not published: ${missing.join('; ')}`);
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

function hexCount(v: number): string {
  return v >= PIDNS_ADDING ? `PIDNS_ADDING + ${v - PIDNS_ADDING}` : String(v);
}

export function formatEvent(e: Pick<TraceEvent, 'kind' | 'name' | 'ns' | 'detail' | 'id'>): string {
  const cost = e.ns > 0 ? ` (${Math.round(e.ns * 10) / 10} ns)` : '';
  let text: string;
  if (e.kind === 'lock' || e.kind === 'unlock') text = `${e.name}(${e.detail})`;
  else if (e.kind === 'idr' && !Number.isNaN(e.id)) text = /alloc/.test(e.name) ? `${e.name}(${e.detail}) → ${e.id}` : `${e.name}(${e.detail}, id ${e.id})`;
  else text = e.detail ? `${e.name}: ${e.detail}` : e.name;
  return text + cost;
}

/** Value helpers shared by builtins. */
export function describeReturn(v: Value): string {
  if (v instanceof CString) return JSON.stringify(v.text);
  if (v instanceof Unknown) return `unknown (${v.origin})`;
  return describeValue(v);
}
