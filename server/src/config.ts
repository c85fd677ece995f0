/**
 * Settings: the one source of truth for names, types and defaults.
 * package.json `contributes.configuration` must match (a test checks it).
 */
import { DEFAULT_ITERATOR_PATTERNS } from './parsing/kernelShapes';
import {
  DEFAULT_CONTENTION,
  DEFAULT_COSTS,
  DEFAULT_LOOP_WORK_NS,
  DEFAULT_THREAD_WORKLOAD,
  type ContentionParams,
  type ThreadWorkload,
} from './simulator/costs';

export type CodeSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

export interface ExtraLockApi {
  /** Function name, e.g. `my_lock`. */
  name: string;
  op: 'acquire' | 'release' | 'tryAcquire';
  /** Lock class: spinlock, mutex, rwlock, rwsem, semaphore, ... */
  kind: string;
  /** Which argument is the lock (0-based); -1 for a lock-less API such as `my_irq_off()`. */
  lockArg: number;
}

export interface LockLensSettings {
  /** Master switch. */
  enable: boolean;
  /** Extra lock/unlock APIs beyond the built-in catalogue. */
  extraLockApis: ExtraLockApi[];
  /** Extra function names that may sleep. */
  extraSleepingApis: string[];
  /** Regular expressions matching iterator-macro names treated as loops. */
  iteratorPatterns: string[];
  /** Severity override per diagnostic code (`off` disables it). */
  severity: Record<string, CodeSeverity>;
  /** Files larger than this many bytes are skipped with a notice. */
  maxFileBytes: number;
  /** Work budget per function (CFG blocks × path states visited). */
  functionBudget: number;
  /** Per-lock highlight colours (lock name → CSS colour); others get a stable palette colour. */
  highlightColors: Record<string, string>;
  codeLens: { enable: boolean; simulate: boolean };
  inlayHints: { enable: boolean };
  /** The simulation the code lens and `locklens.simulate` run: scenario and model parameters. */
  simulation: SimulationSettings;
  workspace: { index: WorkspaceIndexSettings };
}

/**
 * Summaries of the workspace's own functions, so that a call into another file
 * counts that function's locks and sleeps: from the open documents, and from a
 * background scan of the workspace folders' `*.c` files.
 */
export interface WorkspaceIndexSettings {
  /** Off: every file is analysed alone. */
  enable: boolean;
  /** At most this many files are scanned (0: open documents only). */
  maxFiles: number;
}

export const WORKSPACE_INDEX_LIMITS = { maxFiles: { min: 0, max: 1_000_000, integer: true } } as const;

/** Base costs of the interpreted code (nanoseconds); see simulator/costs.ts. */
export interface SimulationCostSettings {
  statementNs: number;
  localCallNs: number;
  unknownCallNs: number;
  preloadRefillNs: number;
}

export interface SimulationSettings {
  cpus: number;
  nsLevel: number;
  ops: number;
  seed: number;
  /** Other work between calls of the "call this function in a loop" workload. */
  loopWorkNs: number;
  /** Queued-spinlock and cache parameters of the contention engine. */
  contention: ContentionParams;
  /** The rest of fork and exit around alloc_pid()/free_pid() (the thread create/exit workload). */
  threadWorkload: ThreadWorkload;
  costs: SimulationCostSettings;
  /** Per-call costs by kernel function name, over the calibrated table (and for callees it lacks). */
  callCostsNs: Record<string, number>;
}

/**
 * Accepted ranges of the numeric simulation settings; out-of-range or ill-typed
 * values fall back to the default. The same bounds are declared in package.json.
 */
export const SIMULATION_LIMITS = {
  cpus: { min: 1, max: 1024, integer: true },
  nsLevel: { min: 0, max: 32, integer: true },
  ops: { min: 1, max: 10_000_000, integer: true },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
  /** Time parameters (ns) and the rest. */
  ns: { min: 0, max: 1e9, integer: false },
  workJitter: { min: 0, max: 0.99, integer: false },
  warmupFraction: { min: 0, max: 1, integer: false },
} as const;

const { statementNs, localCallNs, unknownCallNs, preloadRefillNs } = DEFAULT_COSTS;

/** The simulation defaults are the simulator's calibrated ones: costs.ts stays their one home. */
export const DEFAULT_SIMULATION: SimulationSettings = {
  cpus: 20,
  nsLevel: 0,
  ops: 20_000,
  seed: 1,
  loopWorkNs: DEFAULT_LOOP_WORK_NS,
  contention: { ...DEFAULT_CONTENTION },
  threadWorkload: { ...DEFAULT_THREAD_WORKLOAD },
  costs: { statementNs, localCallNs, unknownCallNs, preloadRefillNs },
  callCostsNs: {},
};

export const DEFAULT_SETTINGS: LockLensSettings = {
  enable: true,
  extraLockApis: [],
  extraSleepingApis: [],
  iteratorPatterns: DEFAULT_ITERATOR_PATTERNS,
  severity: {},
  maxFileBytes: 4 * 1024 * 1024,
  functionBudget: 200_000,
  highlightColors: {},
  codeLens: { enable: true, simulate: true },
  inlayHints: { enable: true },
  simulation: DEFAULT_SIMULATION,
  workspace: { index: { enable: true, maxFiles: 2000 } },
};

/** Merges a partial settings object (from the client or a CLI config) over the defaults, ignoring ill-typed values. */
export function resolveSettings(raw: unknown): LockLensSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const pick = <T>(key: keyof LockLensSettings, ok: (v: unknown) => boolean): T =>
    (ok(r[key]) ? r[key] : DEFAULT_SETTINGS[key]) as T;
  const isObj = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v);
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  return {
    enable: pick('enable', (v) => typeof v === 'boolean'),
    extraLockApis: pick('extraLockApis', Array.isArray),
    extraSleepingApis: pick('extraSleepingApis', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string')),
    iteratorPatterns: pick('iteratorPatterns', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string')),
    severity: pick('severity', isObj),
    maxFileBytes: pick('maxFileBytes', isNum),
    functionBudget: pick('functionBudget', isNum),
    highlightColors: pick('highlightColors', isObj),
    codeLens: { ...DEFAULT_SETTINGS.codeLens, ...(isObj(r.codeLens) ? (r.codeLens as object) : {}) },
    inlayHints: { ...DEFAULT_SETTINGS.inlayHints, ...(isObj(r.inlayHints) ? (r.inlayHints as object) : {}) },
    simulation: resolveSimulation(r.simulation),
    workspace: resolveWorkspace(r.workspace),
  };
}

/** `workspace.index`, field by field like the simulation section. */
function resolveWorkspace(raw: unknown): LockLensSettings['workspace'] {
  const r = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  return { index: mergeChecked(DEFAULT_SETTINGS.workspace.index, r.index, () => WORKSPACE_INDEX_LIMITS.maxFiles) };
}

type Limit = { min: number; max: number; integer: boolean };

/** Each field of `defaults` taken from `raw` when it has the default's type (and, for numbers, lies within `limitOf(key)`). */
function mergeChecked<T extends object>(defaults: T, raw: unknown, limitOf: (key: string) => Limit): T {
  const r = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const out = { ...defaults } as Record<string, unknown>;
  for (const [key, fallback] of Object.entries(defaults)) {
    const v = r[key];
    if (typeof fallback === 'boolean' && typeof v === 'boolean') out[key] = v;
    if (typeof fallback === 'number' && typeof v === 'number' && Number.isFinite(v)) {
      const l = limitOf(key);
      if (v >= l.min && v <= l.max && (!l.integer || Number.isInteger(v))) out[key] = v;
    }
  }
  return out as T;
}

/** The simulation section, validated field by field so one bad value keeps the others (Neovim users type these by hand). */
function resolveSimulation(raw: unknown): SimulationSettings {
  const d = DEFAULT_SIMULATION;
  const r = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const limits = SIMULATION_LIMITS as Record<string, Limit>;
  const limitOf = (key: string): Limit => limits[key] ?? SIMULATION_LIMITS.ns;
  const top = mergeChecked({ cpus: d.cpus, nsLevel: d.nsLevel, ops: d.ops, seed: d.seed, loopWorkNs: d.loopWorkNs }, r, limitOf);
  const callCostsNs: Record<string, number> = {};
  if (r.callCostsNs && typeof r.callCostsNs === 'object' && !Array.isArray(r.callCostsNs)) {
    for (const [name, v] of Object.entries(r.callCostsNs as Record<string, unknown>)) {
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= SIMULATION_LIMITS.ns.max) callCostsNs[name] = v;
    }
  }
  return {
    ...top,
    contention: mergeChecked(d.contention, r.contention, limitOf),
    threadWorkload: mergeChecked(d.threadWorkload, r.threadWorkload, limitOf),
    costs: mergeChecked(d.costs, r.costs, limitOf),
    callCostsNs,
  };
}
