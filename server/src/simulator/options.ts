/**
 * From the `locklens.simulation` settings to the simulator's options: the one
 * place the editor's settings, the demo and the CLI turn into a run.
 */
import type { SimulationSettings } from '../config';
import { DEFAULT_COSTS, type CostTable } from './costs';
import type { SimulationOptions } from './simulate';

/** The calibrated cost table with the settings' base costs and per-call overrides applied. */
export function costTableFrom(s: SimulationSettings): CostTable {
  const same = Object.keys(s.callCostsNs).length === 0
    && s.costs.statementNs === DEFAULT_COSTS.statementNs && s.costs.localCallNs === DEFAULT_COSTS.localCallNs
    && s.costs.unknownCallNs === DEFAULT_COSTS.unknownCallNs && s.costs.preloadRefillNs === DEFAULT_COSTS.preloadRefillNs;
  // The shared table when nothing changed: the interpreter caches costs per table.
  if (same) return DEFAULT_COSTS;
  return { ...DEFAULT_COSTS, ...s.costs, calls: { ...DEFAULT_COSTS.calls, ...s.callCostsNs } };
}

/** Options for simulating `functionName` under the settings' scenario and model parameters. */
export function simulationOptionsFrom(s: SimulationSettings, functionName: string): SimulationOptions {
  return {
    functionName,
    cpus: s.cpus,
    nsLevel: s.nsLevel,
    ops: s.ops,
    seed: s.seed,
    costs: costTableFrom(s),
    contention: { ...s.contention },
    workload: { ...s.threadWorkload },
    loopWorkNs: s.loopWorkNs,
  };
}
