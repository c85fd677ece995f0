/**
 * Locals that only ever name one access path: `struct base_mutex *rtm = &rwb->mutex;`
 * or `sig = current->sig_state` set once, never assigned again, address never taken.
 * Through them `rtm->wait_lock` is `rwb->mutex.wait_lock`, a name a caller can
 * translate (summaries) and another function can match (the callee's
 * `__releases(&current->sig_state->siglock)` against the caller's `sig->siglock`).
 */
import type { Cfg } from './cfg';
import { lockRoot, normalizeLock, substituteParam } from './lockNames';

/** An access path: `&a->b.c`, `current->x`, a plain name. No calls, indexes or casts. */
const ACCESS_PATH = /^&?[A-Za-z_]\w*(?:(?:->|\.)[A-Za-z_]\w*)*$/;

export type StableAliases = ReadonlyMap<string, string>;

/** local → the access path it was initialised with, for locals assigned exactly once, at their declaration. */
export function stableAliases(cfg: Cfg, code: string, bodyText: string): StableAliases {
  const writes = new Map<string, number>();
  const initial = new Map<string, string>();
  for (const b of cfg.blocks) {
    for (const ev of b.events) {
      if (ev.kind !== 'assign') continue;
      writes.set(ev.target, (writes.get(ev.target) ?? 0) + 1);
      if (ev.node.type !== 'init_declarator') continue;
      const value = ev.node.children.find((c) => c.field === 'value');
      if (!value) continue;
      const path = code.slice(value.start, value.end).replace(/\s+/g, '');
      if (ACCESS_PATH.test(path)) initial.set(ev.target, path);
    }
  }
  const out = new Map<string, string>();
  if (initial.size === 0) return out;
  const withoutAndAnd = bodyText.replace(/&&/g, '  ');
  for (const [local, path] of initial) {
    if (writes.get(local) !== 1) continue;
    // The path's own root must not change either (a parameter reassigned to its parent).
    const root = lockRoot(path.replace(/^&/, ''));
    if (root === local || (writes.get(root) ?? 0) > 0 && !initial.has(root)) continue;
    // `&local` hands the variable itself out (`&local->field` does not).
    if (new RegExp(`&\\s*${local}\\b(?!\\s*(->|\\.))`).test(withoutAndAnd)) continue;
    out.set(local, path);
  }
  return out;
}

/** The lock named through the access paths its root stands for (`rtm->wait_lock` → `rwb->mutex.wait_lock`). */
export function canonicalLock(lock: string, aliases: StableAliases): string {
  let out = lock;
  for (let i = 0; i < 4 && aliases.size; i++) {
    const root = lockRoot(out);
    const path = aliases.get(root);
    if (path === undefined) break;
    const next = substituteParam(out, root, path);
    if (next === null || next === out) break;
    out = next;
  }
  return out === lock ? lock : normalizeLock(out);
}
