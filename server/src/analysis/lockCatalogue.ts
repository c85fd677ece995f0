/**
 * The lock catalogue: which calls take and drop which kind of lock. Data, not
 * code, so settings can extend it (`locklens.extraLockApis`).
 */
import type { ExtraLockApi } from '../config';

/**
 * Lock classes. `atomic` classes make the holder run in atomic context (no sleeping);
 * pseudo-locks (`rcu`, `preempt`, `irq`, `idr_preload`) have no lock argument.
 */
export type LockKind =
  | 'spinlock'
  | 'raw_spinlock'
  | 'rwlock'
  | 'mutex'
  | 'rwsem'
  | 'semaphore'
  | 'rcu'
  | 'srcu'
  | 'preempt'
  | 'irq'
  | 'bit_spinlock'
  | 'idr_preload'
  | 'seqlock'
  | string;

export type LockOpKind =
  /** Takes the lock. */
  | 'acquire'
  /** Drops the lock. */
  | 'release'
  /** Takes it only when the call returns non-zero (trylock). */
  | 'acquireIfTrue'
  /** Takes it only when the call returns zero (`mutex_lock_interruptible`, `down_trylock`). */
  | 'acquireIfZero';

export interface LockApi {
  op: LockOpKind;
  kind: LockKind;
  /** Index of the lock argument, or -1 for a pseudo-lock named `pseudo`. */
  lockArg: number;
  /** For pseudo-locks: the lock's name (`rcu`, `preemption`, `irqs`, `idr preload`). */
  pseudo?: string;
  /** Acquire/release flavour (`irqsave`, `bh`, `irq`, `read`, `write`, ...) used to match pairs. */
  flavor: string;
  /** Nesting annotation (`spin_lock_nested`): never a self-deadlock on the same expression. */
  nested?: boolean;
}

const table = new Map<string, LockApi>();

/** `lockArg` for APIs whose result is the lock (`ptl = pmd_lock(mm, pmd)`): the assigned variable. */
export const RETURNED_LOCK = -2;

function add(names: string[], api: LockApi): void {
  for (const n of names) table.set(n, api);
}

/** Builds acquire/release/trylock entries for one spinning-lock family prefix. */
function spinFamily(prefix: string, kind: LockKind): void {
  const flavors: Array<[string, string]> = [['', 'plain'], ['_bh', 'bh'], ['_irq', 'irq'], ['_irqsave', 'irqsave']];
  for (const [suffix, flavor] of flavors) {
    const unlockSuffix = suffix === '_irqsave' ? '_irqrestore' : suffix;
    add([`${prefix}_lock${suffix}`], { op: 'acquire', kind, lockArg: 0, flavor });
    add([`${prefix}_unlock${unlockSuffix}`], { op: 'release', kind, lockArg: 0, flavor });
    add([`${prefix}_trylock${suffix}`], { op: 'acquireIfTrue', kind, lockArg: 0, flavor });
  }
  add([`${prefix}_lock_nested`, `${prefix}_lock_nest_lock`], { op: 'acquire', kind, lockArg: 0, flavor: 'plain', nested: true });
  add([`${prefix}_lock_irqsave_nested`], { op: 'acquire', kind, lockArg: 0, flavor: 'irqsave', nested: true });
  add([`${prefix}_lock_bh_nested`], { op: 'acquire', kind, lockArg: 0, flavor: 'bh', nested: true });
}

spinFamily('spin', 'spinlock');
spinFamily('raw_spin', 'raw_spinlock');
for (const rw of ['read', 'write']) {
  for (const suffix of ['', '_bh', '_irq', '_irqsave']) {
    const unlockSuffix = suffix === '_irqsave' ? '_irqrestore' : suffix;
    const flavor = `${rw}${suffix}`;
    add([`${rw}_lock${suffix}`], { op: 'acquire', kind: 'rwlock', lockArg: 0, flavor });
    add([`${rw}_unlock${unlockSuffix}`], { op: 'release', kind: 'rwlock', lockArg: 0, flavor });
  }
  add([`${rw}_trylock`], { op: 'acquireIfTrue', kind: 'rwlock', lockArg: 0, flavor: rw });
}
add(['xa_lock'], { op: 'acquire', kind: 'spinlock', lockArg: 0, flavor: 'plain' });
add(['xa_lock_bh'], { op: 'acquire', kind: 'spinlock', lockArg: 0, flavor: 'bh' });
add(['xa_lock_irq'], { op: 'acquire', kind: 'spinlock', lockArg: 0, flavor: 'irq' });
add(['xa_lock_irqsave'], { op: 'acquire', kind: 'spinlock', lockArg: 0, flavor: 'irqsave' });
add(['xa_unlock'], { op: 'release', kind: 'spinlock', lockArg: 0, flavor: 'plain' });
add(['xa_unlock_bh'], { op: 'release', kind: 'spinlock', lockArg: 0, flavor: 'bh' });
add(['xa_unlock_irq'], { op: 'release', kind: 'spinlock', lockArg: 0, flavor: 'irq' });
add(['xa_unlock_irqrestore'], { op: 'release', kind: 'spinlock', lockArg: 0, flavor: 'irqsave' });

add(['mutex_lock', 'mutex_lock_io'], { op: 'acquire', kind: 'mutex', lockArg: 0, flavor: 'plain' });
add(['mutex_lock_nested', 'mutex_lock_nest_lock'], { op: 'acquire', kind: 'mutex', lockArg: 0, flavor: 'plain', nested: true });
add(['mutex_unlock'], { op: 'release', kind: 'mutex', lockArg: 0, flavor: 'plain' });
add(['mutex_trylock'], { op: 'acquireIfTrue', kind: 'mutex', lockArg: 0, flavor: 'plain' });
add(['mutex_lock_interruptible', 'mutex_lock_killable', 'mutex_lock_interruptible_nested', 'mutex_lock_killable_nested'], {
  op: 'acquireIfZero', kind: 'mutex', lockArg: 0, flavor: 'plain',
});

add(['down'], { op: 'acquire', kind: 'semaphore', lockArg: 0, flavor: 'plain' });
add(['up'], { op: 'release', kind: 'semaphore', lockArg: 0, flavor: 'plain' });
add(['down_interruptible', 'down_killable', 'down_trylock', 'down_timeout'], { op: 'acquireIfZero', kind: 'semaphore', lockArg: 0, flavor: 'plain' });
add(['down_read', 'down_read_nested'], { op: 'acquire', kind: 'rwsem', lockArg: 0, flavor: 'read' });
add(['down_read_interruptible', 'down_read_killable'], { op: 'acquireIfZero', kind: 'rwsem', lockArg: 0, flavor: 'read' });
add(['down_read_trylock'], { op: 'acquireIfTrue', kind: 'rwsem', lockArg: 0, flavor: 'read' });
add(['up_read'], { op: 'release', kind: 'rwsem', lockArg: 0, flavor: 'read' });
add(['down_write', 'down_write_nested'], { op: 'acquire', kind: 'rwsem', lockArg: 0, flavor: 'write' });
add(['down_write_killable'], { op: 'acquireIfZero', kind: 'rwsem', lockArg: 0, flavor: 'write' });
add(['down_write_trylock'], { op: 'acquireIfTrue', kind: 'rwsem', lockArg: 0, flavor: 'write' });
add(['up_write'], { op: 'release', kind: 'rwsem', lockArg: 0, flavor: 'write' });

add(['rcu_read_lock'], { op: 'acquire', kind: 'rcu', lockArg: -1, pseudo: 'rcu', flavor: 'plain' });
add(['rcu_read_unlock'], { op: 'release', kind: 'rcu', lockArg: -1, pseudo: 'rcu', flavor: 'plain' });
add(['rcu_read_lock_bh'], { op: 'acquire', kind: 'rcu', lockArg: -1, pseudo: 'rcu_bh', flavor: 'bh' });
add(['rcu_read_unlock_bh'], { op: 'release', kind: 'rcu', lockArg: -1, pseudo: 'rcu_bh', flavor: 'bh' });
add(['rcu_read_lock_sched'], { op: 'acquire', kind: 'rcu', lockArg: -1, pseudo: 'rcu_sched', flavor: 'sched' });
add(['rcu_read_unlock_sched'], { op: 'release', kind: 'rcu', lockArg: -1, pseudo: 'rcu_sched', flavor: 'sched' });
add(['local_irq_disable'], { op: 'acquire', kind: 'irq', lockArg: -1, pseudo: 'irqs', flavor: 'irq' });
add(['local_irq_enable'], { op: 'release', kind: 'irq', lockArg: -1, pseudo: 'irqs', flavor: 'irq' });
add(['local_irq_save'], { op: 'acquire', kind: 'irq', lockArg: -1, pseudo: 'irqs', flavor: 'irqsave' });
add(['local_irq_restore'], { op: 'release', kind: 'irq', lockArg: -1, pseudo: 'irqs', flavor: 'irqsave' });
add(['local_bh_disable'], { op: 'acquire', kind: 'bh', lockArg: -1, pseudo: 'softirqs', flavor: 'plain' });
add(['local_bh_enable'], { op: 'release', kind: 'bh', lockArg: -1, pseudo: 'softirqs', flavor: 'plain' });
add(['preempt_disable', 'preempt_disable_notrace'], { op: 'acquire', kind: 'preempt', lockArg: -1, pseudo: 'preemption', flavor: 'plain' });
add(['preempt_enable', 'preempt_enable_no_resched', 'preempt_enable_notrace', 'sched_preempt_enable_no_resched'], { op: 'release', kind: 'preempt', lockArg: -1, pseudo: 'preemption', flavor: 'plain' });
add(['bit_spin_lock'], { op: 'acquire', kind: 'bit_spinlock', lockArg: 1, flavor: 'plain' });
add(['bit_spin_unlock', '__bit_spin_unlock'], { op: 'release', kind: 'bit_spinlock', lockArg: 1, flavor: 'plain' });
add(['bit_spin_trylock'], { op: 'acquireIfTrue', kind: 'bit_spinlock', lockArg: 1, flavor: 'plain' });
add(['idr_preload', 'idr_preload_gfp'], {
  op: 'acquire', kind: 'idr_preload', lockArg: -1, pseudo: 'idr preload', flavor: 'plain',
});
// radix_tree_preload() returns -ENOMEM without preloading (and with preemption enabled).
add(['radix_tree_preload', 'radix_tree_maybe_preload'], {
  op: 'acquireIfZero', kind: 'idr_preload', lockArg: -1, pseudo: 'idr preload', flavor: 'plain',
});
// Page-table lock helpers return (or hand back through an out-parameter) the lock they took.
add(['pmd_lock', 'pud_lock', 'huge_pte_lock'], { op: 'acquire', kind: 'spinlock', lockArg: RETURNED_LOCK, flavor: 'plain' });
add(['pmd_trans_huge_lock', 'pud_trans_huge_lock'], { op: 'acquireIfTrue', kind: 'spinlock', lockArg: RETURNED_LOCK, flavor: 'plain' });
add(['pte_offset_map_lock', 'pte_alloc_map_lock'], { op: 'acquireIfTrue', kind: 'spinlock', lockArg: 3, flavor: 'plain' });
add(['pte_unmap_unlock'], { op: 'release', kind: 'spinlock', lockArg: 1, flavor: 'plain' });
add(['idr_preload_end', 'radix_tree_preload_end'], { op: 'release', kind: 'idr_preload', lockArg: -1, pseudo: 'idr preload', flavor: 'plain' });
// Conditional acquires returning true with the lock held: refcount/atomic "dec and lock".
add(['refcount_dec_and_lock', 'atomic_dec_and_lock'], { op: 'acquireIfTrue', kind: 'spinlock', lockArg: 1, flavor: 'plain' });
add(['refcount_dec_and_mutex_lock', 'atomic_dec_and_mutex_lock'], { op: 'acquireIfTrue', kind: 'mutex', lockArg: 1, flavor: 'plain' });
add(['refcount_dec_and_lock_irqsave', 'atomic_dec_and_lock_irqsave'], { op: 'acquireIfTrue', kind: 'spinlock', lockArg: 1, flavor: 'irqsave' });
add(['write_seqlock'], { op: 'acquire', kind: 'seqlock', lockArg: 0, flavor: 'plain' });
add(['write_sequnlock'], { op: 'release', kind: 'seqlock', lockArg: 0, flavor: 'plain' });
add(['write_seqlock_irqsave'], { op: 'acquire', kind: 'seqlock', lockArg: 0, flavor: 'irqsave' });
add(['write_sequnlock_irqrestore'], { op: 'release', kind: 'seqlock', lockArg: 0, flavor: 'irqsave' });


/** Lock classes whose holder runs in atomic context and must not sleep. */
export const ATOMIC_KINDS = new Set<LockKind>(['spinlock', 'raw_spinlock', 'rwlock', 'bit_spinlock', 'rcu', 'preempt', 'irq', 'bh', 'idr_preload', 'seqlock']);

/** Lock classes that are real mutual exclusion (count acquires, report back-to-back and self-deadlock). */
export const EXCLUSIVE_KINDS = new Set<LockKind>(['spinlock', 'raw_spinlock', 'rwlock', 'mutex', 'rwsem', 'semaphore', 'bit_spinlock', 'seqlock']);

/** Kinds where taking the same lock twice is legal nesting, not a self-deadlock. */
export const RECURSIVE_KINDS = new Set<LockKind>(['rcu', 'srcu', 'preempt', 'irq', 'bh', 'idr_preload']);

/** `guard(class)(&lock)` / `scoped_guard(class, &lock)` classes. */
const GUARD_CLASSES: Record<string, { kind: LockKind; flavor: string; pseudo?: string; conditional?: boolean }> = {
  spinlock: { kind: 'spinlock', flavor: 'plain' },
  spinlock_irq: { kind: 'spinlock', flavor: 'irq' },
  spinlock_irqsave: { kind: 'spinlock', flavor: 'irqsave' },
  spinlock_bh: { kind: 'spinlock', flavor: 'bh' },
  spinlock_try: { kind: 'spinlock', flavor: 'plain', conditional: true },
  spinlock_irqsave_try: { kind: 'spinlock', flavor: 'irqsave', conditional: true },
  raw_spinlock: { kind: 'raw_spinlock', flavor: 'plain' },
  raw_spinlock_irq: { kind: 'raw_spinlock', flavor: 'irq' },
  raw_spinlock_irqsave: { kind: 'raw_spinlock', flavor: 'irqsave' },
  raw_spinlock_try: { kind: 'raw_spinlock', flavor: 'plain', conditional: true },
  read_lock: { kind: 'rwlock', flavor: 'read' },
  read_lock_irq: { kind: 'rwlock', flavor: 'read_irq' },
  read_lock_irqsave: { kind: 'rwlock', flavor: 'read_irqsave' },
  write_lock: { kind: 'rwlock', flavor: 'write' },
  write_lock_irq: { kind: 'rwlock', flavor: 'write_irq' },
  write_lock_irqsave: { kind: 'rwlock', flavor: 'write_irqsave' },
  mutex: { kind: 'mutex', flavor: 'plain' },
  mutex_try: { kind: 'mutex', flavor: 'plain', conditional: true },
  mutex_intr: { kind: 'mutex', flavor: 'plain', conditional: true },
  rwsem_read: { kind: 'rwsem', flavor: 'read' },
  rwsem_read_try: { kind: 'rwsem', flavor: 'read', conditional: true },
  rwsem_read_intr: { kind: 'rwsem', flavor: 'read', conditional: true },
  rwsem_write: { kind: 'rwsem', flavor: 'write' },
  rwsem_write_try: { kind: 'rwsem', flavor: 'write', conditional: true },
  rcu: { kind: 'rcu', flavor: 'plain', pseudo: 'rcu' },
  preempt: { kind: 'preempt', flavor: 'plain', pseudo: 'preemption' },
  preempt_notrace: { kind: 'preempt', flavor: 'plain', pseudo: 'preemption' },
  irq: { kind: 'irq', flavor: 'irq', pseudo: 'irqs' },
  irqsave: { kind: 'irq', flavor: 'irqsave', pseudo: 'irqs' },
  srcu: { kind: 'srcu', flavor: 'plain' },
  xa_lock: { kind: 'spinlock', flavor: 'plain' },
  xa_lock_irq: { kind: 'spinlock', flavor: 'irq' },
  xa_lock_irqsave: { kind: 'spinlock', flavor: 'irqsave' },
};

export interface GuardClass {
  kind: LockKind;
  flavor: string;
  pseudo?: string;
  conditional?: boolean;
}

/** The class of a guard, or null when unknown (an unknown guard is ignored, never guessed). */
export function guardClass(name: string): GuardClass | null {
  return GUARD_CLASSES[name] ?? null;
}

/** The catalogue with user extensions applied. */
export class LockCatalogue {
  private readonly extra = new Map<string, LockApi>();

  constructor(extraApis: readonly ExtraLockApi[] = []) {
    for (const e of extraApis) {
      if (!e || typeof e.name !== 'string') continue;
      const op: LockOpKind = e.op === 'release' ? 'release' : e.op === 'tryAcquire' ? 'acquireIfTrue' : 'acquire';
      const lockArg = typeof e.lockArg === 'number' ? e.lockArg : 0;
      this.extra.set(e.name, { op, kind: e.kind || 'spinlock', lockArg, flavor: 'plain', pseudo: lockArg < 0 ? e.name.replace(/_(un)?lock$|_(disable|enable)$/, '') : undefined });
    }
  }

  lookup(name: string): LockApi | undefined {
    return this.extra.get(name) ?? table.get(name);
  }

  /** True when `name` is in the catalogue: a cheap filter for "does this text mention locking". */
  has(name: string): boolean {
    return this.extra.has(name) || table.has(name);
  }

  names(): string[] {
    return [...table.keys(), ...this.extra.keys()];
  }
}

/** The flavour of a lock known only from an annotation (`__acquires(x)` on a prototype): it matches any release. */
export const ANY_FLAVOR = 'any';

/** Which release flavour ends which acquire flavour; anything else is a mismatch. */
export function flavorsMatch(acquire: string, release: string): boolean {
  return acquire === release || acquire === ANY_FLAVOR || release === ANY_FLAVOR;
}

/**
 * Seqlock reader APIs that read or write a `seq` cursor, by the parity of its value:
 * `read_seqbegin_or_lock(lock, &seq)` keeps an even seq even (a lockless pass, a new
 * sequence) and an odd one odd (the lock taken); `need_seqretry(lock, seq)` is false for an odd seq.
 */
export const SEQ_PARITY_KEEPING = new Set(['read_seqbegin_or_lock', 'read_seqbegin_or_lock_irqsave']);
export const SEQ_FALSE_WHEN_ODD = new Set(['need_seqretry']);
