/**
 * One function, end to end: CFG → lock-state dataflow → common path → facts,
 * findings and the summary its callers use.
 */
import { child, textOf, walk, type SyntaxNode } from '../parsing/syntax';
import type { FunctionSyntax } from '../parsing/functions';
import type { KernelShapes } from '../parsing/kernelShapes';
import type { LockLensSettings } from '../config';
import { buildCfg, isErrorReturn, isNameableLock, returnedExpression, returnedVariable, unwrapParens, type CallEvent, type Cfg } from './cfg';
import { ANY_FLAVOR, EXCLUSIVE_KINDS, RETURNED_LOCK, type LockCatalogue, type LockKind } from './lockCatalogue';
import { IDENTIFIER, lockMember, lockRoot, normalizeLock } from './lockNames';
import { ANY_LOCK, HOLDS, MAX_RECORDED_STATES, initialState, isHeld, runLockDataflow, type DataflowResult, type LockOp, type ReturnObservation } from './lockState';
import {
  acquireFormula, defaultAcquires, expandPath, locksOnPath, walkCommonPath,
  type CommonPath, type CommonPathHooks, type PathCall, type PathOp,
} from './commonPath';
import { isConstant, render } from './linear';
import { maxAcquires } from './pathBounds';
import { classifyGfp, gfpArgument, IDR_ALLOC_APIS, type SleepCatalogue } from './sleepCatalogue';
import { canonicalLock, stableAliases } from './stableAliases';
import { constantValue, fieldEffects, nameableHere, translateFieldEffects, type FieldSettle, type FieldWriter } from './fieldEffects';
import { emptySummary, hasEffect, isExportable, translateLock, type FunctionSummary, type SummaryLock } from './summaries';
import type { Finding, FunctionFacts, LineRegion, LockFacts, LockSite, SourceSpan } from './types';
import { spanOf } from './spans';
import { lockFindings } from './checks/lockChecks';
import { atomicFindings } from './checks/atomicChecks';
import { idrFindings, allocSites } from './checks/idrChecks';
import { forwardsToOpaque, HARMLESS_CALL, mayEndHold } from './opaqueCalls';
import { catalogueRaises, isNonZeroLiteral, raisedGlobals, RAISED_NEVER, type ModeRaise } from './modeCounts';

export interface AnalysisContext {
  code: string;
  shapes: KernelShapes;
  catalogue: LockCatalogue;
  sleeps: SleepCatalogue;
  settings: LockLensSettings;
  /** The summary of a callee defined in this file or the workspace, or null. */
  summaryOf(name: string): FunctionSummary | null;
}

export interface FunctionAnalysis {
  facts: FunctionFacts;
  findings: Finding[];
  summary: FunctionSummary;
}

/** A back-to-back pair on the common path: released, then re-acquired. */
export interface BackToBack {
  lock: string;
  release: PathOp;
  reacquire: PathOp;
  firstAcquire: PathOp;
  /** Calls in between that may sleep, with their reasons. */
  sleeping: PathCall[];
  /** Other locks taken in between. */
  otherLocks: string[];
  calls: number;
}

/** Everything the checks read: pure data about one analysed function. */
export interface FunctionEvidence {
  name: string;
  code: string;
  cfg: Cfg;
  flow: DataflowResult;
  path: CommonPath;
  /** Locks held where the common path returns. */
  heldAtCommonReturn: Set<string>;
  /** `__acquires`/`__must_hold` locks: allowed at return. */
  declaredHeld: Set<string>;
  backToBack: BackToBack[];
  counts: Map<string, { common: number; formula: string | null }>;
  /** The engine cannot vouch for the paths (ERROR nodes touching control flow or locks, budget, nesting): no error-level findings. */
  unsure: string | null;
  sleepReason(ev: CallEvent): string | null;
  gfpOf(ev: CallEvent): string | null;
  callsPreload: boolean;
  /** Every function name the body calls (for idioms spread over several calls). */
  callNames: Set<string>;
  /** Calls whose summaries take or drop locks (their irq/bh flavour is not tracked). */
  lockingCallees: Set<string>;
  /** An `-ENOMEM` check whose branch preloads again (the seed's retry). */
  hasPreloadRetry: boolean;
  /** Locks the function releases at some call or guard, or through a callee on some path. */
  releasedSomewhere: Set<string>;
  /** Locks whose address the function stores where its caller finds it (`fw->ptl = ptl`, `*lockp = &o->lock`). */
  storedForCaller: Set<string>;
  /** A file-scope lock this function keeps on purpose when a file-scope flag it maintains is true in `facts`. */
  keptByFlag(lock: string, facts: Map<string, boolean>): boolean;
  /** Held on exactly the returns of a non-NULL pointer or `true`: the result tells the caller it holds the lock. */
  resultSaysHeld(lock: string): boolean;
  /** Kept for the next call: `*cookie = cookie; return ..;` where the function, entered with `*cookie` set, releases it. */
  keptForNextCall(lock: string, ret: SyntaxNode): boolean;
  /** The mode counts whose non-zero value keeps a call from sleeping (its callee's `sleepsUnless`). */
  sleepsUnless(ev: CallEvent): string[];
}

/** Lock member names too common to say which object's lock they are. */
const GENERIC_MEMBER = /^(lock|mutex|sem|rwsem|spinlock|slock|mtx|rwlock|lck|lock_|_lock)$/;

/** Analyses one function. Never throws on odd syntax; a budget overrun becomes a note. */
export function analyzeFunction(fn: FunctionSyntax, ctx: AnalysisContext): FunctionAnalysis {
  const code = ctx.code;
  const text = (n: SyntaxNode) => textOf(code, n);
  const args = (ev: CallEvent) => ev.args.map((a) => text(a));
  const notes: string[] = [];
  const baseFacts: FunctionFacts = {
    name: fn.name,
    startLine: fn.node.startRow + 1,
    endLine: fn.node.endRow + 1,
    nameSpan: spanOf(fn.nameNode),
    locks: [],
    sites: [],
    allocSites: [],
    maySleep: false,
    notes,
  };
  if (fn.truncated) notes.push('the function is too large to copy whole; analysed partially, no diagnostics');
  // Callees' writes through their arguments, for the facts and aliases of this function and its callers.
  const writerOf = (name: string): FieldWriter | null => (fn.params.includes(name) || ctx.catalogue.has(name) ? null : ctx.summaryOf(name));
  // A call that may end a hold on what it is given, for this function's callers: a summarised callee that
  // does, or an unknown one whose name says so (not a lock or sleep API).
  const opaque = (name: string): boolean => {
    if (ctx.catalogue.has(name) || ctx.sleeps.reason(name, []) || fn.params.includes(name)) return false;
    const s = ctx.summaryOf(name);
    return s ? s.releasesUnnamed || s.forwardsToUnknown : mayEndHold(name);
  };
  if (!mentionsAnythingWeTrack(fn, ctx)) return { facts: baseFacts, findings: [], summary: syntacticSummary(fn, code, writerOf, opaque) };

  const cfg = buildCfg(fn, ctx.shapes);
  const locals = localNames(fn.body, code);
  const scoped = (name: string) => locals.has(name) || fn.params.includes(name);
  const aliases = stableAliases(cfg, code, text(fn.body));
  const canonical = (l: string) => canonicalLock(l, aliases);

  const lockOfArg = (n: SyntaxNode | undefined): string | null => (n ? normalizeLock(text(n)) : null);
  const catalogueOps = (ev: CallEvent): LockOp[] => {
    // `up(group, child)` through a parameter named `up` is not the semaphore API.
    if (fn.params.includes(ev.name) || locals.has(ev.name)) return [];
    if (ev.name === 'downgrade_write' && ev.args[0]) {
      // The write hold becomes a read hold: one release and one acquire.
      const sem = lockOfArg(ev.args[0]);
      if (!sem || !isNameableLock(sem)) return [];
      return [
        { op: 'release', lock: sem, kind: 'rwsem', flavor: 'write', api: ev.name, node: ev.node },
        { op: 'acquire', lock: sem, kind: 'rwsem', flavor: 'read', api: ev.name, node: ev.node },
      ];
    }
    const api = ctx.catalogue.lookup(ev.name);
    if (!api) return [];
    const lock = api.lockArg === RETURNED_LOCK ? ev.assignTo : api.lockArg < 0 ? api.pseudo ?? ev.name : lockOfArg(ev.args[api.lockArg]);
    if (!lock || !isNameableLock(lock)) return [];
    // `radix_tree_preload(GFP_NOFS | __GFP_NOFAIL)` cannot fail: its result need not be tested.
    const cannotFail = api.op === 'acquireIfZero' && api.kind === 'idr_preload' && ev.args[0] !== undefined && /\b__GFP_NOFAIL\b/.test(text(ev.args[0]));
    return [{
      op: cannotFail ? 'acquire' : api.op, lock, kind: api.kind, flavor: api.flavor, api: ev.name, node: ev.node, nested: api.nested,
      gfp: api.kind === 'idr_preload' && api.op === 'acquire' ? ev.args[0] && text(ev.args[0]).trim() : undefined,
    }];
  };
  const summaryFor = (ev: CallEvent): FunctionSummary | null =>
    ctx.catalogue.has(ev.name) || fn.params.includes(ev.name) || locals.has(ev.name) ? null : ctx.summaryOf(ev.name);
  // The mode counts this function's callees sleep only without: only their raises are worth a fact.
  const modeCounts = new Set(cfg.blocks.flatMap((b) => b.events.flatMap((e) => (e.kind === 'call' ? summaryFor(e)?.sleepsUnless ?? [] : []))));
  const truthOf = (ret: SyntaxNode, facts: Map<string, boolean>) => returnTruth(ret, code, facts, (name) => (scoped(name) ? null : ctx.summaryOf(name)?.returnsConstant ?? null));
  // A callee's lock in this function's own words: `rwb->mutex.wait_lock` is `rtm->wait_lock` here.
  const sites = collectSites(cfg, catalogueOps, text);
  const ownName = new Map<string, string>();
  for (const x of sites) if (!ownName.has(canonical(x.lock))) ownName.set(canonical(x.lock), x.lock);
  const siteKinds = new Map<string, LockKind>();
  for (const x of sites) if (!siteKinds.has(x.lock)) siteKinds.set(x.lock, x.kind);
  const translate = (lock: string, s: FunctionSummary, a: string[]): string | null => {
    const t = translateLock(lock, s, a);
    return t === null ? null : ownName.get(canonical(t)) ?? t;
  };
  const summaryOps = (ev: CallEvent, s: FunctionSummary): LockOp[] => {
    // Releases first: a callee that drops the caller's lock and re-takes it (`__releases(x) __acquires(x)`) nets out.
    const out: LockOp[] = [];
    const a = args(ev);
    for (const l of s.releasesEntry) {
      const lock = translate(l.lock, s, a);
      if (lock) out.push({ op: 'release', lock, kind: siteKinds.get(lock) ?? l.kind, flavor: l.flavor, api: ev.name, node: ev.node, via: ev.name });
    }
    for (const l of s.mayReleaseEntry) {
      const lock = translate(l.lock, s, a);
      if (lock) out.push({ op: 'mayRelease', lock, kind: siteKinds.get(lock) ?? l.kind, flavor: l.flavor, api: ev.name, node: ev.node, via: ev.name });
    }
    // `base = lock_base(t, &flags)`: the returned object's lock, which the callee's own names (`t->base->lock`) only approximate.
    const returned = ev.assignTo ? s.returnedHeld : [];
    const namedByReturn = new Set(returned.map((l) => lockMember(l.lock)));
    for (const l of returned) {
      const lock = normalizeLock(`${ev.assignTo}${l.lock}`);
      const op = heldOp(l.conditional);
      out.push({ op, lock, kind: siteKinds.get(lock) ?? l.kind, flavor: l.flavor, api: ev.name, node: ev.node, via: ev.name });
    }
    // `find_key(&key, ..)` handing back `key` with `key->sem` held; `(*keyp)->sem` when passing on its own out-parameter.
    for (const l of s.outHeld) {
      const arg = (a[s.params.indexOf(l.param)] ?? '').replace(/\s+/g, '');
      const base = arg.startsWith('&') ? arg.slice(1) : IDENTIFIER.test(arg) ? `(*${arg})` : null;
      if (base === null) continue;
      const lock = normalizeLock(`${base}${l.lock}`);
      const op = heldOp(l.conditional);
      out.push({ op, lock, kind: siteKinds.get(lock) ?? l.kind, flavor: l.flavor, api: ev.name, node: ev.node, via: ev.name, handedBack: arg.startsWith('&') });
    }
    for (const l of s.acquiresHeld) {
      if (namedByReturn.has(lockMember(l.lock))) continue;
      const lock = translate(l.lock, s, a);
      const op = heldOp(l.conditional);
      if (lock) out.push({ op, lock, kind: siteKinds.get(lock) ?? l.kind, flavor: l.flavor, api: ev.name, node: ev.node, via: ev.name });
    }
    return out;
  };
  // `kref_put(&obj->ref, release)` calls `release` on the last put; a release that drops a lock
  // (`__releases`, or a `_locked` variant) may have dropped any lock held here.
  const releaseCallback = (ev: CallEvent): FunctionSummary | null =>
    ev.name === 'kref_put' && ev.args[1]?.type === 'identifier' ? ctx.summaryOf(text(ev.args[1])) : null;
  /** `kref_put()` with a release function we have read: what it does is known (releaseCallbackOps). */
  const knownReleaseCallback = (ev: CallEvent): boolean => releaseCallback(ev) !== null;
  const releaseCallbackOps = (ev: CallEvent): LockOp[] => {
    const cb = releaseCallback(ev);
    if (!cb || !(cb.releasesEntry.length || cb.mayReleaseEntry.length || cb.releasesUnnamed)) return [];
    return [{ op: 'mayRelease', lock: ANY_LOCK, kind: 'spinlock', flavor: 'plain', api: ev.name, node: ev.node, via: cb.name }];
  };
  const sleepReason = (ev: CallEvent): string | null => {
    const direct = ctx.sleeps.reason(ev.name, args(ev));
    if (direct) return direct;
    const s = summaryFor(ev);
    // Deeper chains lose the callees' path conditions: trust one level only.
    return s?.maySleep && s.sleepDepth === 0 ? `${ev.name}() may sleep (${s.maySleep})` : null;
  };
  const gfpOf = (ev: CallEvent): string | null => gfpArgument(ev.name, args(ev));

  /** Kinds of every lock an operation named (direct or through a callee), for summaries. */
  const kindsSeen = new Map<string, LockKind>();
  /** The flavour every acquire of a lock used (direct or through a callee), ANY_FLAVOR when they differ. */
  const flavorsSeen = new Map<string, string>();
  const classify = (ev: CallEvent): LockOp[] => {
    let ops = catalogueOps(ev);
    if (!ops.length) {
      const s = summaryFor(ev);
      ops = s ? summaryOps(ev, s) : releaseCallbackOps(ev);
    }
    for (const o of ops) {
      if (!kindsSeen.has(o.lock)) kindsSeen.set(o.lock, o.kind);
      if (o.op === 'release' || o.op === 'mayRelease') continue;
      const seen = flavorsSeen.get(o.lock);
      flavorsSeen.set(o.lock, seen === undefined || seen === o.flavor ? o.flavor : ANY_FLAVOR);
    }
    return ops;
  };
  const entryLocks = [
    ...fn.annotations.filter((a) => a.kind === 'must_hold' || a.kind === 'releases').map((a) => normalizeLock(a.lock)),
    ...assertedHeld(cfg, text),
  ].filter((l, i, all) => all.indexOf(l) === i)
    .map((lock) => ({ lock, kind: kindUsedFor(cfg, lock, catalogueOps) ?? 'spinlock', node: fn.nameNode }));
  const written = fieldEffects(fn.body, code, fn.params, locals, (name) => (locals.has(name) ? null : writerOf(name)));
  const flow = runLockDataflow(cfg, code, {
    classify,
    consumesPreload: (ev) => IDR_ALLOC_APIS.has(ev.name) && classifyGfp(gfpOf(ev) ?? '') !== 'sleeping',
    constantResult: (name) => (scoped(name) ? null : ctx.summaryOf(name)?.returnsConstant ?? null),
    valued: returnedStatus(cfg, code, fn.params),
    releasesLookedUp: (ev) => summaryFor(ev)?.releasesUnnamed === true,
    releasedMembers: (ev) => summaryFor(ev)?.unnamedMembers ?? [],
    // hugetlb_no_page() recomputes the hash and unlocks hugetlb_fault_mutex_table[hash] itself.
    isGlobalTableLock: (lock) => {
      const table = /^([A-Za-z_]\w*)\[[^\]]*\]$/.exec(lock);
      return table !== null && !scoped(table[1]);
    },
    fieldEffects: (ev) => {
      const s = summaryFor(ev);
      return s && (s.assigns.length || s.settles.length) ? translateFieldEffects(s, args(ev)) : null;
    },
    watchedFields: written.assigns,
    callerNames: (path) => nameableHere(path, fn.params, locals),
    isModeCount: (name) => modeCounts.has(name) && !scoped(name),
    modeWrites: (ev) => {
      if (!modeCounts.size) return [];
      const s = summaryFor(ev);
      const a = args(ev);
      const raised = (r: ModeRaise) => r.whenParam === null || (r.whenParam !== RAISED_NEVER && isNonZeroLiteral(a[s!.params.indexOf(r.whenParam)] ?? ''));
      const out = (s?.raises ?? []).filter((r) => modeCounts.has(r.global)).map((r) => ({ global: r.global, raised: raised(r) }));
      for (const g of catalogueRaises(ev.name, a)) if (modeCounts.has(g)) out.push({ global: g, raised: true });
      return out;
    },
    // A callee that releases a lock it cannot name to us may have released ours, as an unknown callee may;
    // so may one that hands our object on to such a function (`not_found(pvmw)` calling `..._walk_done(pvmw)`).
    // A body we read that does (put_z3fold_locked(): a kref_put() whose release unlocks) whatever its name says.
    isUnknownCall: (ev) => {
      if (ctx.catalogue.has(ev.name) || ctx.sleeps.reason(ev.name, args(ev))) return false;
      const s = summaryFor(ev);
      return s ? s.releasesUnnamed || s.forwardsToUnknown : !knownReleaseCallback(ev) && !HARMLESS_CALL.test(ev.name);
    },
  }, initialState(entryLocks), ctx.settings.functionBudget);

  const hooks: CommonPathHooks = {
    opsOf: (ev) => {
      const direct = catalogueOps(ev);
      if (direct.length) {
        return direct.map((o) => ({
          kind: 'op' as const, op: o.op === 'release' ? 'release' as const : 'acquire' as const, lock: o.lock, lockKind: o.kind, api: o.api, node: o.node,
        }));
      }
      const s = summaryFor(ev);
      if (!s) return [];
      const out: PathOp[] = [];
      const returned = ev.assignTo ? s.returnedHeld.find((l) => l.conditional === undefined) : undefined;
      const returnedLock = returned ? normalizeLock(`${ev.assignTo}${returned.lock}`) : null;
      for (const o of s.commonOps) {
        const lock = returnedLock !== null && o.op === 'acquire' && lockMember(o.lock) === lockMember(returned!.lock)
          ? returnedLock : translate(o.lock, s, args(ev));
        if (lock) out.push({ kind: 'op', op: o.op, lock, lockKind: o.kind, api: ev.name, node: ev.node, via: ev.name });
      }
      // The callee's own name for it was a local, so no common op said so: the caller holds it now.
      if (returnedLock !== null && !out.some((o) => o.lock === returnedLock)) {
        out.push({ kind: 'op', op: 'acquire', lock: returnedLock, lockKind: returned!.kind, api: ev.name, node: ev.node, via: ev.name });
      }
      return out;
    },
    sleepReason,
    conditionalSuccess: (callNode) => {
      const callee = child(callNode, 'function');
      const api = callee?.type === 'identifier' ? ctx.catalogue.lookup(text(callee)) : undefined;
      if (api?.op === 'acquireIfTrue') return true;
      if (api?.op === 'acquireIfZero') return false;
      return null;
    },
  };
  const path = walkCommonPath(cfg, code, hooks);
  const expanded = expandPath(path.items);
  const heldAtCommonReturn = new Set<string>();
  if (path.returnNode) {
    const held = new Map<string, number>();
    for (const it of expanded) {
      if (it.kind !== 'op') continue;
      held.set(it.lock, Math.max(0, (held.get(it.lock) ?? 0) + (it.op === 'acquire' ? 1 : -1)));
    }
    for (const [l, n] of held) if (n > 0) heldAtCommonReturn.add(l);
  }
  const declaredHeld = new Set(fn.annotations.filter((a) => a.kind === 'acquires' || a.kind === 'must_hold' || a.kind === 'cond_acquires').map((a) => normalizeLock(a.lock)));

  // Counts per lock.
  const pathLocks = locksOnPath(path.items);
  const siteLocks = new Map<string, LockKind>();
  for (const s of sites) if (!siteLocks.has(s.lock)) siteLocks.set(s.lock, s.kind);
  const allLocks = new Map<string, LockKind>([...siteLocks, ...pathLocks]);
  allLocks.delete('idr preload');
  const counts = new Map<string, { common: number; formula: string | null }>();
  for (const lock of allLocks.keys()) {
    const f = acquireFormula(path.items, lock);
    counts.set(lock, { common: defaultAcquires(path.items, lock), formula: f && !isConstant(f) ? render(f) : null });
  }
  const backToBack = findBackToBack(expanded, allLocks);
  const unsure = unsureReason(cfg, flow, code);
  if (unsure) notes.push(unsure);
  if (!path.exact) notes.push('the common path passes a switch or a cycle; its counts are approximate');

  const maySleepCall = firstSleepingCall(cfg, sleepReason);
  // schedule_preempt_disabled() is made for callers that disabled preemption: it does not make them sleep in atomic context.
  const sleepsForCallers = sleepOnCommonPath(expanded, flow, (ev) => (ev.name === 'schedule_preempt_disabled' ? null : ctx.sleeps.reason(ev.name, args(ev))));
  const sleepDepth = sleepsForCallers ? 0 : 1;
  const sleepsViaCallee = sleepsForCallers ?? sleepOnCommonPath(expanded, flow, (ev) => (ev.name === 'schedule_preempt_disabled' ? null : sleepReason(ev)));
  const designHeld = lockHelperHeld(fn.name, flow, code, false);
  const designHeldForCallers = lockHelperHeld(fn.name, flow, code, true);
  // What callers are told it returns holding: only locks the dataflow is sure of at that return
  // (not handed to an unknown function that may release them, e.g. a header's task_rq_unlock()).
  const surelyHeldAtCommonReturn = new Set([...heldAtCommonReturn].filter((l) =>
    flow.returns.some((r) => r.node === path.returnNode && isSurelyHeld(r.state.locks.get(l)))));
  const evidence: FunctionEvidence = {
    name: fn.name, code, cfg, flow, path, heldAtCommonReturn, declaredHeld: new Set([...declaredHeld, ...designHeld]), backToBack, counts, unsure,
    sleepReason, gfpOf,
    callsPreload: cfg.blocks.some((b) => b.events.some((e) => e.kind === 'call' && /^(idr_preload|radix_tree_preload|radix_tree_maybe_preload)$/.test(e.name))),
    hasPreloadRetry: hasEnomemRepreload(fn.body, code),
    releasedSomewhere: new Set([...sites.filter((x) => x.op === 'release').map((x) => x.lock), ...flow.partners.map((x) => x.lock)]),
    keptByFlag: keptByFlag(recordingFlags(cfg, code, scoped), scoped),
    keptForNextCall: keptForNextCall(cfg, flow, code, fn.params),
    sleepsUnless: (ev) => summaryFor(ev)?.sleepsUnless ?? [],
    storedForCaller: locksStoredForCaller(cfg, code, fn.params),
    resultSaysHeld: (lock) => returnsTruthOrPointer(fn, code) && !flow.budgetExceeded && holdFollowsResult(flow, lock, truthOf),
    callNames: new Set(cfg.blocks.flatMap((b) => b.events.flatMap((e) => (e.kind === 'call' ? [e.name] : [])))),
    lockingCallees: new Set(cfg.blocks.flatMap((b) => b.events.flatMap((e) => {
      const sm = e.kind === 'call' ? summaryFor(e) : null;
      return sm && (sm.acquiresHeld.length || sm.releasesEntry.length || sm.mayReleaseEntry.length) ? [sm.name] : [];
    }))),
  };

  // Facts.
  const weights = new Map<string, Map<number, number | null>>();
  for (const b of cfg.blocks) {
    for (const ev of b.events) {
      let ops: Array<{ lock: string; acquire: boolean; max?: number | null }> = [];
      if (ev.kind === 'guard') ops = [{ lock: ev.lock, acquire: ev.op === 'acquire' }];
      else if (ev.kind === 'call') {
        const direct = catalogueOps(ev);
        if (direct.length) ops = direct.map((o) => ({ lock: o.lock, acquire: o.op !== 'release' }));
        else {
          const s = summaryFor(ev);
          if (s) {
            for (const [l, m] of s.maxAcquires) {
              const lock = translate(l, s, args(ev));
              if (lock) ops.push({ lock, acquire: true, max: m });
            }
          }
        }
      }
      for (const o of ops) {
        if (!o.acquire) continue;
        let m = weights.get(o.lock);
        if (!m) weights.set(o.lock, (m = new Map()));
        const prev = m.get(b.id);
        const add = o.max === undefined ? 1 : o.max;
        m.set(b.id, prev === null || add === null ? null : (prev ?? 0) + add);
      }
    }
  }
  const maxima = maxAcquires(cfg, weights);
  const partnersOf = partnerSpans(flow);
  const commonIndex = commonPathIndices(expanded);
  const regionsByLock = lockRegions(flow);
  const entryHeld = new Set<string>(entryLocks.map((e) => e.lock));
  for (const r of flow.returns) for (const e of r.state.entryHeld) entryHeld.add(e);

  const locks: LockFacts[] = [];
  for (const [lock, kind] of allLocks) {
    const c = counts.get(lock)!;
    locks.push({
      lock,
      kind,
      acquiresOnCommonPath: c.common,
      acquiresMax: maxima.has(lock) ? maxima.get(lock)! : 0,
      acquiresFormula: c.formula,
      regions: regionsByLock.get(lock) ?? [],
      backToBack: backToBack.some((b) => b.lock === lock),
      heldAtReturn: heldAtCommonReturn.has(lock) || declaredHeld.has(lock) && !entryHeld.has(lock),
      heldOnEntry: entryHeld.has(lock),
      writes: writesUnder(flow, lock, locals),
    });
  }
  const lockSites: LockSite[] = sites
    .filter((s) => s.lock !== 'idr preload')
    .map((s) => {
      const idx = commonIndex.get(s.node);
      return {
        lock: s.lock, op: s.op, api: s.api, span: s.span,
        commonPathIndex: s.op === 'acquire' ? idx ?? null : null,
        onCommonPath: idx !== undefined,
        partners: partnersOf.get(s.node.start) ?? [],
      };
    });

  const findings = [...lockFindings(evidence), ...atomicFindings(evidence), ...idrFindings(evidence)].map((f) => ({ ...f, function: fn.name }));
  const facts: FunctionFacts = {
    ...baseFacts,
    locks,
    sites: lockSites,
    allocSites: allocSites(evidence),
    maySleep: maySleepCall !== null,
  };

  // Summary for callers.
  // Only real locks cross calls: interrupt, preemption and RCU state are passed around too loosely to follow.
  const releasedOnCommonPath = releasedFromEntry(expanded, fn);
  const releasedOnSome = releasedOnSomePath(flow);
  // RCU crosses calls in one case only: a helper that leaves its caller's read-side section on
  // every path (rcu_read_unlock() before each return), as xfs_iget()'s cache-hit helper does.
  const leavesCallersRcu = releasedOnCommonPath.has('rcu') && flow.returns.length > 0 && !flow.budgetExceeded
    && flow.returns.every((r) => r.state.locks.has('rcu') && !isHeld(r.state.locks.get('rcu')));
  // Or on some paths, never taking a section of its own to return in (xfs_iget_recycle(): left
  // unless it returns -EAGAIN; xfs_iget_cache_hit(): entered in RCU, left on every path but one
  // that passes xfs_iget_recycle()'s result on).
  const leavesCallersRcuOnSome = !leavesCallersRcu && releasedOnSome.has('rcu') && !flow.budgetExceeded
    && flow.returns.every((r) => {
      const slot = r.state.locks.get('rcu');
      return !isHeld(slot) || slot.api === 'entry';
    });
  // `__releases(x)` on a function that returns false still holding x (do_signal_stop()): it only may release x.
  const keptOnSomeReturn = (l: string) => !flow.budgetExceeded && flow.returns.some((r) => {
    const slot = r.state.locks.get(l);
    return isHeld(slot) && slot.api === 'entry';
  }) && flow.returns.some((r) => {
    const slot = r.state.locks.get(l);
    return slot !== undefined && !isHeld(slot);
  });
  // Callers see locks through the access paths of this function's stable locals (`rtm->wait_lock` as `rwb->mutex.wait_lock`).
  const exportable = (l: string) => isExportable(canonical(l), fn.params, locals) && EXCLUSIVE_KINDS.has(allLocks.get(l) ?? kindsSeen.get(l) ?? '');
  // A lock taken only through callees has the flavour they took it with.
  const flavorFor = (l: string) => (sites.some((x) => x.lock === l && x.op === 'acquire') ? flavorOf(sites, l) : flavorsSeen.get(l) ?? flavorOf(sites, l));
  // Caller's locks it releases under names its callers cannot use (a local `ci` for their `inode`'s lock).
  const unnamed = [...releasedOnSome].filter((l) => !exportable(l) && EXCLUSIVE_KINDS.has(allLocks.get(l) ?? kindsSeen.get(l) ?? ''));
  const kindOf = (l: string): SummaryLock => ({ lock: canonical(l), kind: allLocks.get(l) ?? kindsSeen.get(l) ?? 'spinlock', flavor: flavorFor(l) });
  const summary: FunctionSummary = {
    name: fn.name,
    params: fn.params,
    commonOps: expanded.filter((i): i is PathOp => i.kind === 'op' && exportable(i.lock) && i.lock !== 'idr preload')
      .slice(0, 64)
      .map((o) => ({ op: o.op, lock: canonical(o.lock), kind: o.lockKind, flavor: flavorFor(o.lock) })),
    acquiresHeld: [...new Set([...surelyHeldAtCommonReturn, ...designHeldForCallers, ...[...declaredHeld].filter((l) => !entryHeld.has(l))])]
      .filter(exportable).map((l) => ({ ...kindOf(l), conditional: conditionalHold(flow, l, releasedOnCommonPath.has(l), truthOf) })),
    returnedHeld: returnedLocks(flow, code, (call) => {
      const callee = child(call, 'function');
      const name = callee?.type === 'identifier' ? text(callee) : '';
      return name && !scoped(name) ? ctx.summaryOf(name)?.returnedHeld ?? [] : [];
    }).map((r) => ({ lock: r.suffix, kind: r.kind, flavor: r.flavor, conditional: r.conditional })),
    outHeld: outParameterLocks(cfg, flow, code, fn.params).map((r) => ({ param: r.param, lock: r.suffix, kind: r.kind, flavor: r.flavor, conditional: r.conditional })),
    releasesEntry: [...releasedOnCommonPath].filter((l) => (exportable(l) && !keptOnSomeReturn(l)) || (l === 'rcu' && leavesCallersRcu)).map(kindOf),
    mayReleaseEntry: [...new Set([...releasedOnSome, ...releasedOnCommonPath])]
      .filter((l) => exportable(l) && (!releasedOnCommonPath.has(l) || keptOnSomeReturn(l)) || l === 'rcu' && leavesCallersRcuOnSome).map(kindOf),
    maySleep: sleepsViaCallee,
    sleepDepth,
    maxAcquires: new Map([...maxima].filter(([l]) => exportable(l)).map(([l, m]) => [canonical(l), m])),
    returnsConstant: constantReturn(fn.body, code),
    releasesUnnamed: unnamed.length > 0,
    forwardsToUnknown: forwardsToOpaque(fn.body, code, fn.params, opaque),
    raises: raisedGlobals(fn.body, code, fn.params, (n) => !scoped(n)),
    sleepsUnless: sleepsViaCallee ? sleepsOnlyWhileZero(flow, sleepReason, (n) => !scoped(n)) : [],
    // Only a member that names its object's lock (`i_ceph_lock`); a bare `lock` could be any object's.
    unnamedMembers: [...new Set(unnamed.map(lockMember).filter((m): m is string => m !== null && !GENERIC_MEMBER.test(m)))].slice(0, 8),
    assigns: written.assigns,
    settles: mergeSettles(returnSettles(flow, code, written.assigns, (v) => nameableHere(v, fn.params, locals)), written.settles),
  };
  return { facts, findings, summary };
}

/**
 * Locks the common path releases more often than it takes them (the caller
 * held them), plus `__releases` contracts. `__must_hold` locks stay held.
 */
function releasedFromEntry(expanded: ReturnType<typeof expandPath>, fn: FunctionSyntax): Set<string> {
  const out = new Set(fn.annotations.filter((a) => a.kind === 'releases').map((a) => normalizeLock(a.lock)));
  const held = new Map<string, number>();
  for (const it of expanded) {
    if (it.kind !== 'op') continue;
    const n = held.get(it.lock) ?? 0;
    if (it.op === 'acquire') held.set(it.lock, n + 1);
    else if (n === 0) out.add(it.lock);
    else held.set(it.lock, n - 1);
  }
  out.delete('idr preload');
  return out;
}

/**
 * What a lock protects here: shared state written with it held. The function's
 * own scalars (`i`, `ret`, `flags`) are left out; fields through them stay.
 */
function writesUnder(flow: DataflowResult, lock: string, locals: Set<string>): string[] {
  const w = flow.writesUnder.get(lock);
  if (!w) return [];
  return [...w].sort((a, b) => a[1] - b[1]).map(([t]) => t).filter((t) => !locals.has(t)).slice(0, 8);
}

/** Cheap filter: does the function call anything the engine tracks? Skips most functions of a big file. */
function mentionsAnythingWeTrack(fn: FunctionSyntax, ctx: AnalysisContext): boolean {
  // `if (` also matches the call pattern: in a file with scoped_guard (rewritten to `if`) every
  // function with an `if` is analysed. Coarse, but it keeps callee summaries from being pulled in
  // (and cut off at the recursion depth) by this filter.
  return calledNames(ctx.code.slice(fn.body.start, fn.body.end), '').some((name) => {
    if (ctx.catalogue.has(name) || name === 'guard' || name === 'if' && ctx.shapes.scopedGuards.size > 0) return true;
    if (ctx.sleeps.reason(name, SLEEPING_GFP_ARGS) || IDR_ALLOC_APIS.has(name) || name === 'kref_put') return true;
    if (name === fn.name) return false;
    const s = ctx.summaryOf(name);
    return !!s && hasEffect(s);
  });
}

/** A `scoped_guard` (rewritten to `if`, so no call shows it) within [start, end). */
export function hasScopedGuard(shapes: KernelShapes, start: number, end: number): boolean {
  for (const offset of shapes.scopedGuards.keys()) if (offset >= start && offset < end) return true;
  return false;
}

/** Arguments that make any allocation API count as sleeping (for "could this call sleep at all"). */
export const SLEEPING_GFP_ARGS = ['GFP_KERNEL', 'GFP_KERNEL', 'GFP_KERNEL', 'GFP_KERNEL', 'GFP_KERNEL', 'GFP_KERNEL'];

/** Every name the text calls (`name(`), once each and in order, except `self`. */
export function calledNames(text: string, self: string): string[] {
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  const seen = new Set<string>([self]);
  const out: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (seen.has(m[1])) continue;
    seen.add(m[1]);
    out.push(m[1]);
  }
  return out;
}

/**
 * File-scope flags the function sets both ways (`job_running = true;` on one path,
 * `= false` on another): state it keeps from one call to the next.
 */
function recordingFlags(cfg: Cfg, code: string, scoped: (name: string) => boolean): Set<string> {
  const ways = new Map<string, number>();
  for (const b of cfg.blocks) {
    for (const ev of b.events) {
      if (ev.kind !== 'assign' || ev.node.type !== 'assignment_expression' || !IDENTIFIER.test(ev.target) || scoped(ev.target)) continue;
      const op = child(ev.node, 'operator');
      const right = child(ev.node, 'right');
      if (!op || !right || textOf(code, op) !== '=') continue;
      const value = textOf(code, right).trim();
      const way = /^(true|1)$/.test(value) ? 1 : /^(false|0)$/.test(value) ? 2 : 0;
      if (way) ways.set(ev.target, (ways.get(ev.target) ?? 0) | way);
    }
  }
  return new Set([...ways].filter(([, w]) => w === 3).map(([name]) => name));
}

/**
 * A global lock still held where such a flag is true is kept by design: the flag tells the
 * next call (or a teardown) that it holds the lock (DAMON's `regions_updating`).
 */
function keptByFlag(flags: Set<string>, scoped: (name: string) => boolean): (lock: string, facts: Map<string, boolean>) => boolean {
  if (!flags.size) return () => false;
  return (lock, facts) => IDENTIFIER.test(lock) && !scoped(lock) && [...flags].some((f) => facts.get(f) === true);
}

/**
 * The file-scope mode counts found zero wherever the function may sleep: every state that
 * reaches a sleeping call knows the count is zero (`if (oops_in_progress) { trylock } else
 * console_lock();`). A caller that raised one does not sleep in it.
 */
function sleepsOnlyWhileZero(flow: DataflowResult, sleepReason: (ev: CallEvent) => string | null, isGlobal: (name: string) => boolean): string[] {
  if (flow.budgetExceeded) return [];
  let zero: Set<string> | null = null;
  for (const [ev, states] of flow.callStates) {
    if (!sleepReason(ev)) continue;
    // Only the first states of a call are recorded: the others may not know.
    if (states.length >= MAX_RECORDED_STATES) return [];
    for (const s of states) {
      const here = [...s.facts].filter(([k, v]) => v === false && IDENTIFIER.test(k) && isGlobal(k)).map(([k]) => k);
      zero = zero === null ? new Set(here) : new Set(here.filter((g) => zero!.has(g)));
      if (!zero.size) return [];
    }
  }
  return zero ? [...zero].slice(0, 4) : [];
}

/**
 * A read that stops with more to come keeps its locks and marks that in an out-parameter
 * (`*cookie = cookie; return n;`); called again with the marker set, it continues and
 * releases them (`if (*cookie) { ..; mutex_unlock(..); *cookie = NULL; }`, n_tty_read()).
 * The marker is a parameter's target the function tests; the lock is one some path
 * releases without taking it; the return comes right after the marker is set.
 */
function keptForNextCall(cfg: Cfg, flow: DataflowResult, code: string, params: string[]): (lock: string, ret: SyntaxNode) => boolean {
  const markers = new Set<string>();
  for (const b of cfg.blocks) {
    const m = b.branch ? /^\(?\*\s*([A-Za-z_]\w*)\)?$/.exec(textOf(code, unwrapParens(b.branch.atom)).trim()) : null;
    if (m && params.includes(m[1])) markers.add(m[1]);
  }
  if (!markers.size) return () => false;
  return (lock, ret) => flow.returns.some((r) => r.state.entryHeld.has(lock) && !isHeld(r.state.locks.get(lock)))
    && markerStoredBefore(ret, code, markers);
}

/** The statement before `ret` stores a value other than NULL through one of the marker parameters (`*cookie = cookie;`). */
function markerStoredBefore(ret: SyntaxNode, code: string, markers: Set<string>): boolean {
  const siblings = ret.parent?.type === 'compound_statement' ? ret.parent.children.filter((c) => c.type !== 'comment') : [];
  const prev = siblings[siblings.indexOf(ret) - 1];
  const assign = prev?.type === 'expression_statement' ? prev.children[0] : undefined;
  if (assign?.type !== 'assignment_expression') return false;
  const left = child(assign, 'left');
  const right = child(assign, 'right');
  if (!left || !right || /^(NULL|0|false)$/.test(textOf(code, right).trim())) return false;
  const m = /^\*\s*([A-Za-z_]\w*)$/.exec(textOf(code, left).trim());
  return !!m && markers.has(m[1]);
}

/**
 * Locks handed to the caller by storing the lock's address in memory the caller reads
 * (`fw->ptl = ptl;` in folio_walk_start(), released later by folio_walk_end(fw)).
 */
function locksStoredForCaller(cfg: Cfg, code: string, params: string[]): Set<string> {
  const out = new Set<string>();
  for (const b of cfg.blocks) {
    for (const ev of b.events) {
      if (ev.kind !== 'assign' || ev.node.type !== 'assignment_expression') continue;
      const root = /^\*?\(?([A-Za-z_]\w*)/.exec(ev.target)?.[1];
      const right = child(ev.node, 'right');
      if (!root || !params.includes(root) || ev.target === root || !right) continue;
      out.add(normalizeLock(textOf(code, right)));
    }
  }
  return out;
}

/** The function's own variables (declared in its body), which a caller cannot name. */
/**
 * What callers learn of a function from its syntax alone, without its dataflow (it takes no
 * lock we track): the fields it writes, whether it hands a parameter to a call `opaque` says
 * may end a hold, and the file-scope counts it raises.
 */
export function syntacticSummary(fn: Pick<FunctionSyntax, 'name' | 'params' | 'body'>, code: string,
  writerOf: (name: string) => FieldWriter | null, opaque: (name: string) => boolean): FunctionSummary {
  const locals = localNames(fn.body, code);
  return {
    ...emptySummary(fn.name, fn.params),
    ...fieldEffects(fn.body, code, fn.params, locals, writerOf),
    forwardsToUnknown: forwardsToOpaque(fn.body, code, fn.params, opaque),
    raises: raisedGlobals(fn.body, code, fn.params, (n) => !locals.has(n) && !fn.params.includes(n)),
  };
}

export function localNames(body: SyntaxNode, code: string): Set<string> {
  const out = new Set<string>();
  walk(body, (n) => {
    if (n.type === 'declaration') {
      for (const d of n.children) {
        let x: SyntaxNode | undefined = d;
        for (let i = 0; x && x.type !== 'identifier' && i < 16; i++) x = x.children.find((c) => c.field === 'declarator');
        if (x?.type === 'identifier') out.add(code.slice(x.start, x.end));
      }
    }
    return !n.type.endsWith('_expression');
  });
  return out;
}

/** `lockdep_assert_held(&l)` and friends state that the caller holds `l`: like `__must_hold`. */
function assertedHeld(cfg: Cfg, text: (n: SyntaxNode) => string): string[] {
  const out: string[] = [];
  for (const b of cfg.blocks) {
    for (const ev of b.events) {
      if (ev.kind === 'call' && /^(lockdep_assert_held(_once|_read|_write|_exclusive)?|assert_spin_locked|assert_raw_spin_locked|lockdep_assert_locked)$/.test(ev.name) && ev.args[0]) {
        out.push(normalizeLock(text(ev.args[0])));
      }
    }
  }
  return out;
}

function kindUsedFor(cfg: Cfg, lock: string, ops: (ev: CallEvent) => LockOp[]): LockKind | null {
  for (const b of cfg.blocks) for (const ev of b.events) if (ev.kind === 'call') for (const o of ops(ev)) if (o.lock === lock) return o.kind;
  return null;
}


interface SiteRecord {
  lock: string;
  kind: LockKind;
  op: 'acquire' | 'release';
  api: string;
  flavor: string;
  node: SyntaxNode;
  span: SourceSpan;
}

/** Every lock and unlock call (and guard) in the function, in source order. */
function collectSites(cfg: Cfg, ops: (ev: CallEvent) => LockOp[], text: (n: SyntaxNode) => string): SiteRecord[] {
  const out: SiteRecord[] = [];
  const seen = new Set<string>();
  for (const b of cfg.blocks) {
    for (const ev of b.events) {
      if (ev.kind === 'guard') {
        const node = ev.op === 'acquire' ? ev.node : ev.at;
        const key = `${ev.op}:${node.start}:${ev.lock}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const span = ev.op === 'acquire' ? guardSpan(ev.node, text) : releaseSpan(ev.at);
        out.push({ lock: ev.lock, kind: ev.guard.kind, op: ev.op, api: `guard(${ev.className})`, flavor: ev.guard.flavor, node, span });
      } else if (ev.kind === 'call') {
        for (const o of ops(ev)) {
          const op = o.op === 'release' ? 'release' : 'acquire';
          const key = `${op}:${ev.node.start}:${o.lock}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ lock: o.lock, kind: o.kind, op, api: o.api, flavor: o.flavor, node: ev.node, span: spanOf(ev.node) });
        }
      }
    }
  }
  return out.sort((a, b) => a.node.start - b.node.start);
}

/** A `scoped_guard (...)` statement spans its whole block: point at its first line only. */
function guardSpan(node: SyntaxNode, text: (n: SyntaxNode) => string): SourceSpan {
  if (node.type !== 'if_statement') return spanOf(node);
  const head = text(node).slice(0, 400);
  const nl = head.indexOf('\n');
  const firstLine = (nl >= 0 ? head.slice(0, nl) : head).trimEnd().replace(/\{$/, '').trimEnd();
  return { start: { line: node.startRow + 1, column: node.startCol }, end: { line: node.startRow + 1, column: node.startCol + firstLine.length } };
}

/** A guard's release is the scope's closing brace (or the jump leaving it). */
function releaseSpan(at: SyntaxNode): SourceSpan {
  if (at.type === 'compound_statement' || at.type === 'if_statement') {
    return { start: { line: at.endRow + 1, column: Math.max(0, at.endCol - 1) }, end: { line: at.endRow + 1, column: at.endCol } };
  }
  return spanOf(at);
}

function flavorOf(sites: SiteRecord[], lock: string): string {
  const own = sites.filter((s) => s.lock === lock && s.op === 'acquire');
  // `if (excl) down_write(..); else down_read(..);`: which one the caller gets depends on its argument.
  if (own.length) return own.every((s) => s.flavor === own[0].flavor) ? own[0].flavor : ANY_FLAVOR;
  // An annotation's name for a lock taken through a local (`__acquires(timer->base->lock)`, taken as `base->lock`).
  const member = lockMember(lock);
  const same = member === null ? [] : sites.filter((s) => s.op === 'acquire' && lockMember(s.lock) === member);
  return same.length > 0 && same.every((s) => s.flavor === same[0].flavor) ? same[0].flavor : 'plain';
}

/** Acquire/release partners from the dataflow, keyed by the site's start offset. */
function partnerSpans(flow: DataflowResult): Map<number, SourceSpan[]> {
  const out = new Map<number, SourceSpan[]>();
  const push = (k: number, s: SourceSpan) => {
    const arr = out.get(k) ?? [];
    if (!arr.some((x) => x.start.line === s.start.line && x.start.column === s.start.column)) arr.push(s);
    out.set(k, arr);
  };
  for (const p of flow.partners) {
    push(p.acquire.start, p.release.type === 'compound_statement' || p.release.type === 'if_statement' ? releaseSpan(p.release) : spanOf(p.release));
    push(p.release.start, spanOf(p.acquire));
  }
  return out;
}

/** The 1-based position of each common-path acquire among its lock's acquires. */
function commonPathIndices(expanded: ReturnType<typeof expandPath>): Map<SyntaxNode, number> {
  const out = new Map<SyntaxNode, number>();
  const perLock = new Map<string, number>();
  for (const it of expanded) {
    if (it.kind !== 'op') continue;
    if (it.op === 'release') {
      if (!out.has(it.node)) out.set(it.node, 0);
      continue;
    }
    if (it.via) continue;
    const k = (perLock.get(it.lock) ?? 0) + 1;
    perLock.set(it.lock, k);
    if (!out.has(it.node)) out.set(it.node, k);
  }
  return out;
}

/** Release → re-acquire of the same lock on the common path, with what runs in between. */
function findBackToBack(expanded: ReturnType<typeof expandPath>, locks: Map<string, LockKind>): BackToBack[] {
  const out: BackToBack[] = [];
  const reported = new Set<SyntaxNode>();
  for (const [lock, kind] of locks) {
    if (!EXCLUSIVE_KINDS.has(kind)) continue;
    const root = /^[A-Za-z_]\w*/.exec(lock)?.[0] ?? lock;
    let held = 0;
    let first: PathOp | null = null;
    let lastRelease: PathOp | null = null;
    let sleeping: PathCall[] = [];
    let others = new Set<string>();
    let calls = 0;
    for (const it of expanded) {
      if (it.kind === 'assign') {
        if (root !== lock && it.target === root) lastRelease = null; // another object now
        continue;
      }
      if (it.kind === 'call') {
        if (lastRelease && held === 0) {
          calls++;
          if (it.sleeps) sleeping.push(it);
        }
        continue;
      }
      if (it.lock !== lock) {
        if (lastRelease && held === 0 && it.op === 'acquire') others.add(it.lock);
        continue;
      }
      if (it.op === 'acquire') {
        first ??= it;
        // Both ends inside one callee call: the callee's own back-to-back, reported there.
        // (or one call that converts the hold, `downgrade_write()`).
        const sameCall = lastRelease && lastRelease.node === it.node;
        if (lastRelease && held === 0 && !sameCall && !reported.has(it.node)) {
          reported.add(it.node);
          out.push({ lock, release: lastRelease, reacquire: it, firstAcquire: first, sleeping, otherLocks: [...others], calls });
        }
        held++;
      } else {
        held = Math.max(0, held - 1);
        // Dropping the caller's lock (never taken here) and re-taking it is a wait, not a back-to-back.
        if (held === 0 && first) {
          lastRelease = it;
          sleeping = [];
          others = new Set();
          calls = 0;
        }
      }
    }
  }
  return out;
}

/**
 * Lines run with each lock held, on some path: the rows the dataflow saw code
 * on under the lock, joined across rows with no code (blank lines, comments,
 * braces, labels) but split by code that runs without it.
 */
function lockRegions(flow: DataflowResult): Map<string, LineRegion[]> {
  const out = new Map<string, LineRegion[]>();
  for (const [lock, rowSet] of flow.heldRows) {
    if (lock === 'idr preload') continue;
    const rows = [...rowSet].sort((a, b) => a - b);
    const regions: LineRegion[] = [];
    for (const r of rows) {
      const last = regions[regions.length - 1];
      if (last && onlyGapRows(flow.codeRows, last.endLine, r + 1)) last.endLine = r + 1;
      else regions.push({ startLine: r + 1, endLine: r + 1 });
    }
    out.set(lock, regions);
  }
  return out;
}

/** True when no code runs on the 1-based lines strictly between `fromLine` and `toLine`. */
function onlyGapRows(codeRows: Set<number>, fromLine: number, toLine: number): boolean {
  for (let line = fromLine + 1; line < toLine; line++) if (codeRows.has(line - 1)) return false;
  return true;
}

/** Why the engine cannot vouch for this function's paths, or null. */
function unsureReason(cfg: Cfg, flow: DataflowResult, code: string): string | null {
  if (cfg.tooDeep) return 'nesting deeper than the engine follows; no lock diagnostics for this function';
  if (flow.budgetExceeded) return 'the analysis budget (locklens.functionBudget) ran out; no lock diagnostics for this function';
  let missing: SyntaxNode | null = null;
  walk(cfg.body, (n) => {
    if (missing) return false;
    if (n.isMissing && /^(while|do|\(|\)|\{|\})$/.test(n.type)) missing = n;
    return true;
  });
  if (missing) return `incomplete syntax at line ${(missing as SyntaxNode).startRow + 1} (an unexpanded macro?); no error-level lock diagnostics for this function`;
  for (const n of cfg.unknownNodes) {
    if (n.type !== 'ERROR') continue;
    const t = code.slice(n.start, n.end);
    if (/\b(return|goto|break|continue|lock|unlock|guard|preload)\b|[{}]/.test(t) || /_(un)?lock/.test(t)) {
      return `unparsed code at line ${n.startRow + 1} touches control flow or locking; no error-level lock diagnostics for this function`;
    }
  }
  return null;
}

/**
 * The first call that may sleep on the common path, for callers' summaries.
 * A call made after the function dropped a lock its caller holds (`__down()`
 * unlocks, schedules, re-locks) does not make the caller sleep under that lock.
 */
function sleepOnCommonPath(expanded: ReturnType<typeof expandPath>, flow: DataflowResult, reason: (ev: CallEvent) => string | null): string | null {
  const states = new Map<SyntaxNode, { ev: CallEvent; states: import('./lockState').PathState[] }>();
  for (const [ev, st] of flow.callStates) states.set(ev.node, { ev, states: st });
  for (const it of expanded) {
    if (it.kind !== 'call') continue;
    const rec = states.get(it.node);
    if (!rec) continue;
    const why = reason(rec.ev);
    if (!why) continue;
    const dropsCallersLock = rec.states.some((s) => [...s.entryHeld].some((l) => { const slot = s.locks.get(l); return !!slot && !isHeld(slot); }));
    if (!dropsCallersLock) return why;
  }
  return null;
}

/** Locks some path releases although the caller held them. */
function releasedOnSomePath(flow: DataflowResult): Set<string> {
  const out = new Set<string>();
  for (const r of flow.returns) for (const l of r.state.entryHeld) if (!isHeld(r.state.locks.get(l))) out.add(l);
  out.delete('idr preload');
  return out;
}

/**
 * A lock helper (`__lock_timer`, `lock_task_sighand`, `htab_lock_bucket`):
 * its name says lock, and a non-error return holds the lock. That is its
 * design, not a leak; callers get it as a (possibly conditional) acquire.
 */
function lockHelperHeld(name: string, flow: DataflowResult, code: string, forCallers: boolean): Set<string> {
  const out = new Set<string>();
  if (!/lock|_disable|_enter|_begin|_acquire|_save|_get_locked/i.test(name) || /unlock|_enable|_exit|_end$|_release|_restore/i.test(name)) return out;
  // `return err;` where this path knows err is 0 (`if (err && global) unlock;` not taken, err tested false) is a success.
  const successes = flow.returns.filter((r) => !(r.node.type === 'return_statement' && isErrorReturn(code, r.node)) || r.state.facts.get(returnValue(r.node, code)) === false);
  for (const r of successes) {
    for (const [l, slot] of r.state.locks) if (isSurelyHeld(slot) && slot.api !== 'entry' && l !== 'idr preload') out.add(l);
  }
  // For callers, only locks held on every successful return: a mode-bit helper
  // (`xfs_ilock(ip, flags)`) or a conditional wrapper takes each lock on some paths only.
  if (forCallers) for (const l of [...out]) if (!successes.every((r) => isSurelyHeld(r.state.locks.get(l)))) out.delete(l);
  return out;
}

function isSurelyHeld(slot: import('./lockState').Slot | undefined): slot is import('./lockState').Held {
  return isHeld(slot) && !slot.uncertain && !slot.calleeMayRelease;
}

/**
 * Whether a returned-held lock is held only on success: 0 (`ifZero`) or a non-NULL/true result (`ifTrue`).
 * `callerHolds`: the common path releases it first, so the caller holds it on entry.
 */
function conditionalHold(flow: DataflowResult, lock: string, callerHolds: boolean, truthOf: ReturnTruth): 'ifZero' | 'ifTrue' | undefined {
  const withoutLock: DataflowResult['returns'] = [];
  const withLock: DataflowResult['returns'] = [];
  for (const r of flow.returns) {
    const slot = r.state.locks.get(lock);
    // A lock the caller holds on entry that this path never touched (`if (--refs) return 0;` before the
    // unlock/relock, or the entry hold a lockdep_assert_held() states): the caller's hold goes on.
    if (callerHolds && (slot === undefined || (isHeld(slot) && slot.api === 'entry'))) continue;
    if (!isHeld(slot) || slot.calleeMayRelease) {
      if (r.node.type === 'return_statement') withoutLock.push(r);
    } else withLock.push(r);
  }
  if (withoutLock.length === 0) return undefined;
  const gives = (truth: boolean) => (r: DataflowResult['returns'][number]) => r.node.type === 'return_statement' && truthOf(r.node, r.state.facts) === truth;
  // False (NULL) without it, or true wherever it is held (`return true;` after the lock, `return !!p;` after a trylock-like call).
  if (withoutLock.every(gives(false)) || (withLock.length > 0 && withLock.every(gives(true)))) return 'ifTrue';
  return 'ifZero';
}

/** Whether the function returns a pointer or a `bool`: results whose truth can say "locked" (an `int` says an error code). */
function returnsTruthOrPointer(fn: FunctionSyntax, code: string): boolean {
  const declarator = child(fn.node, 'declarator');
  if (declarator?.type === 'pointer_declarator') return true;
  const type = child(fn.node, 'type');
  return !!type && /^(bool|_Bool)$/.test(textOf(code, type).trim());
}

/** The truth of a return's value on its path (see returnTruth()), or null when unknown. */
type ReturnTruth = (ret: SyntaxNode, facts: Map<string, boolean>) => boolean | null;

/**
 * The truth of what a return gives, where the path knows it: a constant (`true`, `NULL`), an
 * address (`&x`), a variable this path tested, or a call whose every return is one constant.
 */
function returnTruth(ret: SyntaxNode, code: string, facts: Map<string, boolean>, constantResult: (callee: string) => boolean | null): boolean | null {
  const value = returnedExpression(ret);
  if (!value) return null;
  const t = textOf(code, value).trim();
  if (/^(true|1)$/.test(t)) return true;
  if (/^(false|0|NULL)$/.test(t)) return false;
  if (value.type === 'pointer_expression' && t.startsWith('&')) return true;
  if (value.type === 'identifier') return facts.get(t) ?? null;
  const callee = value.type === 'call_expression' ? child(value, 'function') : undefined;
  return callee?.type === 'identifier' ? constantResult(textOf(code, callee)) : null;
}

/**
 * `lock` is held at every return whose result is true (non-NULL) and at none whose result is false
 * (NULL): `if (!p) unlock(); return p;`, a walk that returns true at a locked entry. A return whose
 * truth the path does not know breaks the rule.
 */
function holdFollowsResult(flow: DataflowResult, lock: string, truthOf: ReturnTruth): boolean {
  let heldSomewhere = false;
  for (const r of flow.returns) {
    if (r.node.type !== 'return_statement') return false;
    const slot = r.state.locks.get(lock);
    // A path that never touched the lock (the caller's hold goes on, or none) or is unsure of
    // its hold is no evidence either way (nor reported there).
    if (slot === undefined || (isHeld(slot) && slot.uncertain)) continue;
    const held = isHeld(slot) && !slot.calleeMayRelease;
    const truth = truthOf(r.node, r.state.facts);
    if (truth === null || truth !== held) return false;
    heldSomewhere ||= held;
  }
  return heldSomewhere;
}

/** The acquire a caller sees for a lock a callee hands back, held always or only on success. */
function heldOp(conditional: SummaryLock['conditional']): LockOp['op'] {
  return conditional === 'ifZero' ? 'acquireIfZero' : conditional === 'ifTrue' ? 'acquireIfTrue' : 'acquire';
}

/** What a `return` statement returns, as written (empty for the closing brace). */
function returnValue(ret: SyntaxNode, code: string): string {
  return ret.type === 'return_statement' ? code.slice(ret.start, ret.end).replace(/^return\s*|;\s*$/g, '').trim() : '';
}

/**
 * Locks held on the object the function returns, on every return of a variable
 * (`return base;` holding `base->lock`) or of a call that hands one back: as what follows
 * the name (`->lock`). Held only when the result is non-NULL if other returns give NULL;
 * none if they give anything else.
 */
function returnedLocks(flow: DataflowResult, code: string, returnedByCall: (call: SyntaxNode) => SummaryLock[]):
  Array<{ suffix: string; kind: LockKind; flavor: string; conditional?: 'ifTrue' }> {
  let candidates: Map<string, { kind: LockKind; flavor: string }> | null = null;
  let nullReturns = false;
  for (const r of flow.returns) {
    const v = returnedVariable(r.node, code);
    const value = returnedExpression(r.node);
    // `return lock_and_get(inode);`: whatever that callee hands back locked, this function does.
    const passed = v === null && value?.type === 'call_expression' ? returnedByCall(value).filter((l) => l.conditional === undefined) : [];
    if (v === null && !passed.length) {
      if (!/^(NULL|0)$/.test(returnValue(r.node, code))) return [];
      nullReturns = true;
      continue;
    }
    const here = new Map<string, { kind: LockKind; flavor: string }>(passed.map((l) => [l.lock, { kind: l.kind, flavor: l.flavor }]));
    if (v !== null) {
      for (const [lock, slot] of r.state.locks) {
        if (isSurelyHeld(slot) && EXCLUSIVE_KINDS.has(slot.kind) && lockRoot(lock) === v && lock !== v) here.set(lock.slice(v.length), { kind: slot.kind, flavor: slot.flavor });
      }
    }
    if (candidates === null) candidates = here;
    else {
      for (const [k, c] of [...candidates]) {
        const h = here.get(k);
        if (!h) candidates.delete(k);
        // Read on one path, write on another (`user_get_super(dev, excl)`): the caller's release decides.
        else if (h.flavor !== c.flavor) candidates.set(k, { ...c, flavor: ANY_FLAVOR });
      }
    }
    if (candidates.size === 0) return [];
  }
  return [...(candidates ?? [])].map(([suffix, c]) => ({ suffix, ...c, ...(nullReturns ? { conditional: 'ifTrue' as const } : {}) }));
}

/**
 * `return rc;` in a function that stores through a pointer parameter (`*keyp = e->key;`):
 * whether `rc` is 0 at each return tells callers when the stored object's lock is held.
 */
function returnedStatus(cfg: Cfg, code: string, params: string[]): Set<string> {
  const out = new Set<string>();
  const stores = cfg.blocks.some((b) => b.events.some((ev) => ev.kind === 'assign' && /^\*[A-Za-z_]\w*$/.test(ev.target) && params.includes(ev.target.slice(1))));
  if (!stores) return out;
  for (const b of cfg.blocks) {
    const v = b.returnNode ? returnedVariable(b.returnNode, code) : null;
    if (v !== null && !params.includes(v)) out.add(v);
  }
  return out;
}

/** What a return gives, as written, or `0`/`!0` for a `return rc;` whose value the path knows to be zero or not. */
function returnedOn(r: ReturnObservation, code: string): string {
  const v = returnValue(r.node, code);
  const known = IDENTIFIER.test(v) ? r.state.facts.get(v) : undefined;
  return known === undefined ? v : known ? '!0' : '0';
}

/**
 * Locks held on objects stored through a pointer parameter (`*keyp = key;` with `key->sem`
 * held, or `(*keyp)->sem` itself) at the returns that hold them; conditional like a lock
 * helper's result when the other returns give an error (`ifZero`) or NULL (`ifTrue`).
 */
function outParameterLocks(cfg: Cfg, flow: DataflowResult, code: string, params: string[]):
  Array<{ param: string; suffix: string; kind: LockKind; flavor: string; conditional?: 'ifZero' | 'ifTrue' }> {
  const prefixes: Array<{ param: string; prefix: string }> = [];
  for (const b of cfg.blocks) {
    for (const ev of b.events) {
      if (ev.kind !== 'assign' || ev.node.type !== 'assignment_expression') continue;
      const m = /^\*([A-Za-z_]\w*)$/.exec(ev.target);
      if (!m || !params.includes(m[1])) continue;
      const right = child(ev.node, 'right');
      const value = right ? normalizeLock(code.slice(right.start, right.end)) : '';
      if (/^[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*$/.test(value)) prefixes.push({ param: m[1], prefix: value });
    }
  }
  for (const p of params) prefixes.push({ param: p, prefix: `(*${p})` });
  const found = new Map<string, { param: string; suffix: string; kind: LockKind; flavor: string; holding: Set<ReturnObservation> }>();
  for (const r of flow.returns) {
    for (const [lock, slot] of r.state.locks) {
      if (!isSurelyHeld(slot) || !EXCLUSIVE_KINDS.has(slot.kind)) continue;
      for (const { param, prefix } of prefixes) {
        if (!lock.startsWith(`${prefix}->`) && !lock.startsWith(`${prefix}.`)) continue;
        const suffix = lock.slice(prefix.length);
        const key = `${param}|${suffix}`;
        let f = found.get(key);
        if (!f) found.set(key, (f = { param, suffix, kind: slot.kind, flavor: slot.flavor, holding: new Set() }));
        else if (f.flavor !== slot.flavor) f.flavor = ANY_FLAVOR;
        f.holding.add(r);
      }
    }
  }
  const out: Array<{ param: string; suffix: string; kind: LockKind; flavor: string; conditional?: 'ifZero' | 'ifTrue' }> = [];
  for (const f of found.values()) {
    // Per observation: one `return rc;` is reached holding it and not holding it.
    const without = flow.returns.filter((r) => !f.holding.has(r)).map((r) => returnedOn(r, code));
    const withIt = [...f.holding].map((r) => returnedOn(r, code));
    let conditional: 'ifZero' | 'ifTrue' | undefined;
    if (without.length === 0) conditional = undefined;
    else if (without.every((v) => /^(NULL|false|0)$/.test(v)) && withIt.every((v) => !/^(NULL|false|0)$/.test(v))) conditional = 'ifTrue';
    else if (withIt.every((v) => v === '0') && without.every((v) => v !== '0')) conditional = 'ifZero';
    else continue;
    out.push({ param: f.param, suffix: f.suffix, kind: f.kind, flavor: f.flavor, ...(conditional ? { conditional } : {}) });
  }
  for (const p of passedOnOutLocks(flow, code, params)) if (!out.some((o) => o.param === p.param && o.suffix === p.suffix)) out.push(p);
  return out;
}

/** Where the dataflow keeps a returned result's pending acquire: `@call` for `return f(..);`, the name for `return rc;`. */
function pendingResultKey(ret: SyntaxNode, code: string): string | null {
  const value = returnedExpression(ret);
  if (value?.type === 'call_expression') return `@${value.start}`;
  return value?.type === 'identifier' ? textOf(code, value) : null;
}

/**
 * `return registry_find(r, id, keyp);` or `rc = registry_find(..); .. return rc;`: a callee's
 * hold on this function's out-parameter, held when its result is 0 (or true), is passed on
 * with the result, when no other return gives a result that would say held.
 */
function passedOnOutLocks(flow: DataflowResult, code: string, params: string[]):
  Array<{ param: string; suffix: string; kind: LockKind; flavor: string; conditional: 'ifZero' | 'ifTrue' }> {
  const found = new Map<string, { param: string; suffix: string; kind: LockKind; flavor: string; conditional: 'ifZero' | 'ifTrue'; at: SyntaxNode }>();
  for (const r of flow.returns) {
    const key = pendingResultKey(r.node, code);
    const pend = key !== null ? r.state.pending.get(key) : undefined;
    if (!pend || (pend.op !== 'acquireIfZero' && pend.op !== 'acquireIfTrue') || !EXCLUSIVE_KINDS.has(pend.kind)) continue;
    const param = params.find((p) => pend.lock.startsWith(`(*${p})->`) || pend.lock.startsWith(`(*${p}).`));
    if (param === undefined) continue;
    const suffix = pend.lock.slice(param.length + 3);
    found.set(`${param}|${suffix}`, { param, suffix, kind: pend.kind, flavor: pend.flavor, conditional: pend.op === 'acquireIfZero' ? 'ifZero' : 'ifTrue', at: r.node });
  }
  const out: Array<{ param: string; suffix: string; kind: LockKind; flavor: string; conditional: 'ifZero' | 'ifTrue' }> = [];
  for (const f of found.values()) {
    const others = flow.returns.filter((r) => r.node !== f.at);
    // The same return reached without the pending result (merged away): not sure what it hands back.
    if (flow.returns.some((r) => r.node === f.at && !r.state.pending.has(pendingResultKey(r.node, code)!))) continue;
    const values = others.map((r) => returnedOn(r, code));
    const consistent = f.conditional === 'ifZero' ? values.every((v) => v !== '0') : values.every((v) => /^(NULL|false|0)$/.test(v));
    if (consistent) out.push({ param: f.param, suffix: f.suffix, kind: f.kind, flavor: f.flavor, conditional: f.conditional });
  }
  return out;
}

/**
 * What each field holds at the returns: the same constant or name on every return, or on every
 * return that may give 0 (the others give an error: `return -EROFS;`, `return err;` with `err` non-zero).
 */
function returnSettles(flow: DataflowResult, code: string, fields: string[], nameable: (value: string) => boolean): FieldSettle[] {
  if (flow.budgetExceeded || flow.returns.length === 0) return [];
  const out: FieldSettle[] = [];
  const failing = flow.returns.map((r) => returnsNonZero(r, code));
  for (const field of fields) {
    const values = flow.returns.map((r) => heldValue(r.state, field));
    const same = (vs: Array<string | null>) => vs.length > 0 && vs.every((v) => v !== null && v === vs[0]) && (constantValue(vs[0]!) !== null || nameable(vs[0]!));
    if (same(values)) out.push({ field, value: values[0]! });
    else if (failing.some((f) => f) && same(values.filter((_, i) => !failing[i]))) out.push({ field, value: values[failing.indexOf(false)]!, ifZero: true });
  }
  return out;
}

/** `0`, `1` or the name a field holds in a state, or null when unknown. */
function heldValue(state: ReturnObservation['state'], field: string): string | null {
  const truth = state.facts.get(field);
  if (truth !== undefined) return truth ? '1' : '0';
  const prefix = `${HOLDS}${field}|`;
  for (const k of state.facts.keys()) if (k.startsWith(prefix)) return k.slice(prefix.length);
  return null;
}

/** A return that surely gives non-zero: an errno (`-EROFS`), a non-zero literal, or a variable known non-zero. */
function returnsNonZero(r: ReturnObservation, code: string): boolean {
  if (r.node.type !== 'return_statement') return false;
  const v = returnValue(r.node, code);
  if (/^-\s*E[A-Z0-9]+$/.test(v) || /^-?\s*[1-9]\d*$/.test(v)) return true;
  return IDENTIFIER.test(v) && (r.state.facts.get(v) === true || r.state.facts.get(`<0:${v}`) === true);
}

/** Settles from the dataflow first; the straight-line ones for fields it did not settle. */
function mergeSettles(fromFlow: FieldSettle[], straight: FieldSettle[]): FieldSettle[] {
  const seen = new Set(fromFlow.map((x) => x.field));
  return [...fromFlow, ...straight.filter((x) => !seen.has(x.field))];
}

/** `true`/`false` when every `return` in the body returns that constant (`return true;`, `return 1;`), else null. */
export function constantReturn(body: SyntaxNode, code: string): boolean | null {
  let value: boolean | null = null;
  let seen = false;
  let mixed = false;
  walk(body, (n) => {
    if (mixed) return false;
    if (n.type !== 'return_statement') return !n.type.endsWith('_expression');
    const v = returnValue(n, code);
    const t = v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : null;
    if (t === null || (seen && t !== value)) mixed = true;
    value = t;
    seen = true;
    return false;
  });
  return seen && !mixed ? value : null;
}

function firstSleepingCall(cfg: Cfg, reason: (ev: CallEvent) => string | null): string | null {
  for (const b of cfg.blocks) for (const ev of b.events) if (ev.kind === 'call') {
    const r = reason(ev);
    if (r) return r;
  }
  return null;
}

/** An `if` whose condition mentions -ENOMEM and whose branch preloads again: the seed's retry. */
function hasEnomemRepreload(body: SyntaxNode, code: string): boolean {
  let found = false;
  walk(body, (n) => {
    if (found) return false;
    if (n.type === 'if_statement') {
      const cond = n.children.find((c) => c.field === 'condition');
      const cons = n.children.find((c) => c.field === 'consequence');
      if (cond && cons && /ENOMEM/.test(code.slice(cond.start, cond.end)) && /\b(idr_preload|radix_tree_preload|radix_tree_maybe_preload)\s*\(/.test(code.slice(cons.start, cons.end))) {
        found = true;
        return false;
      }
    }
    return true;
  });
  return found;
}
