/**
 * The common path: the one route through a function that a successful call
 * takes. Branches follow `likely()`/`unlikely()`, error checks are not taken,
 * a side that ends in an error exit is avoided, loops run their trip count.
 * Counting acquires along it gives "pidmap_lock ×2 per call"; loops keep their
 * symbolic trip count so the count generalises (`ns->level + 2`).
 */
import { child, textOf, type SyntaxNode } from '../parsing/syntax';
import type { Branch, CallEvent, Cfg, CfgEvent, LoopInfo } from './cfg';
import { successors, unwrapParens } from './cfg';
import { add, constant, evaluateDefault, isConstant, multiply, type Linear } from './linear';
import type { LockKind } from './lockCatalogue';

/** A lock operation on the common path (from the catalogue, a guard, or a callee). */
export interface PathOp {
  kind: 'op';
  op: 'acquire' | 'release';
  lock: string;
  lockKind: LockKind;
  api: string;
  node: SyntaxNode;
  /** The callee whose summary this op comes from. */
  via?: string;
}

/** A call on the common path, kept for "what runs between the release and the re-acquire". */
export interface PathCall {
  kind: 'call';
  name: string;
  node: SyntaxNode;
  /** Why it may sleep, or null. */
  sleeps: string | null;
}

export interface PathAssign {
  kind: 'assign';
  target: string;
}

export interface PathLoop {
  kind: 'loop';
  loop: LoopInfo;
  /** Iterations in general, or null when unknown. */
  trip: Linear | null;
  /** Iterations in the default scenario (namespace depth 0; unknown = 1). */
  defaultTrip: number;
  body: PathItem[];
}

export type PathItem = PathOp | PathCall | PathAssign | PathLoop;

export interface CommonPath {
  items: PathItem[];
  /** The `return` the path ends at (the body for falling off the end), or null when it never returns. */
  returnNode: SyntaxNode | null;
  /** False when the walk had to guess (switch dispatch, a cycle, the step bound). */
  exact: boolean;
}

/** What the walk needs to know about calls. */
export interface CommonPathHooks {
  /** Lock operations of a call in common-path order (catalogue, or a callee summary's common path). */
  opsOf(ev: CallEvent): PathOp[];
  sleepReason(ev: CallEvent): string | null;
  /** For a conditional acquire call: true when it succeeds on a true result (trylock), false for 0-on-success. */
  conditionalSuccess(callNode: SyntaxNode): boolean | null;
}

const MAX_STEPS = 20_000;
const MAX_VISITS_PER_BLOCK = 4;
/** Expanding loops for back-to-back detection stops at this many iterations. */
const MAX_EXPANDED_TRIPS = 4;
/** The expanded path stays under this many items (nested loops multiply it). */
const MAX_EXPANDED_ITEMS = 8192;
const MAX_EXPANDED_DEPTH = 16;

const ERROR_VARIABLE = /^(err|error|ret|retval|rc|status|res|result|rv|error_code)$|_err$|^err_/;
const ERROR_CHECK_CALLS = /^(IS_ERR|IS_ERR_OR_NULL|IS_ERR_VALUE|WARN|WARN_ON|WARN_ON_ONCE|WARN_ONCE|WARN_RATELIMIT|BUG_ON|signal_pending|fatal_signal_pending|signal_pending_state|kthread_should_stop|need_resched|test_bit|in_interrupt|in_atomic|irqs_disabled|unlikely|__must_check)$/;

/**
 * Chooses the common-path side of a branch. The rule (documented in the README):
 * a `likely()`/`unlikely()` hint wins; a side that ends in an error exit is
 * not taken; error checks are false (`IS_ERR(p)`, `WARN_ON(..)`, `err`, `ret < 0`,
 * `x == -EINVAL`); a trylock succeeds; a pointer tested for NULL is non-NULL;
 * otherwise a side that jumps away is avoided, and an optional block is skipped.
 */
export function chooseBranch(br: Branch, code: string, hooks: CommonPathHooks): boolean {
  if (br.expected !== null) return br.expected;
  if (br.guard) return true;
  if (br.thenError && !br.elseError) return false;
  if (br.elseError && !br.thenError) return true;
  const atom = unwrapParens(br.atom);
  const judged = judgeAtom(atom, code, hooks);
  if (judged !== null) return judged;
  if (br.thenExits && !br.elseExits) return false;
  if (br.elseExits && !br.thenExits) return true;
  return false;
}

/** The common-path value of an atom when its shape says so, else null. */
function judgeAtom(atom: SyntaxNode, code: string, hooks: CommonPathHooks): boolean | null {
  const text = (n: SyntaxNode) => textOf(code, n).replace(/\s+/g, '');
  if (atom.type === 'call_expression') {
    const fn = child(atom, 'function');
    const name = fn ? text(fn) : '';
    if (ERROR_CHECK_CALLS.test(name)) return false;
    const success = hooks.conditionalSuccess(atom);
    if (success !== null) return success;
    return null;
  }
  if (atom.type === 'identifier' || atom.type === 'field_expression') {
    const name = text(atom).replace(/^.*(->|\.)/, '');
    if (ERROR_VARIABLE.test(name)) return false;
    return null;
  }
  if (atom.type === 'assignment_expression') {
    const right = child(atom, 'right');
    const left = child(atom, 'left');
    if (right && unwrapParens(right).type === 'call_expression') {
      const j = judgeAtom(unwrapParens(right), code, hooks);
      if (j !== null) return j;
    }
    if (left && ERROR_VARIABLE.test(text(left))) return false;
    return null;
  }
  if (atom.type === 'binary_expression') {
    const op = child(atom, 'operator');
    const l = child(atom, 'left');
    const r = child(atom, 'right');
    if (!op || !l || !r) return null;
    const o = text(op);
    const rt = text(r);
    const lt = text(l);
    if ((o === '==' || o === '!=') && /^\(?-E[A-Z0-9]+\)?$/.test(rt)) return o === '!=';
    if (o === '<' && /^0[uUlL]*$/.test(rt)) return false;
    if (o === '>=' && /^0[uUlL]*$/.test(rt)) return true;
    if ((o === '==' || o === '!=') && /^(NULL|0)$/.test(rt)) {
      const name = lt.replace(/^.*(->|\.)/, '');
      const isError = ERROR_VARIABLE.test(name);
      // `err != 0` is false; `p == NULL` is false; `p != NULL` is true.
      if (isError) return o === '==';
      return o === '!=';
    }
    if (ERROR_VARIABLE.test(lt) && (o === '<' || o === '!=')) return false;
  }
  return null;
}

/** Walks the common path of a CFG. */
export function walkCommonPath(cfg: Cfg, code: string, hooks: CommonPathHooks): CommonPath {
  const visits = new Map<number, number>();
  interface Open {
    loop: LoopInfo;
    parent: PathItem[];
  }
  const open: Open[] = [];
  let items: PathItem[] = [];
  const root = items;
  let exact = true;
  let returnNode: SyntaxNode | null = null;
  let block = cfg.entry;
  const reachable = reachableBlocks(cfg);

  const closeLoop = () => {
    const o = open.pop()!;
    const trip = o.loop.trip.iterator ? null : o.loop.trip.formula;
    const defaultValue = o.loop.isDo ? 1 : o.loop.trip.iterator ? 1 : trip ? evaluateDefault(trip) : null;
    o.parent.push({ kind: 'loop', loop: o.loop, trip: o.loop.isDo ? constant(1) : trip, defaultTrip: Math.max(0, defaultValue ?? 1), body: items });
    items = o.parent;
  };

  const emit = (ev: CfgEvent) => {
    if (ev.kind === 'assign') {
      items.push({ kind: 'assign', target: ev.target });
    } else if (ev.kind === 'guard') {
      items.push({
        kind: 'op', op: ev.op, lock: ev.lock, lockKind: ev.guard.kind, api: `guard(${ev.className})`,
        node: ev.op === 'acquire' ? ev.node : ev.at,
      });
    } else {
      items.push({ kind: 'call', name: ev.name, node: ev.node, sleeps: hooks.sleepReason(ev) });
      for (const op of hooks.opsOf(ev)) items.push(op);
    }
  };

  for (let steps = 0; ; steps++) {
    if (steps > MAX_STEPS) {
      exact = false;
      break;
    }
    if (block === cfg.exit) break;
    // Leaving an open loop through its exit (a `break`, a false condition).
    const exiting = open.findIndex((o) => o.loop.exit === block);
    if (exiting >= 0) while (open.length > exiting) closeLoop();
    const loop = cfg.loopByHeader.get(block);
    if (loop) {
      const at = open.findIndex((o) => o.loop === loop);
      if (at >= 0) {
        // Back at the header: one iteration walked; the rest repeat it.
        while (open.length > at) closeLoop();
        // An endless loop (`for (;;)` with no way out): nothing after it runs.
        if (!reachable.has(loop.exit)) {
          exact = false;
          break;
        }
        block = loop.exit;
        continue;
      }
      open.push({ loop, parent: items });
      items = [];
      if (!loop.isDo) {
        for (const ev of cfg.blocks[block].events) emit(ev);
        block = loop.bodyEntry;
        continue;
      }
    }
    const n = (visits.get(block) ?? 0) + 1;
    visits.set(block, n);
    if (n > MAX_VISITS_PER_BLOCK) {
      exact = false;
      break;
    }
    const b = cfg.blocks[block];
    for (const ev of b.events) emit(ev);
    if (b.returnNode) {
      returnNode = b.returnNode;
      break;
    }
    if (b.noReturn) break;
    if (b.branch) {
      block = b.branch.loop ? b.branch.onFalse : chooseBranch(b.branch, code, hooks) ? b.branch.onTrue : b.branch.onFalse;
      continue;
    }
    if (b.next.length === 0) break;
    if (b.next.length > 1) exact = false; // switch dispatch: take the first case
    if (b.next[0] === cfg.exit) {
      returnNode = cfg.body;
      break;
    }
    block = b.next[0];
  }
  while (open.length) closeLoop();
  return { items: root, returnNode, exact };
}

/** Blocks reachable from the entry. */
function reachableBlocks(cfg: Cfg): Set<number> {
  const seen = new Set<number>([cfg.entry]);
  const stack = [cfg.entry];
  while (stack.length) {
    for (const n of successors(cfg, stack.pop()!)) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

/** Acquires of `lock` along the path in general (symbolic), or null when a loop bound is unknown. */
export function acquireFormula(items: PathItem[], lock: string): Linear | null {
  let total = constant(0);
  for (const it of items) {
    if (it.kind === 'op' && it.op === 'acquire' && it.lock === lock) total = add(total, constant(1));
    else if (it.kind === 'loop') {
      const inner = acquireFormula(it.body, lock);
      if (inner === null) return null;
      if (isConstant(inner) && inner.constant === 0) continue;
      if (!it.trip) return null;
      const m = multiply(it.trip, inner);
      if (!m) return null;
      total = add(total, m);
    }
  }
  return total;
}

/**
 * The path with loops unrolled to their default trip count (capped), for order-sensitive
 * questions. Two trips of every loop already show each wrap-around (last op of one
 * iteration, first of the next), so when nested loops would multiply the path beyond
 * MAX_EXPANDED_ITEMS the cap comes down, to one trip at worst (what a single pass shows).
 */
export function expandPath(items: PathItem[]): Array<PathOp | PathCall | PathAssign> {
  let trips = MAX_EXPANDED_TRIPS;
  while (trips > 1 && expandedSize(items, trips, 0) > MAX_EXPANDED_ITEMS) trips--;
  return expandInto(items, trips, [], 0);
}

function expandInto(items: PathItem[], trips: number, out: Array<PathOp | PathCall | PathAssign>, depth: number): Array<PathOp | PathCall | PathAssign> {
  for (const it of items) {
    if (it.kind !== 'loop') out.push(it);
    else if (depth < MAX_EXPANDED_DEPTH) {
      const n = Math.min(it.defaultTrip, trips);
      for (let i = 0; i < n; i++) expandInto(it.body, trips, out, depth + 1);
    }
  }
  return out;
}

/** How many items expandInto would produce (stops counting past MAX_EXPANDED_ITEMS). */
function expandedSize(items: PathItem[], trips: number, depth: number): number {
  let n = 0;
  for (const it of items) {
    if (it.kind !== 'loop') n++;
    else if (depth < MAX_EXPANDED_DEPTH) n += Math.min(it.defaultTrip, trips) * expandedSize(it.body, trips, depth + 1);
    if (n > MAX_EXPANDED_ITEMS) return n;
  }
  return n;
}

/** Acquires of `lock` in the default scenario (loops at their default trip count, not capped). */
export function defaultAcquires(items: PathItem[], lock: string): number {
  let n = 0;
  for (const it of items) {
    if (it.kind === 'op' && it.op === 'acquire' && it.lock === lock) n++;
    else if (it.kind === 'loop') n += it.defaultTrip * defaultAcquires(it.body, lock);
  }
  return n;
}

/** Every lock the path operates on, in order of first appearance, with its kind. */
export function locksOnPath(items: PathItem[], out = new Map<string, LockKind>()): Map<string, LockKind> {
  for (const it of items) {
    if (it.kind === 'op' && !out.has(it.lock)) out.set(it.lock, it.lockKind);
    else if (it.kind === 'loop') locksOnPath(it.body, out);
  }
  return out;
}
