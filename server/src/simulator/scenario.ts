/**
 * Scenarios (namespace depth, pid_max, set_tid, pre-filled IDRs) and fault plans
 * (which memory requests fail, an exhausted pid space, a dying namespace).
 */
import { PID_MAX_DEFAULT } from './constants';

/**
 * What goes wrong during a call. Memory requests are numbered per call in the
 * order they happen: kmem_cache_alloc/kmalloc, an idr_preload() that must refill
 * its node, and any IDR insertion not covered by a preload.
 */
export interface FaultPlan {
  name: string;
  description: string;
  /** Only this memory request (1-based) fails. */
  failRequest?: number;
  /** Every memory request from this one (1-based) on fails: the machine is out of memory. */
  failFromRequest?: number;
  /** GFP_ATOMIC requests not covered by a preload fail (the atomic reserves are empty); sleeping ones succeed. */
  tightAtomic?: boolean;
  /** The pid space of the namespace at this level (0 = init) is full. */
  exhaustLevel?: number;
  /** The target namespace is being torn down: PIDNS_ADDING is cleared. */
  nsDying?: boolean;
  /** set_tid values passed to alloc_pid, innermost namespace first. */
  setTid?: number[];
  /** Passes this set_tid_size instead of setTid.length. */
  setTidSize?: number;
  /** Ids already taken in the namespace at `level` before the call. */
  taken?: { level: number; ids: number[] };
  /** The target namespace has no child reaper (no init process yet). */
  noReaper?: boolean;
  /** checkpoint_restore_ns_capable() says no. */
  notCapable?: boolean;
  /** Conditions on unknown values take the uncommon branch (explores error paths). */
  unknownBranches?: boolean;
}

export interface Scenario {
  /** Depth of the target namespace: 0 is the init namespace. */
  nsLevel: number;
  pidMax: number;
  plan: FaultPlan;
  /** Pre-fill this many ids at every level (a busy system: the cursor starts past them). */
  prefill?: number;
}

export const NO_FAULTS: FaultPlan = { name: 'none', description: 'no faults' };

export function defaultScenario(nsLevel = 0, plan: FaultPlan = NO_FAULTS): Scenario {
  return { nsLevel, pidMax: PID_MAX_DEFAULT, plan };
}

/**
 * Every fault plan the scenario sweep runs, for a namespace of `nsLevel`:
 * single memory faults at each request a call of that depth can make, an out-of-
 * memory machine from each request on, tight atomic reserves, exhaustion at each
 * level, a dying namespace, and the set_tid cases.
 */
export function faultPlans(nsLevel: number): FaultPlan[] {
  const plans: FaultPlan[] = [NO_FAULTS];
  // A call of depth L makes at most 1 (pid) + 2 per level (preload refill, uncovered insert) + 2 (publish) requests.
  const maxRequest = 2 * (nsLevel + 1) + 3;
  for (let k = 1; k <= maxRequest; k++) {
    plans.push({ name: `fail-request-${k}`, description: `memory request #${k} of the call fails`, failRequest: k });
  }
  for (let k = 1; k <= maxRequest; k++) {
    plans.push({ name: `oom-from-${k}`, description: `every memory request from #${k} on fails`, failFromRequest: k });
  }
  plans.push({ name: 'tight-atomic', description: 'GFP_ATOMIC allocations beyond the preload fail with -ENOMEM', tightAtomic: true });
  for (let level = 0; level <= nsLevel; level++) {
    plans.push({ name: `exhausted-level-${level}`, description: `the pid space of namespace level ${level} is full`, exhaustLevel: level });
  }
  plans.push({ name: 'ns-dying', description: 'the namespace is being torn down (PIDNS_ADDING cleared)', nsDying: true });
  const tids = (v: number) => Array.from({ length: nsLevel + 1 }, (_, i) => v + i);
  plans.push({ name: 'set-tid', description: 'set_tid asks for free numbers at every level', setTid: tids(500) });
  plans.push({ name: 'set-tid-taken', description: 'set_tid asks for a number already in use', setTid: tids(500), taken: { level: 0, ids: [500 + nsLevel] } });
  plans.push({ name: 'set-tid-invalid', description: 'set_tid asks for pid 0', setTid: [0] });
  plans.push({ name: 'set-tid-too-long', description: 'set_tid_size exceeds the namespace depth', setTid: tids(500), setTidSize: nsLevel + 2 });
  plans.push({ name: 'set-tid-no-reaper', description: 'set_tid in a namespace without a reaper', setTid: [500], noReaper: true });
  plans.push({ name: 'set-tid-not-capable', description: 'set_tid without CAP_CHECKPOINT_RESTORE', setTid: [500], notCapable: true });
  return plans;
}
