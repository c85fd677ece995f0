/**
 * Lock checks: self-deadlock, release of an unheld lock, mismatched release
 * flavour, a lock leaked on a return path, and back-to-back re-acquires on the
 * common path. Pure: evidence in, findings out.
 */
import type { SyntaxNode } from '../../parsing/syntax';
import { isHeld } from '../lockState';
import { EXCLUSIVE_KINDS } from '../lockCatalogue';
import { lockRoot } from '../lockNames';
import { returnedVariable } from '../cfg';
import { defaultSeverity, type DiagnosticCode } from '../codes';
import type { BackToBack, FunctionEvidence } from '../functionAnalysis';
import type { Finding, RelatedLocation } from '../types';
import { closingSpan, spanOf } from '../spans';

type Draft = Omit<Finding, 'function'>;

const PSEUDO = 'idr preload';

export function finding(code: DiagnosticCode, node: SyntaxNode | null, message: string, related: RelatedLocation[], atEnd = false): Draft {
  return {
    code, severity: defaultSeverity(code), message,
    span: node ? (atEnd ? closingSpan(node) : spanOf(node)) : { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } },
    related,
  };
}

export function related(node: SyntaxNode, message: string, atEnd = false): RelatedLocation {
  return { span: atEnd ? closingSpan(node) : spanOf(node), message };
}

export function lockFindings(ev: FunctionEvidence): Draft[] {
  const out: Draft[] = [];
  if (!ev.unsure) {
    for (const f of ev.flow.findings) {
      if (f.lock === PSEUDO) continue; // the IDR checks word these
      if (f.code === 'lock/mismatched-release' && balancedElsewhere(ev, f.message)) continue;
      const rel = f.other ? [related(f.other, f.code === 'lock/release-unheld' ? `${f.lock} released here` : `${f.lock} taken here`)] : [];
      out.push(finding(f.code, f.node, f.message, rel));
    }
    out.push(...heldAtReturn(ev));
  }
  out.push(...ev.backToBack.map((b) => backToBackFinding(ev, b)));
  return out;
}

/**
 * A lock held where some path returns is a leak when the common path returns
 * without it (so holding it is not the function's design), some path of the
 * function does release it, and no annotation declares it. Locks a callee may
 * have released, or whose identity the paths blurred, stay silent.
 */
function heldAtReturn(ev: FunctionEvidence): Draft[] {
  const out: Draft[] = [];
  const reported = new Set<string>();
  const commonKnown = ev.path.returnNode !== null && ev.path.exact;
  for (const r of ev.flow.returns) {
    for (const [lock, slot] of r.state.locks) {
      if (!isHeld(slot) || lock === PSEUDO || slot.uncertain || slot.calleeMayRelease || slot.api === 'entry') continue;
      // Interrupt, bottom-half and preemption state is handed between functions too often to call a leak.
      if (!EXCLUSIVE_KINDS.has(slot.kind) && slot.kind !== 'rcu') continue;
      // The caller's lock, dropped and re-taken here (`__releases(x) __acquires(x)` shapes): not a leak.
      if (r.state.entryHeld.has(lock)) continue;
      if (ev.declaredHeld.has(lock) || ev.heldAtCommonReturn.has(lock)) continue;
      // `return base;` holding `base->lock`: the object is handed to the caller locked (lock_timer_base()).
      const returned = returnedVariable(r.node, ev.code);
      if (returned !== null && lockRoot(lock) === returned && lock !== returned) continue;
      // No path of this function releases it: taking it for the caller is what the function
      // does (`if (flags & WALK_RCU) rcu_read_lock();` in a walk's start), not a forgotten unlock.
      if (!ev.releasedSomewhere.has(lock)) continue;
      // `fw->ptl = ptl;`: the caller is given the lock to release (folio_walk_end()).
      if (ev.storedForCaller.has(lock)) continue;
      // `job_running = true; goto keep;`: the function records in a file-scope flag that it keeps the lock.
      if (ev.keptByFlag(lock, r.state.facts)) continue;
      // `*cookie = cookie; return n;`: the next call, entered with the marker set, releases it.
      if (ev.keptForNextCall(lock, r.node)) continue;
      if (!commonKnown && heldOnEveryReturn(ev, lock)) continue;
      // `if (!p) unlock(); return p;`: held exactly when the result says so, a conditional acquire by design.
      if (ev.resultSaysHeld(lock)) continue;
      const key = `${lock}:${r.node.start}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const atEnd = r.node === ev.cfg.body;
      const where = atEnd ? 'falls off the end of the function' : 'returns here';
      out.push(finding(
        'lock/held-at-return', r.node,
        `${lock} (taken at line ${slot.site.startRow + 1}) ${HELD_AT_RETURN_TEXT} ${where}; the common path releases it before returning`,
        [
          related(slot.site, `${lock} taken here`),
          ...(ev.path.returnNode ? [related(ev.path.returnNode, 'the common path returns here without it', ev.path.returnNode === ev.cfg.body)] : []),
        ],
        atEnd,
      ));
    }
  }
  return out;
}

/**
 * Kernel code splits interrupt and bottom-half state from the lock on purpose:
 * `spin_lock_irqsave(a); … spin_unlock(a); … local_irq_restore(flags)`, or two
 * nested locks released in the other order (`raw_spin_lock_irq(a);
 * raw_spin_lock(b); raw_spin_unlock(a); raw_spin_unlock_irq(b)`). A flavour
 * mismatch is only reported when no other call in the function restores the
 * balance.
 */
function balancedElsewhere(ev: FunctionEvidence, message: string): boolean {
  const m = /taken with (\w+)\(\) but is released with (\w+)\(\)/.exec(message);
  if (!m) return false;
  const [, acquired, released] = m;
  const names = [...ev.callNames];
  const irqOf = (n: string) => /irqsave|irqrestore|_irq$|_irq_|local_irq/.test(n);
  const bhOf = (n: string) => /_bh$|_bh_|local_bh/.test(n);
  const others = names.filter((n) => n !== acquired && n !== released);
  // A callee that takes or drops locks may own the interrupt state: cannot tell.
  if (ev.lockingCallees.size > 0) return true;
  if (irqOf(acquired) !== irqOf(released) && others.some(irqOf)) return true;
  if (bhOf(acquired) !== bhOf(released) && others.some(bhOf)) return true;
  return false;
}

const HELD_AT_RETURN_TEXT = 'is still held when this path';

/** The lock a held-at-return message names (the message is its only carrier past the function). */
export function heldLockOf(message: string): string | null {
  const at = message.indexOf(' (taken at line ');
  return at > 0 && message.includes(HELD_AT_RETURN_TEXT) ? message.slice(0, at) : null;
}

function heldOnEveryReturn(ev: FunctionEvidence, lock: string): boolean {
  return ev.flow.returns.every((r) => isHeld(r.state.locks.get(lock)));
}

function backToBackFinding(ev: FunctionEvidence, b: BackToBack): Draft {
  const c = ev.counts.get(b.lock);
  const n = c?.common ?? 2;
  const general = c?.formula ? ` (${c.formula} in general)` : '';
  const between = b.sleeping.length
    ? `in between, ${b.sleeping.map((s) => s.sleeps).join('; ')}: do that before the first acquire and the two sections can become one`
    : b.otherLocks.length
      ? `in between, ${b.otherLocks.join(', ')} is taken: check the lock order before merging the sections`
      : b.reacquire.via
      ? `nothing in between needs ${b.lock} dropped (${b.calls} call${b.calls === 1 ? '' : 's'}, none may sleep): a variant of ${b.reacquire.via}() that expects ${b.lock} held would let the two sections merge`
      : `nothing in between needs ${b.lock} dropped (${b.calls} call${b.calls === 1 ? '' : 's'}, none may sleep): the two sections could be merged`;
  const via = b.reacquire.via ? ` (inside ${b.reacquire.via}())` : '';
  return finding(
    'lock/back-to-back', b.reacquire.node,
    `${b.lock} is taken ${n} times per call on the common path${general}; it was released at line ${b.release.node.startRow + 1} and is re-acquired here${via}; ${between}`,
    [
      related(b.release.node, `${b.lock} released here`),
      related(b.firstAcquire.node, `${b.lock} first taken here`),
      ...b.sleeping.slice(0, 3).map((s) => related(s.node, s.sleeps ?? 'may sleep')),
    ],
  );
}
