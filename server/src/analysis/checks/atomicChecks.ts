/**
 * Sleeping in atomic context: a call that may sleep while a spinlock, rwlock,
 * bit spinlock or seqlock is held, with interrupts, bottom halves or preemption
 * disabled, inside an RCU read-side section, or under an IDR preload.
 */
import { ATOMIC_KINDS } from '../lockCatalogue';
import { isHeld, RAISED, type Held, type Slot } from '../lockState';
import type { FunctionEvidence } from '../functionAnalysis';
import { finding, related } from './lockChecks';
import type { Finding } from '../types';

const CONTEXT: Record<string, string> = {
  spinlock: 'a spinlock', raw_spinlock: 'a raw spinlock', rwlock: 'an rwlock', bit_spinlock: 'a bit spinlock', seqlock: 'a seqlock writer',
  rcu: 'an RCU read-side critical section', preempt: 'preemption disabled', irq: 'interrupts disabled', bh: 'bottom halves disabled',
  idr_preload: 'an idr_preload() section (preemption disabled)',
};

/** The outermost atomic context a state is in, or null. */
export function atomicContext(locks: ReadonlyMap<string, Slot>): Held | null {
  let best: Held | null = null;
  for (const slot of locks.values()) {
    // A lock handed to a callee we cannot see (`futex_queue(q, hb, ..)`) may have been dropped there.
    if (!isHeld(slot) || slot.uncertain || slot.calleeMayRelease || !ATOMIC_KINDS.has(slot.kind) || slot.api === 'entry') continue;
    if (!best || slot.site.start < best.site.start) best = slot;
  }
  return best;
}

export function atomicFindings(ev: FunctionEvidence): Array<Omit<Finding, 'function'>> {
  if (ev.unsure) return [];
  const out: Array<Omit<Finding, 'function'>> = [];
  for (const [call, states] of ev.flow.callStates) {
    const reason = ev.sleepReason(call);
    if (!reason) continue;
    const modes = ev.sleepsUnless(call);
    for (const s of states) {
      const ctx = atomicContext(s.locks);
      if (!ctx) continue;
      // `bust_spinlocks(1)` raised `oops_in_progress`: the callee takes its trylock branch instead of sleeping.
      if (modes.some((g) => s.facts.get(`${RAISED}${g}`) === true || s.facts.get(g) === true)) continue;
      // Made to be called with preemption disabled: it enables it around the sleep.
      if (call.name === 'schedule_preempt_disabled' && ctx.kind === 'preempt') break;
      // idr_preload(GFP_KERNEL) under a spinlock has its own, more precise code.
      if (/^(idr_preload|radix_tree_preload|radix_tree_maybe_preload)$/.test(call.name) && ['spinlock', 'raw_spinlock', 'rwlock', 'bit_spinlock', 'seqlock'].includes(ctx.kind)) break;
      const what = ctx.kind === 'rcu' || ctx.kind === 'preempt' || ctx.kind === 'irq' || ctx.kind === 'bh' || ctx.kind === 'idr_preload'
        ? CONTEXT[ctx.kind] ?? ctx.lock
        : `${ctx.lock} (${CONTEXT[ctx.kind] ?? ctx.kind}) held`;
      out.push(finding(
        'atomic/sleep-in-atomic', call.node,
        `${reason}, but this runs in atomic context: ${what} since line ${ctx.site.startRow + 1}`,
        [related(ctx.site, `atomic context begins here (${ctx.api}())`)],
      ));
      break;
    }
  }
  return out;
}
