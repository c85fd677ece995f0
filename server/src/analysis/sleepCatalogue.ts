/**
 * Which calls may sleep, and how allocation calls use their GFP flags. Data,
 * extendable from settings (`locklens.extraSleepingApis`).
 */

/** Calls that always may sleep, whatever their arguments. */
const ALWAYS_SLEEPS = new Set([
  'mutex_lock', 'mutex_lock_io', 'mutex_lock_nested', 'mutex_lock_nest_lock', 'mutex_lock_interruptible', 'mutex_lock_killable',
  'mutex_lock_interruptible_nested', 'mutex_lock_killable_nested',
  'down', 'down_interruptible', 'down_killable', 'down_timeout', 'down_read', 'down_read_nested', 'down_read_interruptible',
  'down_read_killable', 'down_write', 'down_write_nested', 'down_write_killable',
  'msleep', 'msleep_interruptible', 'ssleep', 'usleep_range', 'usleep_range_state', 'fsleep',
  'schedule', 'schedule_timeout', 'schedule_timeout_interruptible', 'schedule_timeout_uninterruptible', 'schedule_timeout_killable',
  'schedule_timeout_idle', 'schedule_hrtimeout', 'schedule_preempt_disabled', 'io_schedule', 'io_schedule_timeout',
  'wait_for_completion', 'wait_for_completion_interruptible', 'wait_for_completion_killable', 'wait_for_completion_timeout',
  'wait_for_completion_interruptible_timeout', 'wait_for_completion_killable_timeout', 'wait_for_completion_io',
  'wait_for_completion_io_timeout', 'wait_for_completion_state',
  'copy_to_user', 'copy_from_user', 'get_user', 'put_user', 'clear_user', 'strncpy_from_user', 'copy_struct_from_user',
  'memdup_user', 'memdup_user_nul', 'strndup_user',
  'synchronize_rcu', 'synchronize_rcu_expedited', 'synchronize_srcu', 'synchronize_net', 'rcu_barrier', 'synchronize_irq',
  'flush_work', 'flush_delayed_work', 'cancel_work_sync', 'cancel_delayed_work_sync', 'flush_workqueue', 'drain_workqueue',
  'destroy_workqueue', 'kthread_stop', 'kthread_park', 'free_irq', 'request_irq',
  'request_threaded_irq',
  'might_sleep', 'cond_resched', 'might_fault',
  // vfree()/kvfree() defer the work from atomic context since v5.x: not listed.
  'vmalloc', 'vzalloc', 'vmap',
  'filemap_fdatawait', 'filemap_write_and_wait', 'lock_page', 'folio_lock', 'wait_on_page_locked', 'wait_on_bit', 'wait_on_buffer',
  'lock_sock', 'rtnl_lock', 'device_lock', 'console_lock', 'get_online_cpus', 'cpus_read_lock', 'percpu_down_read',
  'percpu_down_write', 'kernfs_remove', 'debugfs_remove', 'debugfs_remove_recursive', 'device_unregister', 'kobject_put_sync',
]);

/** Call-name prefixes that may sleep (`wait_event*`, `schedule*`). */
const SLEEPING_PREFIXES = ['wait_event', 'wait_for_completion', 'schedule_timeout', 'msleep', 'usleep', 'ssleep'];

/** Allocation APIs: the index of their GFP argument (negative counts from the end). */
const GFP_ARG: Record<string, number> = {
  kmalloc: 1, kzalloc: 1, kcalloc: 2, kmalloc_array: 2, krealloc: 2, kmalloc_node: 1, kzalloc_node: 1, kcalloc_node: 2,
  kmem_cache_alloc: 1, kmem_cache_zalloc: 1, kmem_cache_alloc_node: 1, kstrdup: 1, kstrndup: 2, kmemdup: 2,
  kvmalloc: 1, kvzalloc: 1, kvcalloc: 2, kvmalloc_array: 2, kvmalloc_node: 1,
  __vmalloc: 1, alloc_pages: 0, alloc_page: 0, __get_free_pages: 0, __get_free_page: 0, get_zeroed_page: 0, folio_alloc: 0,
  alloc_pages_node: 1, mempool_alloc: 1, dma_alloc_coherent: 3, alloc_skb: 1, dev_alloc_skb: -1, skb_clone: 1, skb_copy: 1,
  idr_alloc: 4, idr_alloc_cyclic: 4, idr_alloc_u32: 4, ida_alloc: 1, ida_alloc_min: 2, ida_alloc_max: 2, ida_alloc_range: 3,
  ida_simple_get: 3, xa_alloc: 4, xa_alloc_cyclic: 5, xa_store: 3, xa_insert: 3, xa_cmpxchg: 4, xa_reserve: 2,
  radix_tree_preload: 0, radix_tree_maybe_preload: 0, idr_preload: 0,
};

/** The IDR allocation calls that draw on an `idr_preload()`. */
export const IDR_ALLOC_APIS = new Set(['idr_alloc', 'idr_alloc_cyclic', 'idr_alloc_u32']);
/** Calls hovers explain as preload/allocation sites. */
export const PRELOAD_APIS = new Set(['idr_preload', 'radix_tree_preload', 'radix_tree_maybe_preload']);
export const PRELOAD_END_APIS = new Set(['idr_preload_end', 'radix_tree_preload_end']);

export type GfpClass = 'sleeping' | 'atomic' | 'unknown';

/**
 * The class of a GFP expression as written: sleeping when it names a flag that
 * allows direct reclaim, atomic for `GFP_ATOMIC`/`GFP_NOWAIT` (and no sleeping
 * flag), unknown for a variable such as `gfp`.
 */
export function classifyGfp(text: string): GfpClass {
  const t = text.replace(/\s+/g, '');
  if (/~\(?__GFP_(DIRECT_)?RECLAIM/.test(t)) return 'atomic';
  if (/__GFP_DIRECT_RECLAIM|GFP_KERNEL|GFP_NOFS|GFP_NOIO|GFP_USER|GFP_HIGHUSER/.test(t)) return 'sleeping';
  if (/GFP_ATOMIC|GFP_NOWAIT|__GFP_HIGH\b/.test(t)) return 'atomic';
  return 'unknown';
}

/** The GFP argument text of an allocation call, or null when the API takes none / is not one. */
export function gfpArgument(name: string, args: string[]): string | null {
  const idx = GFP_ARG[name];
  if (idx === undefined) return null;
  const i = idx < 0 ? args.length + idx : idx;
  const a = args[i];
  if (a === undefined) return null;
  // Guess-proofing: only accept the argument when it looks like flags.
  return /GFP|gfp|flags/.test(a) ? a.trim() : null;
}

export function isAllocationApi(name: string): boolean {
  return name in GFP_ARG;
}

export class SleepCatalogue {
  private readonly extra: Set<string>;

  constructor(extra: readonly string[] = []) {
    this.extra = new Set(extra.filter((s) => typeof s === 'string'));
  }

  /**
   * Why this call may sleep, or null. `args` are the argument texts.
   * An allocation sleeps only with a sleeping GFP.
   */
  reason(name: string, args: string[]): string | null {
    if (this.extra.has(name)) return `${name}() is listed in locklens.extraSleepingApis`;
    if (name in GFP_ARG) {
      const gfp = gfpArgument(name, args);
      if (gfp && classifyGfp(gfp) === 'sleeping') return `${name}() with ${gfp} may sleep to reclaim memory`;
      if (name === 'vmalloc' || name === 'vzalloc') return `${name}() may sleep`;
      return null;
    }
    if (name === 'might_sleep_if') return null; // conditional: depends on its argument
    if (ALWAYS_SLEEPS.has(name)) return `${name}() may sleep`;
    // wait_event_lock_irq() and friends drop the lock they are given while they sleep.
    if (/^wait_event.*lock/.test(name)) return null;
    if (SLEEPING_PREFIXES.some((p) => name.startsWith(p))) return `${name}() may sleep`;
    return null;
  }
}
