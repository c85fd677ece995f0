/**
 * The calibrated cost table (nanoseconds) and the contention parameters.
 *
 * Single-thread costs are rough figures for a current x86-64 server core with
 * the data in L1/L2 (the uncontended case). Everything that contention adds —
 * moving the lock's cache line to the next waiter, and the protected data lines
 * following it — is a separate, named parameter applied by the contention engine
 * (contention.ts), never folded into these.
 *
 * Calibration (see test/simulator/calibration.test.ts): with these defaults, 20
 * CPUs and namespace depth 0, the rebuilt pre-patch alloc_pid/free_pid pair in
 * samples/pidmap/pid_before.c runs near 465k ops/s and the post-patch one in
 * 510k–560k ops/s, the figures reported with "pid: only take pidmap_lock once on
 * alloc". The free parameters fitted to those two numbers are `handoffNs`,
 * `dataMigrationNs` and the thread create/exit workload below; the rest were set
 * beforehand and left alone.
 */

/** Cost of each model-kernel call, by name; calls not listed cost {@link CostTable.unknownCallNs}. */
export interface CostTable {
  /** One interpreted C statement or loop test (a few instructions). */
  statementNs: number;
  /** Calling a function defined in the same file (frame set-up). */
  localCallNs: number;
  /** A callee nobody modelled: a lenient stand-in costs this much. */
  unknownCallNs: number;
  /** Per-call costs of modelled kernel functions. */
  calls: Record<string, number>;
  /** Extra cost of idr_preload() when it has to refill its per-CPU node (a slab allocation). */
  preloadRefillNs: number;
}

export const DEFAULT_COSTS: CostTable = {
  statementNs: 0.6,
  localCallNs: 2,
  unknownCallNs: 20,
  preloadRefillNs: 90,
  calls: {
    // Locks, uncontended: a locked cmpxchg on a line the CPU already owns.
    spin_lock: 14, spin_lock_irq: 16, spin_lock_irqsave: 18, spin_lock_bh: 16, raw_spin_lock: 14,
    raw_spin_lock_irq: 16, raw_spin_lock_irqsave: 18, spin_trylock: 14, raw_spin_trylock: 14,
    spin_unlock: 6, spin_unlock_irq: 8, spin_unlock_irqrestore: 9, spin_unlock_bh: 8, raw_spin_unlock: 6,
    raw_spin_unlock_irq: 8, raw_spin_unlock_irqrestore: 9,
    read_lock: 16, read_unlock: 8, write_lock: 16, write_unlock: 8, write_lock_irq: 18, write_unlock_irq: 10,
    read_lock_irq: 18, read_unlock_irq: 10, write_lock_irqsave: 20, write_unlock_irqrestore: 11,
    mutex_lock: 20, mutex_lock_interruptible: 20, mutex_lock_killable: 20, mutex_trylock: 18, mutex_unlock: 16,
    down_read: 20, up_read: 14, down_write: 20, up_write: 14,
    rcu_read_lock: 1, rcu_read_unlock: 1, preempt_disable: 1, preempt_enable: 2, local_irq_disable: 2,
    local_irq_enable: 2, local_irq_save: 3, local_irq_restore: 3, smp_mb: 10, smp_wmb: 1, smp_rmb: 1,
    // IDR (radix tree walk plus bitmap search).
    idr_alloc: 85, idr_alloc_cyclic: 100, idr_alloc_u32: 85, idr_replace: 45, idr_remove: 75, idr_find: 25,
    idr_get_cursor: 1, idr_set_cursor: 1, idr_preload: 20, idr_preload_end: 4, idr_init: 5, idr_destroy: 40,
    idr_is_empty: 3,
    // Slab and page allocator fast paths.
    kmem_cache_alloc: 55, kmem_cache_zalloc: 70, kmem_cache_free: 40, kmalloc: 65, kzalloc: 80, kcalloc: 85,
    kfree: 40, kvfree: 45, kvmalloc: 70,
    // Reference counts and atomics on a line the CPU owns.
    refcount_set: 1, refcount_inc: 5, refcount_dec_and_test: 6, refcount_read: 1, refcount_dec: 5,
    atomic_set: 1, atomic_read: 1, atomic_inc: 5, atomic_dec: 5, atomic_dec_and_test: 6, atomic_inc_return: 6,
    atomic_dec_return: 6, atomic_add: 5, atomic_sub: 5, get_pid_ns: 5, put_pid_ns: 6, get_pid: 5, put_pid: 10,
    // Pid-specific helpers and cost-only stubs.
    pidfs_add_pid: 55, pidfs_remove_pid: 45, pidfs_get_pid: 10, pidfs_put_pid: 10, pidfs_prepare_pid: 20,
    checkpoint_restore_ns_capable: 12, ns_capable: 10, capable: 10,
    INIT_HLIST_HEAD: 0.5, INIT_LIST_HEAD: 0.5, INIT_HLIST_NODE: 0.5, init_waitqueue_head: 2, spin_lock_init: 0.5,
    raw_spin_lock_init: 0.5, mutex_init: 1, init_rwsem: 1, rwlock_init: 0.5, call_rcu: 25, kfree_rcu: 25,
    synchronize_rcu: 20000, schedule_work: 45, queue_work: 45, wake_up: 30, wake_up_all: 35, wake_up_process: 60,
    delayed_put_pid: 10, printk: 300, pr_info: 300, pr_warn: 300, pr_err: 300, pr_debug: 1, might_sleep: 0.5,
    cond_resched: 3, cpu_relax: 1, lockdep_assert_held: 0, hlist_add_head_rcu: 3, hlist_del_rcu: 3,
    list_add: 2, list_add_tail: 2, list_del: 2, list_del_init: 2, list_empty: 1, memset: 5, memcpy: 5,
  },
};

/** Parameters of the discrete-event contention engine; every one is overridable. */
export interface ContentionParams {
  /**
   * Cost of handing a queued spinlock to the next waiter: the lock word's cache line
   * moves to the waiter's CPU, and the waiter notices (MCS: its own node's line).
   */
  handoffNs: number;
  /**
   * Extra time inside a critical section entered on a different CPU than the lock's
   * previous holder: the data the lock protects (IDR nodes, counters) migrates with it.
   */
  dataMigrationNs: number;
  /** When true, the lock shares its cache line with unrelated hot data: each handoff pays {@link falseSharingNs} more. */
  falseSharing: boolean;
  falseSharingNs: number;
  /** Time for a sleeping mutex waiter to be woken and run again. */
  mutexWakeNs: number;
  /** Relative jitter (uniform ±) applied to the non-locked work of each op, from the seed. */
  workJitter: number;
  /** Ops run before measuring starts, as a fraction of the measured ops. */
  warmupFraction: number;
}

export const DEFAULT_CONTENTION: ContentionParams = {
  handoffNs: 260,
  dataMigrationNs: 338,
  falseSharing: false,
  falseSharingNs: 40,
  mutexWakeNs: 3000,
  workJitter: 0.15,
  warmupFraction: 0.1,
};

/**
 * The rest of a thread's create and exit around alloc_pid()/free_pid() (the
 * "thread create/exit" workload). The two tasklist_lock sections stand for
 * copy_process() attaching the task and release_task() detaching it: the second
 * lock the seed's benchmark contends on, which bounds the post-patch gain.
 */
export interface ThreadWorkload {
  /** Work in fork before alloc_pid (copying the task, mm, files...). */
  forkBeforeNs: number;
  /** Work in fork after alloc_pid, before the tasklist_lock section. */
  forkAfterNs: number;
  /** tasklist_lock held for write while attaching the new task. */
  tasklistForkHoldNs: number;
  /** Running and exiting the thread, up to release_task. */
  exitBeforeNs: number;
  /** tasklist_lock held for write while detaching the task. */
  tasklistExitHoldNs: number;
  /** Work after free_pid (RCU callbacks, wait, reaping). */
  exitAfterNs: number;
}

export const DEFAULT_THREAD_WORKLOAD: ThreadWorkload = {
  forkBeforeNs: 5200,
  forkAfterNs: 1800,
  tasklistForkHoldNs: 335,
  exitBeforeNs: 5000,
  tasklistExitHoldNs: 315,
  exitAfterNs: 2200,
};

/** Work between calls for the generic "call this function in a loop" workload. */
export const DEFAULT_LOOP_WORK_NS = 2000;
