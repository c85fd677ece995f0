/**
 * Path-sensitive lock-state dataflow over the CFG.
 *
 * Each program point carries a small set of path states ("disjuncts"): the
 * locks held, plus what the paths know about simple variables (`locked` is
 * false here; `ret` holds a pending `mutex_lock_interruptible` result). Branches
 * on those variables prune infeasible paths, which is what keeps correlated
 * conditional locking and trylock/interruptible results free of false alarms.
 * Too many states at one point are merged into one marked `uncertain`, and an
 * uncertain lock never produces a diagnostic.
 */
import { child, textOf, type SyntaxNode } from '../parsing/syntax';
import type { Block, CallEvent, Cfg, CfgEvent } from './cfg';
import { constantValue, type FieldEffects } from './fieldEffects';
import { steppedOperand, unwrapParens } from './cfg';
import { EXCLUSIVE_KINDS, RECURSIVE_KINDS, SEQ_FALSE_WHEN_ODD, SEQ_PARITY_KEEPING, flavorsMatch, type LockKind } from './lockCatalogue';
import { IDENTIFIER, lockMember, lockRoot, normalizeLock } from './lockNames';
import { raisesCount } from './modeCounts';

/** A lock operation resolved from a call, a guard, or a callee's summary. */
export interface LockOp {
  /** `mayRelease`: a callee releases it on some paths (the lock becomes uncertain). */
  op: 'acquire' | 'release' | 'acquireIfTrue' | 'acquireIfZero' | 'mayRelease';
  lock: string;
  kind: LockKind;
  flavor: string;
  /** The API as written (`spin_lock`, `guard(spinlock)`, or a callee's name). */
  api: string;
  node: SyntaxNode;
  nested?: boolean;
  /** Set when the op comes from a callee's summary. */
  via?: string;
  /** For `idr_preload(gfp)`: the GFP argument text. */
  gfp?: string;
  /** The success of a trylock: it fails on a held lock instead of deadlocking. */
  tried?: boolean;
  /** A callee's lock on the object it stores through `&x` (`lock_tree(.., &tree)`): the call writes `x`, non-NULL where held. */
  handedBack?: boolean;
}

export interface Held {
  lock: string;
  kind: LockKind;
  flavor: string;
  api: string;
  count: number;
  site: SyntaxNode;
  /** Merged from differing paths, or the variable it hangs off was reassigned: never diagnose. */
  uncertain: boolean;
  /** An unknown callee was handed the lock (or its object) and may have released it. */
  calleeMayRelease: boolean;
  /** Allocations made under this preload (idr_preload pseudo-lock only). */
  uses: number;
  gfp?: string;
}

/**
 * A released lock remembers where, and whether a callee's summary did it (summaries are heuristic).
 * `blurred`: the path was merged past the state cap, its facts gone: a second release may be a path the facts excluded.
 */
export type Slot = Held | { released: SyntaxNode; viaCallee?: boolean; blurred?: true };

export interface PathState {
  locks: Map<string, Slot>;
  /** Locks this path released without taking them: held by the caller on entry. */
  entryHeld: Set<string>;
  facts: Map<string, boolean>;
  pending: Map<string, LockOp>;
  /** Last allocation under the current preload (for related locations). */
  lastAlloc: SyntaxNode | null;
  /** `cur = op;`: `cur` names what `op` names (until either is assigned again). */
  aliases: Map<string, string>;
}

export interface RawFinding {
  code: 'lock/release-unheld' | 'lock/double-acquire' | 'lock/mismatched-release';
  node: SyntaxNode;
  lock: string;
  other: SyntaxNode | null;
  message: string;
}

export interface ReturnObservation {
  /** The `return` statement, or the function's closing brace. */
  node: SyntaxNode;
  block: number;
  state: PathState;
}

export interface DataflowHooks {
  /** Lock operations a call performs (catalogue, summaries, settings). */
  classify(ev: CallEvent): LockOp[];
  /** True for an allocation that consumes the current idr/radix-tree preload. */
  consumesPreload(ev: CallEvent): boolean;
  /** True for a call that is neither in the catalogue nor summarised. */
  isUnknownCall(ev: CallEvent): boolean;
  /** A summarised callee that releases a lock it found itself, not one named by its arguments. */
  releasesLookedUp?(ev: CallEvent): boolean;
  /** The members of the locks such a callee releases by its own names (`ci->i_ceph_lock`: `i_ceph_lock`). */
  releasedMembers?(ev: CallEvent): string[];
  /** An element of a file-scope lock table (`fault_mutex_table[hash]`): any function can index it. */
  isGlobalTableLock?(lock: string): boolean;
  /** Fields a call assigns and what it leaves in them (in this function's words), from the callee's summary. */
  fieldEffects?(ev: CallEvent): FieldEffects | null;
  /** Fields this function writes that its callers can name: the values of a few are followed for its summary. */
  watchedFields?: string[];
  /** A path this function's callers can name (a global, or through a parameter): what a watched field may hold for them. */
  callerNames?(path: string): boolean;
  /** What a callee returns on every path, when that is one constant truth value. */
  constantResult?(callee: string): boolean | null;
  /** A file-scope mode count some callee sleeps only without (`oops_in_progress`): its raises are tracked. */
  isModeCount?(name: string): boolean;
  /** The file-scope mode counts a call writes, and whether it leaves each non-zero (`bust_spinlocks(1)`). */
  modeWrites?(ev: CallEvent): Array<{ global: string; raised: boolean }>;
  /** Variables whose constant values the facts keep though no branch tests them (a `return rc;` the summary reads). */
  valued?: Iterable<string>;
}

export interface DataflowResult {
  /** States reaching each call event (before it runs), deduplicated, capped. */
  callStates: Map<CallEvent, PathState[]>;
  /** States at each branch atom, for region lines. */
  atomStates: Map<SyntaxNode, PathState[]>;
  returns: ReturnObservation[];
  findings: RawFinding[];
  /** Acquire-site start offset → release nodes that end it (and the reverse). */
  partners: Array<{ acquire: SyntaxNode; release: SyntaxNode; lock: string }>;
  /** The budget ran out: results are partial and must not produce diagnostics. */
  budgetExceeded: boolean;
  /** Some point merged states (precision lost there). */
  merged: boolean;
  /** Visits of (block, state) pairs made. */
  steps: number;
  /** 0-based rows where code runs with each lock held, on some path. */
  heldRows: Map<string, Set<number>>;
  /** 0-based rows that hold code the walk visited (calls, assignments, conditions, returns). */
  codeRows: Set<number>;
  /** Assignment targets written with each lock held, with the offset of their first write. */
  writesUnder: Map<string, Map<string, number>>;
}

const MAX_STATES_PER_BLOCK = 24;
export const MAX_RECORDED_STATES = 8;
const MAX_COUNT = 3;
const MAX_FACTS = 16;
/** Fields whose values are followed for the summary (each one more fact per path). */
const MAX_WATCHED_FIELDS = 8;
/** Calls that modify the container passed first (for "what the lock protects"). */
const MUTATING_CALL = /^(idr_(alloc|alloc_cyclic|alloc_u32|replace|remove|set_cursor)|ida_(alloc|free)|xa_(store|erase|insert|alloc)|list_(add|add_tail|del|del_init|move|move_tail|splice)|hlist_(add_head|del|del_init)|rb_(insert_color|erase)|radix_tree_(insert|delete))/;

const isHeld = (s: Slot | undefined): s is Held => !!s && 'count' in s;

function cloneState(s: PathState): PathState {
  return { locks: new Map(s.locks), entryHeld: new Set(s.entryHeld), facts: new Map(s.facts), pending: new Map(s.pending), lastAlloc: s.lastAlloc, aliases: new Map(s.aliases) };
}

/**
 * A canonical string for a state (maps compared as sets). Built from plain strings
 * sorted as strings: sorting [key, value] pairs by default converts each pair to a
 * string on every comparison, which made this the hottest function of the analysis.
 */
function stateKey(s: PathState): string {
  const locks: string[] = [];
  for (const [k, v] of s.locks) {
    locks.push(isHeld(v) ? `${k}=${v.count}${v.uncertain ? '?' : ''}${v.calleeMayRelease ? 'c' : ''}@${v.site.start}/${v.flavor}/${v.uses}` : `${k}=R`);
  }
  const facts: string[] = [];
  for (const [k, v] of s.facts) facts.push(v ? `${k}=1` : `${k}=0`);
  const key = `${sorted(locks)}|e:${sorted([...s.entryHeld])}|f:${sorted(facts)}|p:${sorted([...s.pending.keys()])}`;
  if (!s.aliases.size) return key;
  const aliases: string[] = [];
  for (const [k, v] of s.aliases) aliases.push(`${k}=${v}`);
  return `${key}|a:${sorted(aliases)}`;
}

function sorted(parts: string[]): string {
  if (parts.length > 1) parts.sort();
  return parts.join(',');
}

/** Merges states into one, marking every lock the states disagree on as uncertain. */
function mergeStates(states: PathState[]): PathState {
  const first = states[0];
  const out = cloneState(first);
  const allKeys = new Set<string>();
  for (const s of states) for (const k of s.locks.keys()) allKeys.add(k);
  for (const k of allKeys) {
    const slots = states.map((s) => s.locks.get(k));
    const held = slots.find(isHeld);
    const same = slots.every((x) => (isHeld(x) && isHeld(slots[0]) ? x.count === (slots[0] as Held).count : !isHeld(x) && !isHeld(slots[0]) && !!x === !!slots[0]));
    if (held) out.locks.set(k, { ...held, count: Math.max(...slots.map((x) => (isHeld(x) ? x.count : 0))), uncertain: held.uncertain || !same });
    else if (same && slots[0]) out.locks.set(k, slots.some((x) => x && !isHeld(x) && x.blurred) ? { ...(slots[0] as Exclude<Slot, Held>), blurred: true } : slots[0]);
    else out.locks.delete(k);
  }
  for (const s of states.slice(1)) {
    for (const e of s.entryHeld) out.entryHeld.add(e);
    for (const [k, v] of out.facts) if (s.facts.get(k) !== v) out.facts.delete(k);
    for (const k of [...out.pending.keys()]) if (!s.pending.has(k)) out.pending.delete(k);
    for (const [k, v] of [...out.aliases]) if (s.aliases.get(k) !== v) out.aliases.delete(k);
  }
  return out;
}

export function initialState(entryLocks: Array<{ lock: string; kind: LockKind; node: SyntaxNode }>): PathState {
  const s: PathState = { locks: new Map(), entryHeld: new Set(), facts: new Map(), pending: new Map(), lastAlloc: null, aliases: new Map() };
  for (const e of entryLocks) {
    s.locks.set(e.lock, { lock: e.lock, kind: e.kind, flavor: 'plain', api: 'entry', count: 1, site: e.node, uncertain: true, calleeMayRelease: false, uses: 0 });
    s.entryHeld.add(e.lock);
  }
  return s;
}

/** Runs the dataflow. `budget` bounds the number of (block, state) visits. */
export function runLockDataflow(cfg: Cfg, code: string, hooks: DataflowHooks, init: PathState, budget: number): DataflowResult {
  const result: DataflowResult = {
    callStates: new Map(), atomStates: new Map(), returns: [], findings: [], partners: [], budgetExceeded: false, merged: false, steps: 0,
    heldRows: new Map(), codeRows: new Set(), writesUnder: new Map(),
  };
  const noteRows = (from: number, to: number, s: PathState) => {
    for (let r = from; r <= to && r - from < 64; r++) result.codeRows.add(r);
    for (const [k, v] of s.locks) {
      if (!isHeld(v)) continue;
      let rows = result.heldRows.get(k);
      if (!rows) result.heldRows.set(k, (rows = new Set()));
      for (let r = from; r <= to && r - from < 64; r++) rows.add(r);
    }
  };
  const eventRows = (ev: CfgEvent): [number, number] => {
    if (ev.kind === 'guard') return ev.op === 'acquire' ? [ev.node.startRow, ev.node.startRow] : [ev.at.endRow, ev.at.endRow];
    return [ev.node.startRow, ev.node.endRow];
  };
  const seen: Array<Set<string>> = cfg.blocks.map(() => new Set());
  const mergedAt: Array<PathState | null> = cfg.blocks.map(() => null);
  const findingKeys = new Set<string>();
  const partnerKeys = new Set<string>();
  const returnKeys = new Set<string>();
  const work: Array<{ block: number; state: PathState }> = [{ block: cfg.entry, state: init }];
  const text = (n: SyntaxNode) => textOf(code, n);
  // How many branch atoms test each subject: a fact about an untested name is dead weight,
  // and one tested at a single atom is the first to forget when the facts run over.
  const tested = new Map<string, number>();
  for (const b of cfg.blocks) {
    const t = b.branch ? truthTest(unwrapParens(b.branch.atom), true, init) : null;
    if (t) tested.set(t.subject, (tested.get(t.subject) ?? 0) + 1);
    // `need_seqretry(lock, seq)` tests the parity of `seq` too.
    const odd = b.branch ? oddSeqSubject(unwrapParens(b.branch.atom), text) : null;
    if (odd) tested.set(odd, (tested.get(odd) ?? 0) + 1);
  }
  // The bit tests of each name (`x & A`, `x & (A | B)`), for what an assignment of a constant tells them.
  const bitSubjects = new Map<string, Array<{ key: string; terms: string[] }>>();
  for (const key of tested.keys()) {
    const b = parseBitKey(key);
    if (!b) continue;
    let list = bitSubjects.get(b.name);
    if (!list) bitSubjects.set(b.name, (list = []));
    list.push({ key, terms: b.terms });
  }
  for (const v of hooks.valued ?? []) tested.set(v, (tested.get(v) ?? 0) + 1);
  // What each assignment tells the facts, read once here rather than on every visit. A fact an
  // assignment sets and one test reads is worth as much as one two tests share.
  const assigned = new Map<CfgEvent, AssignedValue>();
  for (const b of cfg.blocks) {
    for (const ev of b.events) {
      if (ev.kind !== 'assign') continue;
      const a = readAssignment(ev.node, code, hooks.constantResult);
      assigned.set(ev, a);
      const subject = a.copied !== null ? equalitySubject(ev.target, a.copied) : a.constant !== null ? ev.target : null;
      if (subject !== null && tested.has(subject)) tested.set(subject, tested.get(subject)! + 1);
    }
  }

  // The fields it tests itself first (`if (current->journal_info) BUG();` before setting it): the likeliest a caller tests too.
  const fields = hooks.watchedFields ?? [];
  const watched = new Set([...fields.filter((f) => tested.has(f)), ...fields.filter((f) => !tested.has(f))].slice(0, MAX_WATCHED_FIELDS));
  for (const f of watched) if (!tested.has(f)) tested.set(f, 1);

  /** Plain releases of irq-flavoured locks (by offset), reported unless a plain acquire takes the interrupt state over. */
  const carries = new Map<number, RawFinding>();
  const carriesTaken = new Set<number>();
  const report = (f: RawFinding) => {
    const k = `${f.code}:${f.node.start}:${f.lock}`;
    if (!findingKeys.has(k)) {
      findingKeys.add(k);
      result.findings.push(f);
    }
  };

  const record = <K>(map: Map<K, PathState[]>, key: K, s: PathState) => {
    let arr = map.get(key);
    if (!arr) map.set(key, (arr = []));
    if (arr.length < MAX_RECORDED_STATES) arr.push(s);
  };

  const enqueue = (block: number, state: PathState) => {
    if (mergedAt[block]) {
      const m = mergeStates([mergedAt[block]!, state]);
      const k = stateKey(m);
      if (seen[block].has(k)) return;
      seen[block].add(k);
      mergedAt[block] = m;
      work.push({ block, state: m });
      return;
    }
    const k = stateKey(state);
    if (seen[block].has(k)) return;
    seen[block].add(k);
    if (seen[block].size > MAX_STATES_PER_BLOCK) {
      result.merged = true;
      mergedAt[block] = markUncertain(state);
      work.push({ block, state: mergedAt[block]! });
      return;
    }
    work.push({ block, state });
  };

  while (work.length) {
    if (++result.steps > budget) {
      result.budgetExceeded = true;
      break;
    }
    const { block: id, state: incoming } = work.pop()!;
    const block = cfg.blocks[id];
    let state = cloneState(incoming);
    for (const ev of block.events) {
      const [from, to] = eventRows(ev);
      noteRows(from, to, state);
      state = applyEvent(ev, state);
      noteRows(from, to, state);
    }
    if (block.returnNode || (block.next.includes(cfg.exit) && !block.branch)) {
      const node = block.returnNode ?? closingBrace(cfg, block);
      if (node) noteRows(node === cfg.body ? node.endRow : node.startRow, node.endRow, state);
      if (node) {
        const k = `${node.start}:${stateKey(state)}`;
        if (!returnKeys.has(k) && result.returns.length < 256) {
          returnKeys.add(k);
          result.returns.push({ node, block: id, state });
        }
      }
    }
    if (block.noReturn) continue;
    if (block.branch) {
      const br = block.branch;
      record(result.atomStates, br.atom, state);
      noteRows(br.atom.startRow, br.atom.endRow, state);
      for (const [value, target] of [[true, br.onTrue], [false, br.onFalse]] as const) {
        let next = assume(br.atom, value, state);
        // In an entry iterator's body its cursor is an element (`return e;` from inside the loop).
        if (next && value && br.cursor !== undefined && tested.has(br.cursor) && next.facts.get(br.cursor) !== true) {
          if (next === state) next = cloneState(state);
          setFact(next, br.cursor, true, tested);
        }
        if (next) enqueue(target, next);
      }
    }
    for (const n of block.next) if (n !== cfg.exit) enqueue(n, state);
  }
  // A plain release that left interrupts off for no plain acquire after it: the saved state is lost.
  for (const [at, f] of carries) if (!carriesTaken.has(at)) report(f);
  return result;

  function noteWrite(s: PathState, target: string, at: number): void {
    if (target.length > 80) return;
    for (const [k, v] of s.locks) {
      if (!isHeld(v) || k === 'idr preload') continue;
      let w = result.writesUnder.get(k);
      if (!w) result.writesUnder.set(k, (w = new Map()));
      if (!w.has(target) && w.size < 32) w.set(target, at);
    }
  }

  function applyEvent(ev: CfgEvent, s: PathState): PathState {
    if (ev.kind === 'assign') {
      noteWrite(s, ev.target, ev.node.start);
      // `ret = mutex_lock_interruptible(..)`: the call just recorded its pending
      // result under `ret`; the assignment itself must not erase it.
      const { constant, copied, inner, number, fromCall } = assigned.get(ev)!;
      // `start = pte = pte_offset_map_lock(..)`: the outer name gets the inner one's pending result.
      const pend = s.pending.get(ev.target) ?? (inner !== null ? s.pending.get(inner) : undefined);
      // `pte++` steps a mapped pointer: non-NULL stays non-NULL (the witness of a held lock stays true),
      // and `if (!pte++)` tests the value before the step, which the CFG puts after it.
      const stepped = ev.node.type === 'update_expression' && cfg.pointers.has(ev.target) ? s.facts.get(ev.target) : undefined;
      // `ret = trans_open(s)`: the call just left its pending settles under `ret`.
      const settling = fromCall ? [...s.facts.keys()].filter((k) => k.startsWith(`${PENDING_SETTLE}${ev.target}|`)) : [];
      forget(s, ev.target, ev.node);
      // `++oops_in_progress;`: the mode count is non-zero from here (a callee may sleep only while it is zero).
      if (hooks.isModeCount?.(ev.target) && raisesCount(ev.node, code)) s.facts.set(`${RAISED}${ev.target}`, true);
      for (const k of settling) s.facts.set(k, true);
      if (stepped !== undefined) s.facts.set(ev.target, stepped);
      // `s->owner->open_trans = t;` in a function whose callers may test it: follow what it holds.
      if (copied !== null && watched.has(ev.target) && copied !== ev.target) settle(s, ev.target, copied, false);
      if (pend && pend.node.start >= ev.node.start && pend.node.end <= ev.node.end) s.pending.set(ev.target, pend);
      // `locked = true;` after the lock, `if (locked) unlock`: a constant assigned is known until the next assignment.
      if (constant !== null && tested.has(ev.target)) setFact(s, ev.target, constant, tested);
      // `seq = 1;` ... `if (seq & 1)`: the bits of a literal assigned are known until the next write.
      if (number !== null) {
        for (const b of bitSubjects.get(ev.target) ?? []) {
          const v = bitsOfValue(number, b.terms);
          if (v !== null) setFact(s, b.key, v, tested);
        }
      }
      // `pml = pmd_lock(..)`, `wb = lock_wb(..)` holding `wb->list_lock`: what this call just locked is not NULL.
      if (tested.has(ev.target)) {
        for (const [k, v] of s.locks) {
          if (isHeld(v) && (k === ev.target || lockRoot(k) === ev.target) && v.site.start >= ev.node.start && v.site.end <= ev.node.end) {
            setFact(s, ev.target, true, tested);
            break;
          }
        }
      }
      if (copied !== null) {
        // `buf = of->prealloc_buf;` ... `if (buf == of->prealloc_buf)`: equal until either changes.
        const subject = equalitySubject(ev.target, copied);
        if (tested.has(subject)) setFact(s, subject, false, tested);
        // `cur = op;`: kept only while it can matter, when `op` names a lock this path holds.
        if (copied !== ev.target && IDENTIFIER.test(copied) && IDENTIFIER.test(ev.target) && holdsLockOf(s, copied)) s.aliases.set(ev.target, copied);
      }
      return s;
    }
    if (ev.kind === 'guard') {
      const op: LockOp = { op: ev.op, lock: ev.lock, kind: ev.guard.kind, flavor: ev.guard.flavor, api: `guard(${ev.className})`, node: ev.op === 'acquire' ? ev.node : ev.at };
      applyOp(op, s);
      return s;
    }
    record(result.callStates, ev, cloneState(s));
    if (ev.name === '__release' || ev.name === '__acquire') {
      if (ev.name === '__release') endsHold(ev, s);
      return s;
    }
    // `idr_alloc(&tmp->idr, ...)`, `list_add(&p->node, &head)`: the container is written under the lock.
    if (MUTATING_CALL.test(ev.name) && ev.args[0]) {
      const arg = text(ev.args[0]).replace(/\s+/g, '');
      if (arg.startsWith('&')) noteWrite(s, normalizeLock(arg), ev.node.start);
    }
    const ops = hooks.classify(ev);
    for (const name of handedBackThrough(ops)) forgetValue(s, name);
    if (hooks.consumesPreload(ev)) {
      const p = s.locks.get('idr preload');
      if (isHeld(p)) {
        s.locks.set('idr preload', { ...p, uses: Math.min(MAX_COUNT, p.uses + 1) });
        s.lastAlloc = ev.node;
      }
    }
    // A callee that drops a lock held here under another name re-takes it under that name too.
    let renamed: Map<string, string> | null = null;
    for (const raw of ops) {
      let op = s.aliases.size ? throughAlias(raw, s) : raw;
      if (op.via && (op.op === 'release' || op.op === 'mayRelease')) {
        const held = sameMemberHeld(op, s);
        if (held.lock !== raw.lock) (renamed ??= new Map()).set(raw.lock, held.lock);
        op = held;
      } else if (renamed?.has(op.lock)) op = { ...op, lock: renamed.get(op.lock)! };
      if (op.op === 'acquireIfTrue' || op.op === 'acquireIfZero') {
        s.pending.set(`@${ev.node.start}`, op);
        if (ev.assignTo) s.pending.set(ev.assignTo, op);
      } else applyOp(op, s);
    }
    if (ev.assignTo) {
      s.facts.delete(ev.assignTo);
      if (!ops.some((o) => o.op === 'acquireIfTrue' || o.op === 'acquireIfZero')) s.pending.delete(ev.assignTo);
    }
    // A callee that also drops a lock it finds itself (hugetlb_no_page()) may drop ours, whatever else it does.
    const looksUp = hooks.releasesLookedUp?.(ev) ?? false;
    if (ops.length === 0 ? hooks.isUnknownCall(ev) : looksUp) markHandedOver(ev, s, looksUp);
    if (bitSubjects.size) forgetBitsWrittenThrough(ev, s);
    for (const w of hooks.modeWrites?.(ev) ?? []) {
      if (w.raised) s.facts.set(`${RAISED}${w.global}`, true);
      else s.facts.delete(`${RAISED}${w.global}`);
    }
    if (ev.assignTo) forgetPendingSettles(s, (r) => r === ev.assignTo);
    const written = hooks.fieldEffects?.(ev);
    if (written) {
      // `trans_close(s)` writes `s->owner->open_trans`: what was tested of it is stale, unless the callee says what it left there.
      for (const f of written.assigns) forget(s, f);
      for (const st of written.settles) {
        if (!st.ifZero) settle(s, st.field, st.value, true);
        // `ret = trans_open(s)` sets it only when returning 0: settled when a test finds `ret` zero.
        else if (ev.assignTo && tested.has(st.field)) s.facts.set(`${PENDING_SETTLE}${ev.assignTo}|${st.field}|${st.value}`, true);
      }
    }
    return s;
  }

  /**
   * Sparse's `__release(l)`: the code says this path's hold of `l` ends here, though no unlock
   * runs (it is handed on: `xfs_mru_cache_lookup()`; or a callee dropped it: jbd2). No claim
   * about `l` from here; a name sparse alone knows (`mru_lock`) means the one lock held.
   */
  function endsHold(ev: CallEvent, s: PathState): void {
    const named = ev.args[0] ? normalizeLock(text(ev.args[0])) : '';
    let lock = isHeld(s.locks.get(named)) ? named : null;
    if (lock === null) {
      const held = [...s.locks].filter(([, v]) => isHeld(v) && EXCLUSIVE_KINDS.has(v.kind));
      if (held.length === 1) lock = held[0][0];
    }
    const slot = lock !== null ? s.locks.get(lock) : undefined;
    if (lock !== null && isHeld(slot)) s.locks.set(lock, { ...slot, calleeMayRelease: true });
  }

  /**
   * `f(&x)` may write `x`: its bit facts go. Other facts about `x` are kept as before (a flag
   * passed by address is mostly read). `read_seqbegin_or_lock(lock, &seq)` keeps the parity
   * of `seq` (and only that: the sequence itself is new).
   */
  function forgetBitsWrittenThrough(ev: CallEvent, s: PathState): void {
    const keepsParity = SEQ_PARITY_KEEPING.has(ev.name);
    for (const a of ev.args) {
      const t = text(a).replace(/\s+/g, '');
      if (!t.startsWith('&')) continue;
      const name = normalizeLock(t.slice(1));
      if (!bitSubjects.has(name)) continue;
      for (const k of [...s.facts.keys()]) {
        const b = parseBitKey(k);
        if (b && b.name === name && !(keepsParity && b.terms.length === 1 && b.terms[0] === '1')) s.facts.delete(k);
      }
      if (keepsParity) for (const k of [name, `<0:${name}`, `>0:${name}`]) s.facts.delete(k);
    }
  }

  /** `lock_tree(.., &tree)` whose summary hands back `tree` locked: the call writes `tree`. */
  function handedBackThrough(ops: LockOp[]): string[] {
    return [...new Set(ops.filter((op) => op.handedBack).map((op) => lockRoot(op.lock)))];
  }

  /** What the path knew of `name`'s value (tested before the call that writes it: `!ref_tree`) is gone. */
  function forgetValue(s: PathState, name: string): void {
    for (const k of [...s.facts.keys()]) {
      const e = k.startsWith('expr:') ? k.slice(5) : k.startsWith('<0:') || k.startsWith('>0:') ? k.slice(3) : k;
      if (e === name || (k.startsWith('expr:') && (lockVariables(e).has(name) || mentionsPath(e, name)))) s.facts.delete(k);
    }
    for (const [k, v] of [...s.aliases]) if (k === name || v === name) s.aliases.delete(k);
  }

  /** A lock passed (or its object passed) to an unknown callee may be released by it. */
  function markHandedOver(ev: CallEvent, s: PathState, looksUp: boolean): void {
    const argTexts = ev.args.map((a) => normalizeLock(text(a)));
    const releasing = /unlock|release/.test(ev.name);
    const members = looksUp ? hooks.releasedMembers?.(ev) ?? [] : [];
    for (const [k, v] of s.locks) {
      if (!isHeld(v) || v.calleeMayRelease) continue;
      const root = lockRoot(k);
      if (releasing || argTexts.some((a) => a === k || a === root || lockRoot(a) === root && root !== k) || looksUp && (sharesKey(v.site, argTexts, text) || hooks.isGlobalTableLock?.(k) || members.includes(lockMember(k) ?? ''))) {
        s.locks.set(k, { ...v, calleeMayRelease: true });
      }
    }
  }

  /**
   * `field` holds `value` (`0`, `1` or a name) after a callee returned: what is known of `value` is known of
   * `field`; a watched field remembers the name for this function's summary; `sure` (on every return) makes
   * the two names of one object (`p->link` and `l`).
   */
  function settle(s: PathState, field: string, value: string, sure: boolean): void {
    const truth = value === '1' ? true : value === '0' ? false : s.facts.get(value);
    if (truth !== undefined && tested.has(field)) setFact(s, field, truth, tested);
    if (constantValue(value) !== null) return;
    if (watched.has(field) && hooks.callerNames?.(value)) s.facts.set(`${HOLDS}${field}|${value}`, true);
    if (sure) s.aliases.set(field, value);
  }

  /** `within`: the assignment itself; a lock its own call just took through the new value (`b = lock_base(..)`) stays sure. */
  function forget(s: PathState, target: string, within?: SyntaxNode): void {
    s.facts.delete(target);
    s.facts.delete(`<0:${target}`);
    s.facts.delete(`>0:${target}`);
    s.facts.delete(`${RAISED}${target}`);
    if (s.aliases.size) for (const [k, v] of [...s.aliases]) if (namesThrough(k, target) || namesThrough(v, target)) s.aliases.delete(k);
    s.pending.delete(target);
    // `expr:` and `call:` facts name what they test: a variable in it or a field path in it (`w->ptl`) was written.
    // A bit test names its word whole (`seq = 1` leaves `m_seq & 1`); the others by any text in common.
    for (const k of [...s.facts.keys()]) {
      const e = k.startsWith('expr:') ? k.slice(5) : k.startsWith('call:') ? k.slice(5) : null;
      if (e !== null) {
        const bits = parseBitKey(k);
        const written = bits ? mentionsPath(bits.name, target) || bits.terms.includes(target) : lockVariables(e).has(target) || e.includes(target);
        if (written) s.facts.delete(k);
      } else if (k.startsWith('#') && markerNames(k).some((n) => namesThrough(n, target))) s.facts.delete(k);
    }
    for (const [k, v] of s.locks) {
      // `m[i]` after `i++`, `cpu_rq(t)->lock` after the iterator moves `t`: another object now.
      if (k !== target && !k.startsWith(`${target}->`) && !k.startsWith(`${target}.`) && !lockVariables(k).has(target)) continue;
      // The lock's own name assigned: a lock pointer (`w->ptl = ptl`) now names another lock,
      // so a release recorded under it is forgotten; a held one stays (`x->lock = ...` on a held lock is not a hand-over).
      if (k === target) {
        if (!isHeld(v)) s.locks.delete(k);
        continue;
      }
      if (isHeld(v)) {
        if (within && v.site.start >= within.start && v.site.end <= within.end) continue;
        s.locks.set(k, { ...v, uncertain: true });
      } else s.locks.delete(k);
    }
  }

  function applyOp(op: LockOp, s: PathState): void {
    if (op.lock === ANY_LOCK) {
      // Whatever this path holds may be gone; with nothing held, the caller's lock may be.
      let any = false;
      for (const [k, v] of s.locks) {
        if (!isHeld(v) || !EXCLUSIVE_KINDS.has(v.kind)) continue;
        any = true;
        if (!v.calleeMayRelease) s.locks.set(k, { ...v, calleeMayRelease: true });
      }
      if (!any) s.entryHeld.add(ANY_LOCK);
      return;
    }
    const slot = s.locks.get(op.lock);
    if (op.op === 'mayRelease') {
      if (isHeld(slot)) s.locks.set(op.lock, { ...slot, calleeMayRelease: true });
      else if (!slot) {
        // The caller's lock, which the callee may drop: pass that on to this function's callers.
        s.entryHeld.add(op.lock);
        s.locks.set(op.lock, { released: op.node, viaCallee: true });
      }
      return;
    }
    if (op.op === 'acquire' || op.op === 'acquireIfTrue' || op.op === 'acquireIfZero') {
      if (isHeld(slot)) {
        // Not a deadlock: a trylock (it fails), a counting semaphore (a second down() waits for an up(), as with events).
        if (!RECURSIVE_KINDS.has(op.kind) && !op.via && slot.api !== 'entry' && !op.nested && !slot.uncertain && !slot.calleeMayRelease && op.kind !== 'rwlock'
          && !op.tried && op.kind !== 'semaphore' && !(op.kind === 'rwsem' && op.flavor === 'read' && slot.flavor === 'read')) {
          report({
            code: 'lock/double-acquire', node: op.node, lock: op.lock, other: slot.site,
            message: `${op.lock} is already held here (taken at line ${slot.site.startRow + 1}); taking it again deadlocks`,
          });
        }
        // Taking a lock a callee may have dropped (`if (do_signal_stop()) goto relock;`): the code says it
        // did, so the count stays (it is still a lock a callee handled: no claim about it at return).
        const retaken = slot.calleeMayRelease && !op.via && EXCLUSIVE_KINDS.has(slot.kind);
        s.locks.set(op.lock, { ...slot, count: retaken ? slot.count : Math.min(MAX_COUNT, slot.count + 1), uses: op.kind === 'idr_preload' ? 0 : slot.uses, gfp: op.gfp ?? slot.gfp });
      } else {
        // `spin_lock(&locked->lock)`: `locked` is not NULL from here (`if (locked) spin_unlock(..)` later).
        const root = lockRoot(op.lock);
        if (tested.has(root) && (!op.via || op.handedBack)) setFact(s, root, true, tested);
        // A held lock whose own name the function tests (`if (!w->ptl)`) is a pointer, and not NULL while held.
        if (tested.has(op.lock)) setFact(s, op.lock, true, tested);
        s.locks.set(op.lock, { lock: op.lock, kind: op.kind, flavor: carriedFlavor(op, s, carriesTaken), api: op.api, count: 1, site: op.node, uncertain: false, calleeMayRelease: false, uses: 0, gfp: op.gfp });
      }
      return;
    }
    // release
    if (isHeld(slot)) {
      const k = `${slot.site.start}:${op.node.start}`;
      if (!partnerKeys.has(k)) {
        partnerKeys.add(k);
        result.partners.push({ acquire: slot.site, release: op.node, lock: op.lock });
      }
      // `raw_spin_unlock(&old->lock); raw_spin_lock(&new->lock); ... raw_spin_unlock_irqrestore(&new->lock, flags)`:
      // interrupts stay off while the object moves; the plain pair passes the saved state on.
      const carried = op.flavor === 'plain' && (slot.flavor === 'irqsave' || slot.flavor === 'irq') && !op.via;
      if (!slot.uncertain && slot.api !== 'entry' && !flavorsMatch(slot.flavor, op.flavor) && !op.via && !RECURSIVE_KINDS.has(op.kind)) {
        const f: RawFinding = {
          code: 'lock/mismatched-release', node: op.node, lock: op.lock, other: slot.site,
          message: `${op.lock} was taken with ${slot.api}() but is released with ${op.api}(); ${mismatchConsequence(slot.flavor, op.flavor)}`,
        };
        if (carried) carries.set(op.node.start, f);
        else report(f);
      }
      if (carried) s.facts.set(`${IRQ_CARRIED}${slot.flavor}@${op.node.start}@${lockMember(op.lock) ?? op.lock}`, true);
      if (slot.count > 1) s.locks.set(op.lock, { ...slot, count: slot.count - 1 });
      else s.locks.set(op.lock, { released: op.node, viaCallee: !!op.via });
    } else if (slot) {
      if (!op.via && !slot.viaCallee && !slot.blurred && (!RECURSIVE_KINDS.has(op.kind) || op.kind === 'idr_preload')) {
        report({
          code: 'lock/release-unheld', node: op.node, lock: op.lock, other: slot.released,
          message: `${op.lock} is released here, but on this path it was already released at line ${slot.released.startRow + 1}`,
        });
      }
    } else {
      // First touch is a release: the caller holds it on entry.
      s.entryHeld.add(op.lock);
      s.locks.set(op.lock, { released: op.node, viaCallee: !!op.via });
    }
  }

  /** The state after the branch atom evaluates to `value`, or null when this path cannot take that edge. */
  function assume(atomNode: SyntaxNode, value: boolean, s: PathState): PathState | null {
    const atom = unwrapParens(atomNode);
    // `need_seqretry(lock, seq)` with an odd `seq` (the lock was taken): no retry.
    if (value) {
      const odd = oddSeqSubject(atom, text);
      if (odd && s.facts.get(odd) === true) return null;
    }
    const truth = truthTest(atom, value, s);
    const sign = signTest(atom, value, text);
    const signed = sign !== null && tested.has(sign.subject);
    if (!truth && !signed) return s;
    const next = cloneState(s);
    // `ret < 0` and `ret > 0` both false: ret is zero (`if (ret) unlock; if (ret < 0) return; if (ret > 0) break;`).
    if (signed) {
      next.facts.set(`${sign.side}${sign.subject}`, sign.holds);
      const neg = next.facts.get(`<0:${sign.subject}`);
      const pos = next.facts.get(`>0:${sign.subject}`);
      const nonZero = next.facts.get(sign.subject);
      if (neg === false && pos === false) {
        if (nonZero === true) return null;
        if (nonZero === undefined) setFact(next, sign.subject, false, tested);
      }
      if ((neg === true || pos === true) && nonZero === false) return null;
    }
    if (!truth) return next;
    const { subject, isTrue, zeroKnown } = truth;
    if (isTrue !== null) {
      const fact = next.facts.get(subject);
      if (fact !== undefined && fact !== isTrue) return null;
      const bits = fact === undefined ? parseBitKey(subject) : null;
      if (bits) {
        if (bitsContradict(next.facts, bits.name, bits.terms, isTrue)) return null;
        // `x & A` true: `x` is not zero (for a later `if (x)`).
        if (isTrue && tested.has(bits.name)) setFact(next, bits.name, true, tested);
      }
      if (!subject.startsWith('@')) setFact(next, subject, isTrue, tested);
      // `if (ret)` after `ret = trans_open(s)`: zero settles what the callee promised on success.
      for (const [, field, value] of forgetPendingSettles(next, (r) => r === subject)) if (!isTrue) settle(next, field, value, false);
      // `if (cur != o) { unlock(cur); lock(o); }`: on the equal edge, `o`'s lock is the one `cur` holds.
      const compared = equalNames(atom, text);
      if (compared && isTrue === false) {
        // A name already copied from another (`p = parent;`) keeps that alias: its lock was taken under that name.
        if (!next.aliases.has(compared[0])) next.aliases.set(compared[0], compared[1]);
        if (!next.aliases.has(compared[1])) next.aliases.set(compared[1], compared[0]);
      } else if (compared) {
        // Known to differ (the equality fact may have been forgotten): neither names the other.
        if (next.aliases.get(compared[0]) === compared[1]) next.aliases.delete(compared[0]);
        if (next.aliases.get(compared[1]) === compared[0]) next.aliases.delete(compared[1]);
      }
    }
    const pend = next.pending.get(subject);
    if (pend) {
      let acquired: boolean | null = null;
      if (pend.op === 'acquireIfTrue' && isTrue !== null) acquired = isTrue;
      if (pend.op === 'acquireIfZero') acquired = isTrue === true ? false : zeroKnown || isTrue === false ? true : null;
      if (acquired !== null) {
        // Every name of this result (`@call`, `pte`, `start_pte`) is settled with it.
        for (const [k, p] of next.pending) {
          if (p !== pend) continue;
          next.pending.delete(k);
          // `while ((vn = lock_next(..)))` true: `vn` is non-NULL too, for a later `if (vn)`.
          if (isTrue !== null && k !== subject && !k.startsWith('@') && tested.has(k)) setFact(next, k, isTrue, tested);
        }
        if (acquired && /trylock/.test(pend.api) && heldForSure(next, pend)) return null;
        if (acquired) applyOp({ ...pend, op: 'acquire', tried: /trylock/.test(pend.api) }, next);
      }
    }
    return next;
  }

  /**
   * What an atom's value says about one subject (a variable, field or call):
   * its truthiness (`isTrue`), or for `x < 0` false only that it is not negative.
   */
  function truthTest(atom: SyntaxNode, value: boolean, s0: PathState): { subject: string; isTrue: boolean | null; zeroKnown: boolean } | null {
    const subjectOf = (n: SyntaxNode): string | null => {
      const u = unwrapParens(n);
      if (u.type === 'identifier' || u.type === 'field_expression') return normalizeLock(text(u));
      if (u.type === 'call_expression') {
        // A lock API's result is tracked per call site; any other call is taken
        // as a stable predicate (`if (rcu_init_invoked())` twice agrees).
        if (s0.pending.has(`@${u.start}`)) return `@${u.start}`;
        return `call:${text(u).replace(/\s+/g, '')}`;
      }
      if (u.type === 'assignment_expression') {
        const right = child(u, 'right');
        return right ? subjectOf(right) : null;
      }
      // `ptep++` tests the pointer (stepping it keeps a non-NULL pointer non-NULL).
      if (u.type === 'update_expression' && child(u, 'argument')?.type === 'identifier') {
        const arg = child(u, 'argument')!;
        return cfg.pointers.has(text(arg)) ? subjectOf(arg) : null;
      }
      return null;
    };
    if (atom.type === 'binary_expression') {
      const op = child(atom, 'operator');
      const l = child(atom, 'left');
      const r = child(atom, 'right');
      if (!op || !l || !r) return null;
      const o = text(op);
      const isZero = (n: SyntaxNode) => /^(0|NULL|false)$/.test(text(unwrapParens(n)).trim());
      let subj: SyntaxNode | null = null;
      let flipped = false;
      if (isZero(r)) subj = l;
      else if (isZero(l)) {
        subj = r;
        flipped = true;
      }
      if (!subj) {
        // `x == -ENOMEM`: true means x is non-zero.
        if (o === '==' && value && /^-\s*E[A-Z0-9]+$/.test(text(r).trim())) {
          const s = subjectOf(l);
          return s ? { subject: s, isTrue: true, zeroKnown: false } : null;
        }
        // `if (new_ptl != old_ptl) spin_lock(new_ptl)` ... `if (new_ptl != old_ptl) spin_unlock(new_ptl)`.
        if ((o === '==' || o === '!=') && isName(l) && isName(r)) {
          return { subject: equalitySubject(text(l), text(r)), isTrue: o === '!=' ? value : !value, zeroKnown: false };
        }
        // `x & (A | B)` tested, then `x & A`, `x & B`: one subject per mask, whose bits agree (bitsContradict).
        const bits = o !== '&' ? null : isMacroName(l, text) ? bitTest(r, l, text) : bitTest(l, r, text) ?? bitTest(r, l, text);
        if (bits) return { subject: bitKey(bits.name, bits.terms), isTrue: value, zeroKnown: !value };
        // `flags & SECCOMP_FILTER_FLAG_TSYNC` tested twice agrees with itself (until `flags` changes).
        if (/^(&|\||\^|>>|<<)$/.test(o) && !/[=(]/.test(text(atom))) {
          return { subject: `expr:${text(atom).replace(/\s+/g, '')}`, isTrue: value, zeroKnown: !value };
        }
        // `sizeof(i_blocks) > sizeof(long)` tested twice (fsstack_copy_inode_size()): a compile-time constant.
        if (isCompileTimeConstant(text(atom))) return { subject: `const:${text(atom).replace(/\s+/g, '')}`, isTrue: value, zeroKnown: !value };
        return null;
      }
      const s = subjectOf(subj);
      if (!s) return null;
      const eff = flipped ? ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[o] ?? o : o;
      switch (eff) {
        case '==': return { subject: s, isTrue: !value, zeroKnown: value };
        case '!=': return { subject: s, isTrue: value, zeroKnown: !value };
        case '<': return value ? { subject: s, isTrue: true, zeroKnown: false } : { subject: s, isTrue: null, zeroKnown: true };
        case '>=': return value ? { subject: s, isTrue: null, zeroKnown: true } : { subject: s, isTrue: true, zeroKnown: false };
        case '>': return value ? { subject: s, isTrue: true, zeroKnown: false } : null;
        default: return null;
      }
    }
    // `!p++`, which tree-sitter reads as `(!p)++`: a test of `p`, negated.
    const stepped = atom.type === 'update_expression' ? steppedOperand(atom) : undefined;
    if (stepped && stepped !== child(atom, 'argument') && stepped.type === 'identifier' && cfg.pointers.has(text(stepped))) {
      const s = subjectOf(stepped);
      return s ? { subject: s, isTrue: !value, zeroKnown: value } : null;
    }
    const s = subjectOf(atom);
    return s ? { subject: s, isTrue: value, zeroKnown: !value } : null;
  }
}

/**
 * Remembers the latest few facts (correlated tests sit close together, and the state key
 * stays small): past MAX_FACTS the oldest about a subject tested once goes, else the oldest.
 */
function setFact(s: PathState, subject: string, value: boolean, tested: Map<string, number>): void {
  s.facts.delete(subject);
  s.facts.set(subject, value);
  if (s.facts.size <= MAX_FACTS) return;
  let victim: string | null = null;
  for (const k of s.facts.keys()) {
    if ((tested.get(k) ?? 0) <= 1) {
      victim = k;
      break;
    }
  }
  s.facts.delete(victim ?? (s.facts.keys().next().value as string));
}

/** Kinds one owner holds at a time, with no shared mode. */
const SOLE_OWNER_KINDS = new Set<LockKind>(['spinlock', 'raw_spinlock', 'mutex', 'bit_spinlock']);

/**
 * This path took the lock itself, exclusively: a trylock of it cannot succeed here. When the
 * code polls it anyway (kgdb's master lock, handed to another CPU), the single-CPU view ends.
 */
function heldForSure(s: PathState, op: LockOp): boolean {
  const slot = s.locks.get(op.lock);
  return isHeld(slot) && !slot.uncertain && !slot.calleeMayRelease && slot.api !== 'entry' && SOLE_OWNER_KINDS.has(slot.kind);
}

/** A lock this function took hangs off `root` (`root->lock`, `root.lock`). */
function holdsLockOf(s: PathState, root: string): boolean {
  for (const [k, v] of s.locks) if (isHeld(v) && v.api !== 'entry' && k !== root && lockRoot(k) === root) return true;
  return false;
}

/** What `x < 0`, `x > 0`, `x >= 0`, `x <= 0` on this edge say about x's sign: the side (`<0:` or `>0:`) and whether x is on it. */
function signTest(atom: SyntaxNode, value: boolean, text: (n: SyntaxNode) => string): { subject: string; side: '<0:' | '>0:'; holds: boolean } | null {
  if (atom.type !== 'binary_expression') return null;
  const op = child(atom, 'operator');
  const l = child(atom, 'left');
  const r = child(atom, 'right');
  if (!op || !l || !r || text(r).trim() !== '0' || !isName(l)) return null;
  const subject = normalizeLock(text(unwrapParens(l)));
  switch (op.type) {
    case '<': return { subject, side: '<0:', holds: value };
    case '>=': return { subject, side: '<0:', holds: !value };
    case '>': return { subject, side: '>0:', holds: value };
    case '<=': return { subject, side: '>0:', holds: !value };
    default: return null;
  }
}

/** Only `sizeof(..)`, numbers and upper-case macro names: the same text has the same value anywhere. */
function isCompileTimeConstant(expr: string): boolean {
  const rest = expr.replace(/\bsizeof\s*\([^()]*\)/g, '0');
  return rest !== expr && /^[\sA-Z0-9_<>=!&|^+\-*\/%()]*$/.test(rest);
}

/** The two variables an `a == b` / `a != b` test compares, or null for any other atom. */
function equalNames(atom: SyntaxNode, text: (n: SyntaxNode) => string): [string, string] | null {
  if (atom.type !== 'binary_expression') return null;
  const op = child(atom, 'operator');
  const l = child(atom, 'left');
  const r = child(atom, 'right');
  if (!op || !l || !r || (op.type !== '==' && op.type !== '!=')) return null;
  const [a, b] = [unwrapParens(l), unwrapParens(r)];
  if (a.type !== 'identifier' || b.type !== 'identifier') return null;
  const names: [string, string] = [text(a), text(b)];
  return names.some((n) => /^(NULL|true|false)$/.test(n)) ? null : names;
}

/** The subject of `a == b` / `a != b` (true when they differ), the same whichever side each is on. */
function equalitySubject(a: string, b: string): string {
  const pair = [a, b].map((x) => x.replace(/\s+/g, '')).sort();
  return `expr:${pair[0]}!=${pair[1]}`;
}


/** What `x = v` or `T x = v` assigns, as far as the facts care. */
interface AssignedValue {
  /** The truth of a constant `v` (true, false, NULL, an integer literal), else null. */
  constant: boolean | null;
  /** `v` when it is a variable or field path (`of->prealloc_buf`), normalised, else null. */
  copied: string | null;
  /** `b` when `v` is itself an assignment `b = ...` (`a = b = <expr>`), else null. */
  inner: string | null;
  /** The value of an integer literal `v`, else null. */
  number: bigint | null;
  /** `v` is a call. */
  fromCall: boolean;
}

function readAssignment(node: SyntaxNode, code: string, constantResult?: (callee: string) => boolean | null): AssignedValue {
  // Plain `=` only: after `x |= v` the value of `x` is not `v`'s.
  const value = node.type === 'assignment_expression' && textOf(code, child(node, 'operator') ?? node) === '=' ? child(node, 'right')
    : node.type === 'init_declarator' ? child(node, 'value') : undefined;
  const u = value ? unwrapParens(value) : undefined;
  if (!u) return { constant: null, copied: null, inner: null, number: null, fromCall: false };
  const left = u.type === 'assignment_expression' ? child(u, 'left') : undefined;
  const path = isName(u) ? normalizeLock(textOf(code, u)) : null;
  // `locked = lock_zone_irqsave(..)`, a helper that returns true on every path.
  const callee = u.type === 'call_expression' ? child(u, 'function') : undefined;
  const returned = callee?.type === 'identifier' && constantResult ? constantResult(textOf(code, callee)) : null;
  return {
    constant: constantTruth(u, code) ?? returned,
    copied: path === 'NULL' ? null : path,
    inner: left ? normalizeLock(textOf(code, left)) : null,
    number: u.type === 'number_literal' ? integerValue(textOf(code, u)) : null,
    fromCall: u.type === 'call_expression',
  };
}

/** An integer literal's value (`0x10`, `1UL`), or null for anything else (floats, characters). */
function integerValue(literal: string): bigint | null {
  const digits = literal.replace(/[uUlL]+$/, '');
  if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(digits)) return null;
  return digits.length > 1 && digits[0] === '0' && !/^0[xX]/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
}

/**
 * `x & A` with `x` a name and the mask a literal, a name, or an `|` of them (`EV_TRAP | EV_FREEZE`):
 * the name and the mask's terms, a literal split into its single bits (`3` is `1|2`). Macro
 * names are opaque terms, and need be no more: `x & (A|B)` is non-zero exactly when `x & A` or `x & B` is.
 */
function bitTest(name: SyntaxNode, mask: SyntaxNode, text: (n: SyntaxNode) => string): { name: string; terms: string[] } | null {
  if (!isName(name)) return null;
  const terms = new Set<string>();
  if (!maskTerms(mask, text, terms) || terms.size === 0 || terms.size > MAX_MASK_TERMS) return null;
  return { name: normalizeLock(text(unwrapParens(name))), terms: [...terms].sort() };
}

const MAX_MASK_TERMS = 8;

function maskTerms(n: SyntaxNode, text: (n: SyntaxNode) => string, out: Set<string>): boolean {
  const u = unwrapParens(n);
  if (u.type === 'identifier') {
    out.add(text(u));
    return true;
  }
  if (u.type === 'number_literal') {
    let v = integerValue(text(u));
    if (v === null || v === 0n) return false;
    for (let bit = 1n; v > 0n && out.size <= MAX_MASK_TERMS; bit <<= 1n, v >>= 1n) if (v & 1n) out.add(String(bit));
    return true;
  }
  if (u.type === 'binary_expression' && text(child(u, 'operator') ?? u) === '|') {
    const l = child(u, 'left');
    const r = child(u, 'right');
    return !!l && !!r && maskTerms(l, text, out) && maskTerms(r, text, out);
  }
  return false;
}

/** The fact key of a bit test: `expr:x&A`, `expr:x&(A|B)` (terms sorted). */
function bitKey(name: string, terms: string[]): string {
  return `expr:${name}&${terms.length === 1 ? terms[0] : `(${terms.join('|')})`}`;
}

const BIT_KEY = /^expr:([^&]+)&(?:\(([\w|]+)\)|(\w+))$/;
const bitKeyCache = new Map<string, { name: string; terms: string[] } | null>();

function parseBitKey(key: string): { name: string; terms: string[] } | null {
  if (!key.startsWith('expr:')) return null;
  let b = bitKeyCache.get(key);
  if (b === undefined) {
    const m = BIT_KEY.exec(key);
    b = m ? { name: m[1], terms: (m[2] ?? m[3]).split('|') } : null;
    if (bitKeyCache.size > 10_000) bitKeyCache.clear();
    bitKeyCache.set(key, b);
  }
  return b;
}

/** Whether `x`'s mask of `terms` being `value` contradicts what the path knows of `x`'s bits: some mask known non-zero would have every term zero. */
function bitsContradict(facts: Map<string, boolean>, name: string, terms: string[], value: boolean): boolean {
  if (value && facts.get(name) === false) return true;
  const zero = new Set<string>(value ? [] : terms);
  const nonZero: string[][] = value ? [terms] : [];
  for (const [k, v] of facts) {
    const b = parseBitKey(k);
    if (!b || b.name !== name) continue;
    if (v) nonZero.push(b.terms);
    else for (const t of b.terms) zero.add(t);
  }
  return zero.size > 0 && nonZero.some((t) => t.every((x) => zero.has(x)));
}

/** Whether a literal's value sets any of the mask's terms, when they are all bits (or the value is 0), else null. */
function bitsOfValue(value: bigint, terms: string[]): boolean | null {
  if (value === 0n) return false;
  if (!terms.every((t) => /^\d+$/.test(t))) return null;
  return terms.some((t) => (value & BigInt(t)) !== 0n);
}

/** `need_seqretry(lock, seq)`: the parity subject of `seq` (`expr:seq&1`), else null. */
function oddSeqSubject(atom: SyntaxNode, text: (n: SyntaxNode) => string): string | null {
  if (atom.type !== 'call_expression') return null;
  const fn = child(atom, 'function');
  if (fn?.type !== 'identifier' || !SEQ_FALSE_WHEN_ODD.has(text(fn))) return null;
  const seq = child(atom, 'arguments')?.children.filter((c) => c.type !== 'comment')[1];
  return seq && isName(seq) ? bitKey(normalizeLock(text(unwrapParens(seq))), ['1']) : null;
}

function constantTruth(value: SyntaxNode, code: string): boolean | null {
  if (value.type === 'true') return true;
  if (value.type === 'false' || value.type === 'null') return false;
  if (value.type === 'number_literal') {
    const n = Number(textOf(code, value).replace(/[uUlL]+$/, ''));
    return Number.isFinite(n) ? n !== 0 : null;
  }
  if (value.type === 'identifier' && textOf(code, value) === 'NULL') return false;
  // `rc = -ENOENT`: an error code is not zero.
  if (value.type === 'unary_expression' && value.children[0]?.type === '-') {
    const arg = child(value, 'argument');
    if (arg?.type === 'identifier' && ERRNO.test(textOf(code, arg))) return true;
  }
  return null;
}

const ERRNO = /^E[A-Z0-9]+$/;

/** An upper-case identifier, by kernel custom a macro constant (`EV_TRAP & x` tests `x`). */
function isMacroName(n: SyntaxNode, text: (n: SyntaxNode) => string): boolean {
  const u = unwrapParens(n);
  return u.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(text(u));
}

/** The lock of a `mayRelease` that may drop any lock held (a release callback that unlocks something). */
export const ANY_LOCK = '*';

/** Fact key: interrupts were left off by a plain release of a lock taken with this flavour. */
const IRQ_CARRIED = '#irq-carried:';

/** The flavour a plain acquire inherits when a plain release left interrupts off for it (then it is consumed). */
function carriedFlavor(op: LockOp, s: PathState, taken: Set<number>): string {
  if (op.flavor !== 'plain' || op.via || (op.kind !== 'spinlock' && op.kind !== 'raw_spinlock')) return op.flavor;
  // Only by the same kind of object (`base->lock` for `base->lock`): interrupt state moving between unrelated locks is not followed.
  const member = lockMember(op.lock) ?? op.lock;
  for (const k of s.facts.keys()) {
    if (!k.startsWith(IRQ_CARRIED)) continue;
    const [flavor, at, from] = k.slice(IRQ_CARRIED.length).split('@');
    if (from !== member) continue;
    s.facts.delete(k);
    taken.add(Number(at));
    return flavor;
  }
  return op.flavor;
}

/**
 * A callee's release of a lock this path does not hold by that name, when the path
 * holds exactly one lock of the same member (`commit->prev->ring->ring_lock` from the
 * callee, `ring->ring_lock` here): another path to the same object, as far as the
 * names can tell, as lockdep's classes are named by member. Taken as that lock.
 */
function sameMemberHeld(op: LockOp, s: PathState): LockOp {
  if (isHeld(s.locks.get(op.lock))) return op;
  const member = lockMember(op.lock);
  if (member === null) return op;
  let match: string | null = null;
  for (const [k, v] of s.locks) {
    if (!isHeld(v) || lockMember(k) !== member || !EXCLUSIVE_KINDS.has(v.kind)) continue;
    if (match !== null) return op;
    match = k;
  }
  return match === null ? op : { ...op, lock: match };
}

/**
 * `spin_unlock(&cur->lock)` after `cur = op` with `op->lock` held: the op is on `op->lock`.
 * Only when the name as written is unknown to this path and the aliased one is held.
 */
function throughAlias(op: LockOp, s: PathState): LockOp {
  if (isHeld(s.locks.get(op.lock))) return op;
  const root = lockRoot(op.lock);
  const to = s.aliases.get(root);
  if (!to) return throughFieldAlias(op, s);
  const other = to + op.lock.slice(root.length);
  // Only a lock this function took: one held on entry may be either name's, as far as we know.
  const slot = s.locks.get(other);
  return isHeld(slot) && slot.api !== 'entry' ? { ...op, lock: other } : op;
}

/**
 * The lock came from a lookup call (`ptl = pmd_trans_huge_lock(pmd, vma)`) given an argument
 * this callee is given too: the callee can find the same lock from that key (`pmd_lockptr(mm, pmd)`).
 */
function sharesKey(site: SyntaxNode, argTexts: string[], text: (n: SyntaxNode) => string): boolean {
  if (site.type !== 'call_expression') return false;
  const keys = child(site, 'arguments')?.children.filter((c) => c.type !== 'comment') ?? [];
  return keys.some((k) => argTexts.includes(normalizeLock(text(k))));
}

/** Fact key prefix: `#if0:ret|field|value`, the field holds the value if `ret` is zero. */
const PENDING_SETTLE = '#if0:';
/** Fact key prefix: `#holds:field|value`, the watched field holds the value of that name here. */
export const HOLDS = '#holds:';
/** Fact key prefix: `#raised:count`, the file-scope mode count is non-zero here (raised by this path). */
export const RAISED = '#raised:';

/** The names a marker fact (`#if0:`, `#holds:`) depends on; none for others (`#irq-carried:`). */
function markerNames(key: string): string[] {
  if (key.startsWith(PENDING_SETTLE)) return key.slice(PENDING_SETTLE.length).split('|');
  if (key.startsWith(HOLDS)) return key.slice(HOLDS.length).split('|');
  return [];
}

/** Removes the pending settles of the results `which` accepts; returns them as [result, field, value]. */
function forgetPendingSettles(s: PathState, which: (result: string) => boolean): string[][] {
  const out: string[][] = [];
  for (const k of s.facts.keys()) {
    if (!k.startsWith(PENDING_SETTLE)) continue;
    const parts = markerNames(k);
    if (which(parts[0])) out.push(parts);
  }
  for (const p of out) s.facts.delete(`${PENDING_SETTLE}${p.join('|')}`);
  return out;
}

/** `name` is `target` or reached through it (`p->link` through `p`): an assignment to `target` changes it. */
function namesThrough(name: string, target: string): boolean {
  return name === target || name.startsWith(`${target}->`) || name.startsWith(`${target}.`) || lockVariables(name).has(target);
}

/**
 * `spin_unlock(&session(p->link)->lock)` after a callee stored `p->link = l` with `session(l)->lock`
 * held: the op is on the held name. Like throughAlias, only for a lock this function took.
 */
function throughFieldAlias(op: LockOp, s: PathState): LockOp {
  for (const [field, value] of s.aliases) {
    if (IDENTIFIER.test(field)) continue;
    const other = replaceName(op.lock, field, value);
    if (other === op.lock) continue;
    const slot = s.locks.get(other);
    if (isHeld(slot) && slot.api !== 'entry') return { ...op, lock: other };
  }
  return op;
}

/** `expr` with each whole occurrence of the path `from` (not a longer name, not a member of something) replaced by `to`. */
function replaceName(expr: string, from: string, to: string): string {
  let out = '';
  let i = 0;
  for (let at = expr.indexOf(from); at >= 0; at = expr.indexOf(from, at + 1)) {
    if (!isWholeAt(expr, at, from.length) || at < i) continue;
    out += expr.slice(i, at) + to;
    i = at + from.length;
  }
  return out + expr.slice(i);
}

/** A variable or a field path (`p->lock`, `a.b`): its value changes only by assignment. */
function isName(n: SyntaxNode): boolean {
  const u = unwrapParens(n);
  return u.type === 'identifier' || (u.type === 'field_expression' && !u.children.some((c) => c.type === 'call_expression' || c.type === 'subscript_expression'));
}

/** Whether `expr` names `path` whole (`w` and `w->ptl` in `w->ptl->x`; `seq` not in `m_seq`, nor in `p->seq`). */
function mentionsPath(expr: string, path: string): boolean {
  for (let at = expr.indexOf(path); at >= 0; at = expr.indexOf(path, at + 1)) if (isWholeAt(expr, at, path.length)) return true;
  return false;
}

/** The text at `at` is a whole path: not the tail of a longer name or of a member access, not the head of a longer name. */
function isWholeAt(expr: string, at: number, length: number): boolean {
  const before = at > 0 ? expr[at - 1] : '';
  const after = expr[at + length] ?? '';
  return !/[\w.>]/.test(before) && !/\w/.test(after);
}

const variableCache = new Map<string, Set<string>>();

/** The variables a lock expression depends on (identifiers not after `->` or `.`). */
function lockVariables(lock: string): Set<string> {
  let v = variableCache.get(lock);
  if (!v) {
    v = new Set();
    for (const m of lock.matchAll(/(->|\.)?([A-Za-z_]\w*)/g)) if (!m[1]) v.add(m[2]);
    if (variableCache.size > 10_000) variableCache.clear();
    variableCache.set(lock, v);
  }
  return v;
}

function markUncertain(s: PathState): PathState {
  const out = cloneState(s);
  for (const [k, v] of out.locks) out.locks.set(k, isHeld(v) ? { ...v, uncertain: true } : { ...v, blurred: true });
  out.facts.clear();
  return out;
}

/** Falling off the end of the body: the body node stands for its closing brace. */
function closingBrace(cfg: Cfg, _block: Block): SyntaxNode | null {
  return cfg.body;
}

function mismatchConsequence(acquired: string, released: string): string {
  if (acquired.includes('irqsave')) return 'the saved interrupt state is never restored';
  if (acquired.endsWith('irq') && !released.endsWith('irq')) return 'interrupts stay disabled after the unlock';
  if (acquired.endsWith('bh') && !released.endsWith('bh')) return 'bottom halves stay disabled after the unlock';
  if (released.includes('irq') || released.endsWith('bh')) return `it re-enables ${released.includes('irq') ? 'interrupts' : 'bottom halves'} that this lock never disabled`;
  if (acquired.startsWith('read') !== released.startsWith('read')) return 'a read lock and a write lock are released differently';
  return 'the release does not undo what the acquire did';
}

export { isHeld };
