/**
 * What a function hands to code the engine cannot read. A caller that passes
 * its locked object to an unknown function treats the lock as possibly
 * released by it; a helper we do read that passes its parameter on to an
 * unknown function named for ending something (`walk_stop(w)` calling a
 * header's `walk_done(w)`) is no better known, so its callers treat it the
 * same way. One level down only such names count: every unknown accessor a
 * helper calls (`key_payload(key)`) would otherwise blur its callers' locks.
 */
import { child, textOf, walk, type SyntaxNode } from '../parsing/syntax';
import { lockRoot, normalizeLock } from './lockNames';

/** Calls that never release a lock handed to them (so handing a lock's object to them keeps it certain). */
export const HARMLESS_CALL = /^((?!kref_)\w+_(get|put)$|list_|hlist_|idr_|ida_|xa_|radix_tree_|atomic|refcount_|READ_ONCE|WRITE_ONCE|smp_|kfree|kmalloc|kzalloc|kcalloc|kmem_cache_|memset|memcpy|memmove|strcmp|strlen|printk|pr_|dev_(err|warn|info|dbg|notice)|WARN|BUG|likely|unlikely|container_of|ERR_PTR|PTR_ERR|IS_ERR|INIT_|init_|wake_up|complete|set_bit|clear_bit|test_bit|test_and_|__set_bit|__clear_bit|get_|put_|call_rcu|kfree_rcu|schedule_work|queue_work|mod_timer|jiffies|min|max|clamp|lockdep_)/;

/** A name that says the call ends a section, a walk or a hold (`walk_done`, `foo_unlock`, `bar_finish`). */
const ENDS_SOMETHING = /(^|_)(unlock|release|done|end|finish|stop|exit|drop|close|abort|cancel)(_|$)/;

/** An unknown function (not summarised, not in a catalogue) that a helper's callers should treat as releasing what it is given. */
export function mayEndHold(name: string): boolean {
  return !HARMLESS_CALL.test(name) && ENDS_SOMETHING.test(name);
}

/**
 * Whether the body passes one of `params` (itself, its address, or a member of
 * it) to a call `opaque` says is unknown. Calls through pointers are left out:
 * what they reach is not a function of this file either way.
 */
export function forwardsToOpaque(body: SyntaxNode, code: string, params: string[], opaque: (name: string) => boolean): boolean {
  if (!params.length) return false;
  let found = false;
  walk(body, (n) => {
    if (found) return false;
    const fn = n.type === 'call_expression' ? child(n, 'function') : undefined;
    if (fn?.type !== 'identifier') return true;
    const args = child(n, 'arguments')?.children ?? [];
    if (args.some((a) => a.type !== 'comment' && params.includes(argumentRoot(textOf(code, a)))) && opaque(textOf(code, fn))) found = true;
    return true;
  });
  return found;
}

/** The variable an argument reaches: `w`, `&w->lock`, `(void *)w` all give `w`. */
function argumentRoot(arg: string): string {
  return lockRoot(normalizeLock(arg.replace(/^\(\s*[A-Za-z_][\w\s]*\**\s*\)\s*/, '')));
}
