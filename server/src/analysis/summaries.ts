/**
 * Function summaries: what a call to a function of this file (or of the
 * workspace) does to its caller's locks. Lock expressions are kept in the
 * callee's terms (globals, or rooted at a parameter) and translated to the
 * caller's at each call by substituting the argument.
 */
import { RAISED_NEVER, type ModeRaise } from './modeCounts';
import type { FieldSettle } from './fieldEffects';
import type { LockKind } from './lockCatalogue';
import { IDENTIFIER, lockRoot, substituteParam } from './lockNames';

export interface SummaryLock {
  lock: string;
  kind: LockKind;
  flavor: string;
  /** For a returned-held lock: held only when the call returns 0 (`ifZero`) or non-zero/non-NULL (`ifTrue`). */
  conditional?: 'ifZero' | 'ifTrue';
}

export interface FunctionSummary {
  name: string;
  params: string[];
  /** Lock operations along the callee's common path (loops unrolled at their default trip count). */
  commonOps: Array<SummaryLock & { op: 'acquire' | 'release' }>;
  /** Locks it returns holding by design (`_lock` helpers, `__acquires`). */
  acquiresHeld: SummaryLock[];
  /**
   * Locks held on the object it returns (`return base;` holding `base->lock`), written as
   * what follows the name (`->lock`): a caller's `b = f(..)` holds `b->lock`.
   */
  returnedHeld: SummaryLock[];
  /**
   * Locks held on an object handed back through an out-parameter (`*keyp = key;` holding
   * `key->sem`), written as what follows it (`->sem`): a caller's `f(&k)` holds `k->sem`.
   */
  outHeld: Array<SummaryLock & { param: string }>;
  /** Locks its caller holds on entry and it releases (`__releases`, `_unlock` helpers). */
  releasesEntry: SummaryLock[];
  /** Locks it releases on some paths only: the caller can no longer be sure it holds them. */
  mayReleaseEntry: SummaryLock[];
  /** Why a call may sleep (its first sleeping call), or null. */
  maySleep: string | null;
  /** How many calls deep the sleeping call is (0: the function calls it itself). */
  sleepDepth: number;
  /** Most acquires per lock on any path (null = unbounded). */
  maxAcquires: Map<string, number | null>;
  /** The truth of what it returns when every return gives the same constant (`return true;`), else null. */
  returnsConstant: boolean | null;
  /** It releases a caller's lock it cannot name to callers (through a local reassigned on some path). */
  releasesUnnamed: boolean;
  /** It passes a parameter on to an unknown function named for ending something (`walk_done(w)`), or to a callee that does: a caller's lock on that object may be released there. */
  forwardsToUnknown: boolean;
  /** The members of those locks (`i_ceph_lock` of its own `ci = ceph_inode(inode)`), for a caller holding one of that member. */
  unnamedMembers: string[];
  /** File-scope counts it writes, and which it leaves non-zero (`++oops_in_progress`), always or when a parameter is true. */
  raises: ModeRaise[];
  /** File-scope mode counts whose non-zero value rules out every sleep it may do (`if (oops_in_progress) trylock; else down();`). */
  sleepsUnless: string[];
  /** Fields it (or a callee) assigns through a parameter or a global: a caller's facts about them are stale after the call. */
  assigns: string[];
  /** What some of those fields hold at its return (or at a return of 0): `s->owner->open_trans` NULL, `p->link` the parameter `l`. */
  settles: FieldSettle[];
}

/** A summary with no effect: for functions the engine skipped. */
export function emptySummary(name: string, params: string[]): FunctionSummary {
  return { name, params, commonOps: [], acquiresHeld: [], returnedHeld: [], outHeld: [], releasesEntry: [], mayReleaseEntry: [], maySleep: null, sleepDepth: 0, maxAcquires: new Map(), returnsConstant: null, releasesUnnamed: false, forwardsToUnknown: false, raises: [], sleepsUnless: [], unnamedMembers: [], assigns: [], settles: [] };
}

export function hasEffect(s: FunctionSummary): boolean {
  return s.commonOps.length > 0 || s.acquiresHeld.length > 0 || s.returnedHeld.length > 0 || s.outHeld.length > 0 || s.releasesEntry.length > 0 || s.mayReleaseEntry.length > 0 || s.maySleep !== null || s.releasesUnnamed || s.raises.some((r) => r.whenParam !== RAISED_NEVER);
}

/**
 * Keeps only locks a caller can name: globals and parameter-rooted
 * expressions (`locals` are the callee's own variables).
 */
export function isExportable(lock: string, params: string[], locals: Set<string>): boolean {
  const root = lockRoot(lock);
  if (!IDENTIFIER.test(root) || locals.has(root) && !params.includes(root)) return false;
  // `hash[idx].lock` with a local `idx` names a different lock in every call.
  for (const m of lock.matchAll(/(->|\.)?([A-Za-z_]\w*)/g)) if (!m[1] && locals.has(m[2]) && !params.includes(m[2])) return false;
  return true;
}

/** Translates a callee's lock expression to the caller's, or null when it cannot be named there. */
export function translateLock(lock: string, summary: FunctionSummary, args: string[]): string | null {
  const root = lockRoot(lock);
  const i = summary.params.indexOf(root);
  if (i < 0) return lock;
  const arg = args[i];
  if (arg === undefined) return null;
  return substituteParam(lock, root, arg);
}
