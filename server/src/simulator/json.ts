/**
 * The JSON result of `locklens simulate --format json` (issue 7's contract):
 * `function, cpus, opsPerSec, ceilingOpsPerSec, locks, invariants, stubbed,
 * baseline, speedup`, then extra fields (scaling, scenarios, traces...).
 */
import type { SimulationResult } from './simulate';

export interface JsonSimulation {
  function: string;
  cpus: number;
  opsPerSec: number;
  ceilingOpsPerSec: number;
  locks: SimulationResult['locks'];
  invariants: SimulationResult['invariants'];
  stubbed: SimulationResult['stubbed'];
  baseline: Omit<JsonSimulation, 'baseline' | 'speedup'> | null;
  speedup: number | null;
  [extra: string]: unknown;
}

function body(r: SimulationResult): Omit<JsonSimulation, 'baseline' | 'speedup'> {
  return {
    function: r.function,
    cpus: r.cpus,
    opsPerSec: r.opsPerSec,
    ceilingOpsPerSec: r.ceilingOpsPerSec,
    locks: r.locks,
    invariants: r.invariants,
    stubbed: r.stubbed,
    file: r.file,
    workload: r.workload,
    nsLevel: r.nsLevel,
    seed: r.seed,
    bottleneck: r.bottleneck,
    scaling: r.scaling,
    violations: r.violations,
    notInterpreted: r.notInterpreted,
    scenarios: r.scenarios,
    callTrace: r.callTrace,
    callTraceNs: r.callTraceNs,
    stopped: r.stopped,
  };
}

export function toJsonResult(r: SimulationResult): JsonSimulation {
  const all = body(r);
  // The contract's fields first, in the order; extras after.
  const head = {
    function: r.function,
    cpus: r.cpus,
    opsPerSec: r.opsPerSec,
    ceilingOpsPerSec: r.ceilingOpsPerSec,
    locks: r.locks,
    invariants: r.invariants,
    stubbed: r.stubbed,
    baseline: r.baseline ? body(r.baseline) : null,
    speedup: r.speedup,
    comparison: r.comparison,
  };
  return { ...head, ...all, baseline: head.baseline, speedup: head.speedup };
}
