/**
 * Discrete-event contention engine: N CPUs in a closed loop, each replaying the
 * timed segment trace of its current op. Shared locks are queued (FIFO, MCS-like)
 * spinlocks or sleeping mutexes. The CPU with the earliest clock always moves
 * next, so the queue order is the order in which CPUs asked.
 *
 * Cache effects (see costs.ts): acquiring a lock last held on another CPU costs
 * `handoffNs` before the acquisition (the lock line moves) and `dataMigrationNs`
 * inside the critical section (the data it protects moves too).
 */
import { SEG_ACQUIRE, SEG_RELEASE, SEG_WORK, StopRun, type Exec } from './exec';
import type { ContentionParams } from './costs';
import type { OpSource } from './workload';

export interface Distribution {
  mean: number;
  p50: number;
  p99: number;
}

export interface LockStats {
  lock: string;
  kind: string;
  acquiresPerOp: number;
  holdNs: Distribution;
  waitNs: Distribution;
  /** Fraction of the measured time the lock was held. */
  utilization: number;
  /** Time CPUs spent spinning on this lock, per op (sleeping mutex waiters excluded). */
  spinNsPerOp: number;
  /** Fraction of acquisitions that found the lock taken. */
  contendedFraction: number;
  /** Time per op the lock is unavailable to others (hand-offs plus holds): its serialised time. */
  serializedNsPerOp: number;
}

export interface ContentionResult {
  cpus: number;
  ops: number;
  opsPerSec: number;
  /** 1 / the largest serialised time per op of any lock: what no number of CPUs can beat. */
  ceilingOpsPerSec: number;
  /** The lock whose serialised time sets the ceiling. */
  bottleneck: string | null;
  simulatedNs: number;
  locks: LockStats[];
  /** Set when the run stopped early (step limit, time limit, cancelled, invariant violation). */
  stopped: string | null;
}

class Samples {
  private data = new Float64Array(1024);
  n = 0;
  sum = 0;
  add(v: number): void {
    if (this.n === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.n++] = v;
    this.sum += v;
  }
  distribution(): Distribution {
    if (this.n === 0) return { mean: 0, p50: 0, p99: 0 };
    const sorted = this.data.slice(0, this.n).sort();
    const at = (q: number) => sorted[Math.min(this.n - 1, Math.floor(q * this.n))];
    return { mean: round(this.sum / this.n), p50: round(at(0.5)), p99: round(at(0.99)) };
  }
}

interface Cpu {
  id: number;
  t: number;
  buf: Float64Array;
  len: number;
  pos: number;
  /** When it started waiting for the lock it is queued on. */
  waitingSince: number;
}

interface LockState {
  name: string;
  sleeping: boolean;
  owner: number;
  lastCpu: number;
  queue: Cpu[];
  queueHead: number;
  holdStart: number;
  busyStart: number;
  // Measured.
  acquires: number;
  contended: number;
  busyNs: number;
  spinNs: number;
  hold: Samples;
  wait: Samples;
}

/** A binary min-heap of CPUs by clock (ties by id, for determinism). */
class CpuHeap {
  private readonly a: Cpu[] = [];
  get size(): number {
    return this.a.length;
  }
  minTime(): number {
    return this.a.length ? this.a[0].t : Infinity;
  }
  private less(x: Cpu, y: Cpu): boolean {
    return x.t < y.t || (x.t === y.t && x.id < y.id);
  }
  push(c: Cpu): void {
    const a = this.a;
    let i = a.length;
    a.push(c);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(c, a[p])) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = c;
  }
  pop(): Cpu {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      let i = 0;
      const n = a.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const m = r < n && this.less(a[r], a[l]) ? r : l;
        if (!this.less(a[m], last)) break;
        a[i] = a[m];
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}

export interface ContentionOptions {
  cpus: number;
  /** Measured ops (after the warm-up). */
  ops: number;
  params: ContentionParams;
}

/** Runs the closed-loop simulation; the op source interprets each op as it starts. */
export function simulateContention(x: Exec, source: OpSource, o: ContentionOptions): ContentionResult {
  const p = o.params;
  const cpus: Cpu[] = [];
  const heap = new CpuHeap();
  const locks: LockState[] = [];
  const lockFor = (i: number): LockState => {
    while (locks.length <= i) {
      const k = locks.length;
      locks.push({
        name: x.lockNames[k],
        sleeping: x.lockKinds[k] === 'mutex' || x.lockKinds[k] === 'rwsem',
        owner: -1, lastCpu: -1, queue: [], queueHead: 0, holdStart: 0, busyStart: 0,
        acquires: 0, contended: 0, busyNs: 0, spinNs: 0, hold: new Samples(), wait: new Samples(),
      });
    }
    return locks[i];
  };
  const transferNs = p.handoffNs + (p.falseSharing ? p.falseSharingNs : 0);
  const warmup = Math.max(0, Math.round(o.ops * p.warmupFraction));
  const total = warmup + o.ops;
  let started = 0;
  let completed = 0;
  let measuring = warmup === 0;
  let tStart = 0;
  let tEnd = 0;
  let stopped: string | null = null;

  /** Loads the next op into the CPU's buffer; false stops the run. */
  const loadOp = (c: Cpu): boolean => {
    if (started >= total) return false;
    started++;
    let ok: boolean;
    try {
      ok = source.fill(c.id);
    } catch (err) {
      if (err instanceof StopRun) {
        stopped = err.message;
        return false;
      }
      throw err;
    }
    if (!ok) {
      stopped = 'stopped: an invariant was violated (see invariants)';
      return false;
    }
    if (c.buf.length < x.segLen) c.buf = new Float64Array(x.seg.length);
    c.buf.set(x.seg.subarray(0, x.segLen));
    c.len = x.segLen;
    c.pos = 0;
    return true;
  };

  /** Gives lock `l` to CPU `c`, whose request is at time `at`. */
  const grant = (l: LockState, c: Cpu, at: number, queued: boolean): void => {
    const moved = l.lastCpu !== -1 && l.lastCpu !== c.id;
    let acquiredAt = at + (moved ? transferNs : 0);
    if (queued && l.sleeping) acquiredAt += p.mutexWakeNs;
    l.owner = c.id;
    l.busyStart = at;
    l.holdStart = acquiredAt;
    c.t = acquiredAt + (moved ? p.dataMigrationNs : 0);
    if (measuring) {
      l.acquires++;
      const waited = acquiredAt - c.waitingSince;
      l.wait.add(waited);
      if (queued) {
        l.contended++;
        if (!l.sleeping) l.spinNs += waited;
      }
    }
  };

  for (let i = 0; i < o.cpus; i++) {
    const c: Cpu = { id: i, t: 0, buf: new Float64Array(64), len: 0, pos: 0, waitingSince: 0 };
    cpus.push(c);
    if (loadOp(c)) heap.push(c);
  }

  // Each turn advances the earliest CPU until it blocks, or until another CPU is earlier.
  while (heap.size > 0 && stopped === null) {
    const c = heap.pop();
    for (;;) {
      if (c.pos >= c.len) {
        completed++;
        if (!measuring && completed >= warmup) {
          measuring = true;
          tStart = c.t;
        }
        if (completed >= total) {
          tEnd = c.t;
          break;
        }
        if (!loadOp(c)) break;
      }
      const kind = c.buf[c.pos];
      const arg = c.buf[c.pos + 1];
      c.pos += 2;
      if (kind === SEG_WORK) {
        c.t += arg;
        if (c.t > heap.minTime()) {
          heap.push(c);
          break;
        }
      } else if (kind === SEG_ACQUIRE) {
        const l = lockFor(arg);
        c.waitingSince = c.t;
        if (l.owner === -1) {
          grant(l, c, c.t, false);
          // The grant moved this clock on: let earlier CPUs catch up before it releases.
          if (c.t > heap.minTime()) {
            heap.push(c);
            break;
          }
        } else {
          l.queue.push(c);
          break;
        }
      } else if (kind === SEG_RELEASE) {
        const l = lockFor(arg);
        if (measuring) {
          l.hold.add(c.t - l.holdStart);
          l.busyNs += c.t - l.busyStart;
        }
        l.lastCpu = c.id;
        if (l.queueHead < l.queue.length) {
          const next = l.queue[l.queueHead++];
          if (l.queueHead > 1024) {
            l.queue.splice(0, l.queueHead);
            l.queueHead = 0;
          }
          grant(l, next, c.t, true);
          heap.push(next);
        } else {
          l.owner = -1;
        }
        if (c.t > heap.minTime()) {
          heap.push(c);
          break;
        }
      }
    }
    if (completed >= total) break;
  }
  if (!tEnd) tEnd = Math.max(...cpus.map((c) => c.t));
  const measuredOps = Math.max(0, completed - warmup);
  const span = tEnd - tStart;
  const opsPerSec = span > 0 && measuredOps > 0 ? (measuredOps / span) * 1e9 : 0;
  const stats: LockStats[] = locks
    .filter((l) => l.acquires > 0)
    .map((l) => ({
      lock: l.name,
      kind: l.sleeping ? 'mutex' : 'spinlock',
      acquiresPerOp: round(l.acquires / Math.max(1, measuredOps), 3),
      holdNs: l.hold.distribution(),
      waitNs: l.wait.distribution(),
      utilization: round(span > 0 ? l.hold.sum / span : 0, 4),
      spinNsPerOp: round(l.spinNs / Math.max(1, measuredOps)),
      contendedFraction: round(l.contended / Math.max(1, l.acquires), 4),
      serializedNsPerOp: round(l.busyNs / Math.max(1, measuredOps)),
    }));
  const worst = stats.reduce<LockStats | null>((m, s) => (!m || s.serializedNsPerOp > m.serializedNsPerOp ? s : m), null);
  return {
    cpus: o.cpus,
    ops: measuredOps,
    opsPerSec: Math.round(opsPerSec),
    ceilingOpsPerSec: worst && worst.serializedNsPerOp > 0 ? Math.round(1e9 / worst.serializedNsPerOp) : 0,
    bottleneck: worst?.lock ?? null,
    simulatedNs: Math.round(span),
    locks: stats,
    stopped,
  };
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
