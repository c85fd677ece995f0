/**
 * Settings: the one source of truth for names, types and defaults.
 * package.json `contributes.configuration` must match (a test checks it).
 */
import { DEFAULT_ITERATOR_PATTERNS } from './parsing/kernelShapes';

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
  /** Default simulation scenario for the code lens. */
  simulation: { cpus: number; nsLevel: number; ops: number; seed: number };
}

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
  simulation: { cpus: 20, nsLevel: 0, ops: 20_000, seed: 1 },
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
    simulation: { ...DEFAULT_SETTINGS.simulation, ...(isObj(r.simulation) ? (r.simulation as object) : {}) },
  };
}
