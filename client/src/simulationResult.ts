/**
 * The part of the simulator's result (server/src/simulator/simulate.ts
 * SimulationResult, issue 7's JSON) that the report shows. Read defensively:
 * the payload crosses a process boundary, and a missing field must degrade the
 * report, not blank it.
 */

export interface Distribution { mean: number; p50: number; p99: number }

export interface LockResult {
  lock: string;
  kind?: string;
  acquiresPerOp: number;
  holdNs: Distribution;
  waitNs: Distribution;
  utilization: number;
  spinNsPerOp?: number;
}

export interface ScalingPoint { cpus: number; opsPerSec: number; ceilingOpsPerSec?: number }

export interface InvariantResult { invariant: string; description?: string; checks?: number; failures?: number; ok: boolean }

export interface StubbedResult { kind: string; name: string; count?: number; firstLine?: number }

export interface RunResult {
  function: string;
  file?: string;
  workload?: string;
  cpus: number;
  nsLevel?: number;
  seed?: number;
  opsPerSec: number;
  ceilingOpsPerSec: number;
  bottleneck?: string | null;
  locks: LockResult[];
  scaling: ScalingPoint[];
  invariants: InvariantResult[];
  stubbed: StubbedResult[];
  stopped?: string | null;
}

export interface SimulationReportInput extends RunResult {
  baseline: RunResult | null;
  speedup: number | null;
  comparison?: { speedup: number; lock: string | null; explanation: string } | null;
}

const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function dist(v: unknown): Distribution {
  const d = obj(v);
  return { mean: num(d.mean), p50: num(d.p50), p99: num(d.p99) };
}

function run(raw: Record<string, unknown>): RunResult {
  return {
    function: str(raw.function, '(unknown function)'),
    file: typeof raw.file === 'string' ? raw.file : undefined,
    workload: typeof raw.workload === 'string' ? raw.workload : undefined,
    cpus: num(raw.cpus),
    nsLevel: typeof raw.nsLevel === 'number' ? raw.nsLevel : undefined,
    seed: typeof raw.seed === 'number' ? raw.seed : undefined,
    opsPerSec: num(raw.opsPerSec),
    ceilingOpsPerSec: num(raw.ceilingOpsPerSec),
    bottleneck: typeof raw.bottleneck === 'string' ? raw.bottleneck : null,
    locks: arr(raw.locks).map(obj).map((l) => ({
      lock: str(l.lock, '?'),
      kind: typeof l.kind === 'string' ? l.kind : undefined,
      acquiresPerOp: num(l.acquiresPerOp),
      holdNs: dist(l.holdNs),
      waitNs: dist(l.waitNs),
      utilization: num(l.utilization),
      spinNsPerOp: typeof l.spinNsPerOp === 'number' ? l.spinNsPerOp : undefined,
    })),
    scaling: arr(raw.scaling).map(obj).filter((p) => num(p.cpus) > 0).map((p) => ({
      cpus: num(p.cpus), opsPerSec: num(p.opsPerSec), ceilingOpsPerSec: typeof p.ceilingOpsPerSec === 'number' ? p.ceilingOpsPerSec : undefined,
    })),
    invariants: arr(raw.invariants).map(obj).map((i) => ({
      invariant: str(i.invariant, '?'), description: typeof i.description === 'string' ? i.description : undefined,
      checks: typeof i.checks === 'number' ? i.checks : undefined, failures: typeof i.failures === 'number' ? i.failures : undefined,
      ok: i.ok !== false && num(i.failures) === 0,
    })),
    stubbed: arr(raw.stubbed).map(obj).map((s) => ({
      kind: str(s.kind, '?'), name: str(s.name, '?'),
      count: typeof s.count === 'number' ? s.count : undefined, firstLine: typeof s.firstLine === 'number' ? s.firstLine : undefined,
    })),
    stopped: typeof raw.stopped === 'string' ? raw.stopped : null,
  };
}

/**
 * The report input from whatever the server's `locklens.simulate` answered: the
 * result itself or `{ result }`. Null when it is not a simulation result at all.
 */
export function readSimulationResult(payload: unknown): SimulationReportInput | null {
  let raw = obj(payload);
  if (!('opsPerSec' in raw) && raw.result && typeof raw.result === 'object') raw = obj(raw.result);
  if (typeof raw.opsPerSec !== 'number' || typeof raw.function !== 'string') return null;
  const comparison = obj(raw.comparison);
  return {
    ...run(raw),
    baseline: raw.baseline && typeof raw.baseline === 'object' ? run(obj(raw.baseline)) : null,
    speedup: typeof raw.speedup === 'number' ? raw.speedup : null,
    comparison: typeof comparison.explanation === 'string'
      ? { speedup: num(comparison.speedup), lock: typeof comparison.lock === 'string' ? comparison.lock : null, explanation: comparison.explanation }
      : null,
  };
}

/** `512k`, `1.23M`, `950`. */
export function compactNumber(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toFixed(a >= 1e10 ? 1 : 2)}G`;
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 1 : 2)}M`;
  if (a >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return `${Math.round(n)}`;
}

/** `alloc_pid(): 512k ops/s on 20 CPUs (ceiling 610k) · 1.10× the baseline (465k ops/s)`, for the output channel. */
export function simulationSummaryLine(r: SimulationReportInput): string {
  const parts = [`${r.function}(): ${compactNumber(r.opsPerSec)} ops/s on ${r.cpus} CPUs (ceiling ${compactNumber(r.ceilingOpsPerSec)})`];
  if (r.baseline && r.speedup !== null) parts.push(`${r.speedup.toFixed(2)}× the baseline (${compactNumber(r.baseline.opsPerSec)} ops/s)`);
  if (r.comparison?.lock) parts.push(`explained by ${r.comparison.lock}`);
  if (r.stopped) parts.push(`stopped early: ${r.stopped}`);
  return parts.join(' · ');
}
