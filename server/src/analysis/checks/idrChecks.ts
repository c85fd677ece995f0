/**
 * IDR preload checks. `idr_preload(gfp)` fills a per-CPU cache for ONE
 * allocation and disables preemption until `idr_preload_end()`; `GFP_ATOMIC`
 * `idr_alloc*()` calls under a spinlock draw on it.
 */
import { isHeld, type Held, type PathState } from '../lockState';
import type { CallEvent } from '../cfg';
import type { FunctionEvidence } from '../functionAnalysis';
import { classifyGfp, IDR_ALLOC_APIS, isAllocationApi, PRELOAD_APIS, PRELOAD_END_APIS } from '../sleepCatalogue';
import { finding, related } from './lockChecks';
import { atomicContext } from './atomicChecks';
import type { AllocSite, Finding } from '../types';
import { spanOf } from '../spans';

type Draft = Omit<Finding, 'function'>;

const PRELOAD = 'idr preload';
const SPINNING = new Set(['spinlock', 'raw_spinlock', 'rwlock', 'bit_spinlock', 'seqlock']);

function preloadOf(s: PathState): Held | null {
  const p = s.locks.get(PRELOAD);
  return isHeld(p) ? p : null;
}

function spinlockHeld(s: PathState): Held | null {
  for (const [, slot] of s.locks) if (isHeld(slot) && SPINNING.has(slot.kind) && !slot.uncertain && slot.api !== 'entry') return slot;
  return null;
}

export function idrFindings(ev: FunctionEvidence): Draft[] {
  if (ev.unsure) return [];
  const out: Draft[] = [];
  const once = new Set<string>();
  const add = (key: string, d: Draft) => {
    if (once.has(key)) return;
    once.add(key);
    out.push(d);
  };

  // Paths leaving with a preload open.
  for (const r of ev.flow.returns) {
    const p = preloadOf(r.state);
    if (!p || p.uncertain || p.api === 'entry') continue;
    const atEnd = r.node === ev.cfg.body;
    add(`open:${r.node.start}`, finding('idr/preload-unbalanced', r.node,
      `the idr_preload() at line ${p.site.startRow + 1} is still open when this path ${atEnd ? 'falls off the end' : 'returns'}: preemption stays disabled; call idr_preload_end() first`,
      [related(p.site, 'preload started here')], atEnd));
  }
  // Ending a preload twice.
  for (const f of ev.flow.findings) {
    if (f.lock !== PRELOAD || f.code !== 'lock/release-unheld') continue;
    add(`end:${f.node.start}`, finding('idr/preload-unbalanced', f.node,
      `idr_preload_end() here, but this path already ended the preload at line ${(f.other ?? f.node).startRow + 1}: preemption is re-enabled one time too many`,
      f.other ? [related(f.other, 'preload ended here')] : []));
  }

  for (const [call, states] of ev.flow.callStates) {
    if (PRELOAD_END_APIS.has(call.name) && ev.callsPreload) {
      if (states.some((s) => !s.locks.has(PRELOAD) && !s.entryHeld.has(PRELOAD))) {
        add(`end:${call.node.start}`, finding('idr/preload-unbalanced', call.node,
          `${call.name}() ends a preload that this path never started (the function's idr_preload() calls are on other paths)`, []));
      }
    }
    if (PRELOAD_APIS.has(call.name) && classifyGfp(ev.gfpOf(call) ?? '') === 'sleeping') {
      for (const s of states) {
        const lock = spinlockHeld(s);
        if (!lock) continue;
        add(`under:${call.node.start}`, finding('idr/preload-under-lock', call.node,
          `${call.name}(${ev.gfpOf(call)}) may sleep to fill its cache, but ${lock.lock} (a ${lock.kind}) is held since line ${lock.site.startRow + 1}: preload before taking the lock`,
          [related(lock.site, `${lock.lock} taken here`)]));
        break;
      }
    }
    if (IDR_ALLOC_APIS.has(call.name) && classifyGfp(ev.gfpOf(call) ?? '') === 'atomic') {
      for (const s of states) {
        const lock = spinlockHeld(s);
        const p = preloadOf(s);
        if (lock && !p) {
          add(`nopre:${call.node.start}`, finding('idr/alloc-without-preload', call.node,
            `${call.name}(..., ${ev.gfpOf(call)}) runs under ${lock.lock} with no idr_preload() in effect: under memory pressure it fails with -ENOMEM; preload with GFP_KERNEL before taking the lock`,
            [related(lock.site, `${lock.lock} taken here`)]));
          break;
        }
        if (p && !p.uncertain && p.uses >= 1 && !ev.hasPreloadRetry) {
          const rel = [related(p.site, 'the preload: memory for one allocation')];
          if (s.lastAlloc && s.lastAlloc !== call.node) rel.push(related(s.lastAlloc, 'an earlier allocation already used it'));
          else rel.push(related(call.node, 'this call, on an earlier loop iteration, already used it'));
          add(`multi:${call.node.start}`, finding('idr/multiple-allocs-per-preload', call.node,
            `${call.name}(..., ${ev.gfpOf(call)}) may be the second allocation under the idr_preload() at line ${p.site.startRow + 1}, which preloads for one: on -ENOMEM drop the lock, idr_preload_end(), idr_preload() again and retry`,
            rel));
          break;
        }
      }
    }
  }
  return out;
}

/** Hover facts for every `idr_*` and allocation call. */
export function allocSites(ev: FunctionEvidence): AllocSite[] {
  const out: AllocSite[] = [];
  const uses = new Map<number, number>();
  const entries: Array<{ call: CallEvent; site: AllocSite; preloadStart: number | null }> = [];
  const calls = [...ev.flow.callStates.keys()].filter((c) => isAllocationApi(c.name) || PRELOAD_END_APIS.has(c.name) || c.name.startsWith('idr_'));
  calls.sort((a, b) => a.node.start - b.node.start);
  for (const call of calls) {
    const states = ev.flow.callStates.get(call) ?? [];
    const s = states[0];
    const gfp = ev.gfpOf(call);
    const held = s ? [...s.locks.values()].filter((h): h is Held => isHeld(h) && h.lock !== PRELOAD) : [];
    held.sort((a, b) => a.site.start - b.site.start);
    const p = s ? preloadOf(s) : null;
    const notes: string[] = [];
    const cls = gfp ? classifyGfp(gfp) : 'unknown';
    const atomic = s ? atomicContext(s.locks) !== null : false;
    if (PRELOAD_APIS.has(call.name)) notes.push('idr_preload() fills a per-CPU cache for one allocation and disables preemption until idr_preload_end()');
    if (IDR_ALLOC_APIS.has(call.name) && cls === 'atomic') {
      notes.push(p ? `draws on the preload at line ${p.site.startRow + 1}` : 'no preload covers it: it may fail with -ENOMEM under memory pressure (acceptable in interrupt context, where nothing can sleep to preload)');
      if (p && p.uses >= 1) notes.push(ev.hasPreloadRetry ? 'a second allocation under one preload: covered by the -ENOMEM retry that preloads again' : 'a second GFP_ATOMIC allocation under one preload needs an -ENOMEM retry');
    }
    if (cls === 'sleeping' && atomic) notes.push(`${gfp} may sleep, but this runs in atomic context`);
    const site: AllocSite = {
      api: call.name, span: spanOf(call.node), gfp, locksHeld: held.map((h) => h.lock), atomic,
      preload: p ? { span: spanOf(p.site), gfp: p.gfp ?? null } : null, preloadUse: null, notes,
    };
    if (p && IDR_ALLOC_APIS.has(call.name)) {
      const idx = Math.max(...states.map((st) => (preloadOf(st)?.uses ?? 0))) + 1;
      site.preloadUse = { index: Math.min(...states.map((st) => (preloadOf(st)?.uses ?? 0))) + 1, of: idx };
      uses.set(p.site.start, Math.max(uses.get(p.site.start) ?? 0, idx));
    }
    entries.push({ call, site, preloadStart: p ? p.site.start : null });
  }
  for (const e of entries) {
    if (e.site.preloadUse && e.preloadStart !== null) e.site.preloadUse.of = Math.max(e.site.preloadUse.of, uses.get(e.preloadStart) ?? 1);
    out.push(e.site);
  }
  return out;
}
