/**
 * The model kernel's API as the interpreted code sees it: locks with owners,
 * the IDR (with the preload budget of one allocation), kmem caches, reference
 * counts, RCU callbacks, ERR_PTR helpers, and a catalogue of cost-only stubs.
 * Each call charges its cost from the cost table and records a trace event.
 */
import { CArray, CString, ErrPtr, FnRef, Ref, Struct, Unknown, describeValue, type Value } from './values';
import { ERRNO, GFP_DIRECT_RECLAIM, MAX_ERRNO } from './constants';
import type { Exec } from './exec';
import type { CostTable } from './costs';
import { IdrState } from './model/idr';
import { CacheState } from './model/objects';

export interface CallSite {
  name: string;
  /** Cost of this site under `costTable`, cached on first use. */
  costTable?: CostTable;
  costNs?: number;
  line: number;
  /** Source text of each argument (names locks: `&pidmap_lock` → `pidmap_lock`). */
  args: string[];
  /** The result is dereferenced: a lenient result must be an object. */
  objectContext: boolean;
}

export type Builtin = (x: Exec, a: Value[], site: CallSite) => Value;

function cost(x: Exec, site: CallSite): number {
  let ns: number;
  if (site.costTable === x.costs) {
    ns = site.costNs!;
  } else {
    ns = x.costs.calls[site.name] ?? x.costs.unknownCallNs;
    site.costTable = x.costs;
    site.costNs = ns;
  }
  x.pendingNs += ns;
  return ns;
}

function num(v: Value): number {
  if (typeof v === 'number') return v;
  if (v === null) return 0;
  if (v instanceof ErrPtr) return v.err;
  return 0;
}

function canSleep(gfp: Value): boolean {
  return (num(gfp) & GFP_DIRECT_RECLAIM) !== 0;
}

/** The spinning lock (spinlock or rwlock) held by the current call, if any: sleeping under it is a bug. */
function heldSpin(x: Exec): Struct | null {
  for (const l of x.held) if (l.lk && (l.lk.kind === 'spin' || l.lk.kind === 'rwlock')) return l;
  return null;
}

function mustNotSleep(x: Exec, what: string): void {
  const l = heldSpin(x);
  if (l) x.violate('lock-discipline', `${what} on line ${x.line} may sleep, but ${l.lk!.name} (a spinning lock) is held`);
}

function lockName(site: CallSite): string {
  return (site.args[0] ?? site.name).replace(/^\s*&\s*/, '').replace(/\s+/g, '');
}

const lenientLocks = new WeakMap<Exec, Map<string, Struct>>();

/** The lock object an argument designates; its state is created the first time it is used. */
function lockObject(x: Exec, v: Value, site: CallSite, kind: 'spin' | 'mutex' | 'rwlock' | 'rwsem'): Struct {
  let s: Struct;
  if (v instanceof Struct) {
    if (v.freed) x.abort('memory-safety', `${site.name}(${lockName(site)}) on line ${site.line}: the lock's object was freed`);
    s = v;
  } else if (v === null || v === 0) {
    x.abort('memory-safety', `${site.name}(NULL) on line ${site.line}`);
  } else {
    // An unknown lock expression: one stand-in per spelling, shared by every CPU.
    let m = lenientLocks.get(x);
    if (!m) lenientLocks.set(x, (m = new Map()));
    const name = lockName(site);
    s = m.get(name) ?? new Struct('lock', true, name);
    m.set(name, s);
  }
  s.lk ??= { name: lockName(site), kind, owner: 0, readers: 0, index: -1 };
  return s;
}

function acquire(kind: 'spin' | 'mutex' | 'rwlock' | 'rwsem'): Builtin {
  return (x, a, site) => {
    const ns = cost(x, site);
    const l = lockObject(x, a[0], site, kind);
    const lk = l.lk!;
    if (lk.owner === x.callId) {
      const since = x.heldLines[x.held.indexOf(l)];
      x.abort('lock-discipline', `${site.name}(${lk.name}) on line ${site.line} while it is already held (taken on line ${since}): self-deadlock`);
    }
    if (lk.owner !== 0) x.abort('lock-discipline', `${site.name}(${lk.name}) on line ${site.line}: the lock was left held by an earlier call`);
    if (kind === 'mutex' || kind === 'rwsem') mustNotSleep(x, site.name);
    lk.owner = x.callId;
    x.held.push(l);
    x.heldLines.push(site.line);
    if (l.shared) {
      if (lk.index < 0) lk.index = x.lockIndex(lk.name, lk.kind);
      x.segAcquire(lk.index);
    }
    x.event('lock', site.name, ns, lk.name);
    return 0;
  };
}

function release(kind: 'spin' | 'mutex' | 'rwlock' | 'rwsem'): Builtin {
  return (x, a, site) => {
    const l = lockObject(x, a[0], site, kind);
    const lk = l.lk!;
    if (lk.owner !== x.callId) x.abort('lock-discipline', `${site.name}(${lk.name}) on line ${site.line}, but the lock is not held`);
    const ns = cost(x, site);
    const i = x.held.lastIndexOf(l);
    x.held.splice(i, 1);
    x.heldLines.splice(i, 1);
    lk.owner = 0;
    if (l.shared && lk.index >= 0) x.segRelease(lk.index);
    x.event('unlock', site.name, ns, lk.name);
    return 0;
  };
}

function trylock(kind: 'spin' | 'mutex' | 'rwlock' | 'rwsem'): Builtin {
  const take = acquire(kind);
  return (x, a, site) => {
    const l = lockObject(x, a[0], site, kind);
    if (l.lk!.owner === x.callId) {
      cost(x, site);
      return 0;
    }
    take(x, a, site);
    return 1;
  };
}

// ---- IDR ----------------------------------------------------------------------------

const lenientIdrs = new WeakMap<Exec, Map<string, Struct>>();

function idrOfArg(x: Exec, v: Value, site: CallSite): { idr: IdrState; obj: Struct } {
  if (v instanceof Struct) {
    if (v.freed) x.abort('memory-safety', `${site.name} on line ${site.line}: the IDR's object was freed`);
    if (!(v.native instanceof IdrState)) v.native = new IdrState(lockName(site));
    return { idr: v.native as IdrState, obj: v };
  }
  if (v === null || v === 0) x.abort('memory-safety', `${site.name}(NULL) on line ${site.line}`);
  let m = lenientIdrs.get(x);
  if (!m) lenientIdrs.set(x, (m = new Map()));
  const name = lockName(site);
  let s = m.get(name);
  if (!s) {
    s = new Struct('idr', true, name);
    s.native = new IdrState(name);
    m.set(name, s);
  }
  return { idr: s.native as IdrState, obj: s };
}

/** IDR changes need the caller's lock; an IDR shared between CPUs changed with none held is a race. */
function requireLock(x: Exec, obj: Struct, idr: IdrState, site: CallSite): void {
  if (obj.shared && x.held.length === 0) {
    x.violate('lock-discipline', `${site.name} on line ${site.line} changes the IDR of ${idr.label} with no lock held`);
  }
}

/** Memory for one IDR insertion: the preloaded node if there is one, else a request under the fault plan. */
function idrMemory(x: Exec, gfp: Value, what: string): boolean {
  if (x.preloadDepth > 0 && x.preloadBudget > 0) {
    x.preloadBudget--;
    return true;
  }
  const atomic = !canSleep(gfp);
  if (!atomic) mustNotSleep(x, `${what}(GFP_KERNEL)`);
  return x.memoryRequest(atomic, what);
}

function idrAlloc(cyclic: boolean): Builtin {
  return (x, a, site) => {
    const ns = cost(x, site);
    const { idr, obj } = idrOfArg(x, a[0], site);
    requireLock(x, obj, idr, site);
    const start = num(a[2]);
    const end = num(a[3]);
    if (start < 0) {
      x.event('idr', site.name, ns, `→ -EINVAL (start ${start})`);
      return -ERRNO.EINVAL;
    }
    const id = cyclic ? idr.findFreeCyclic(start, end) : idr.findFree(start, end);
    if (id < 0) {
      x.event('idr', site.name, ns, `[${start}, ${end}) in ${idr.label} → -ENOSPC`);
      return -ERRNO.ENOSPC;
    }
    if (!idrMemory(x, a[4], site.name)) {
      x.event('idr', site.name, ns, `in ${idr.label} → -ENOMEM`);
      return -ERRNO.ENOMEM;
    }
    idr.insert(id, a[1]);
    if (cyclic) idr.cursor = id + 1;
    x.touchIdr(idr);
    x.event('idr', site.name, ns, idr.label, id);
    return id;
  };
}

const idrReplace: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  const { idr, obj } = idrOfArg(x, a[0], site);
  requireLock(x, obj, idr, site);
  const id = num(a[2]);
  const r = idr.replace(id, a[1]);
  x.touchIdr(idr);
  x.event('idr', site.name, ns, r.found ? idr.label : `${idr.label}: not allocated`, id);
  return r.found ? r.old : new ErrPtr(-ERRNO.ENOENT);
};

const idrRemove: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  const { idr, obj } = idrOfArg(x, a[0], site);
  requireLock(x, obj, idr, site);
  const id = num(a[1]);
  const old = idr.remove(id);
  x.touchIdr(idr);
  x.event('idr', site.name, ns, idr.label, id);
  if (old === undefined) {
    x.violate('memory-safety', `${site.name} on line ${site.line}: id ${id} is not allocated in ${idr.label} (removed twice?)`);
    return null;
  }
  return old;
};

const idrPreload: Builtin = (x, a, site) => {
  let ns = cost(x, site);
  if (canSleep(a[0])) mustNotSleep(x, `${site.name}(GFP_KERNEL)`);
  x.preloadDepth++;
  if (x.preloadBudget === 0) {
    ns += x.costs.preloadRefillNs;
    x.pendingNs += x.costs.preloadRefillNs;
    if (x.memoryRequest(!canSleep(a[0]), 'idr_preload')) x.preloadBudget = 1;
  }
  x.event('call', site.name, ns, x.preloadBudget ? '(one node preloaded)' : '(preload failed: nothing preloaded)');
  return null;
};

const idrPreloadEnd: Builtin = (x, _a, site) => {
  const ns = cost(x, site);
  if (x.preloadDepth === 0) x.violate('lock-discipline', `${site.name} on line ${site.line} without idr_preload()`);
  else x.preloadDepth--;
  x.event('call', site.name, ns);
  return null;
};

// ---- memory ---------------------------------------------------------------------------

function freeObject(x: Exec, v: Value, site: CallSite): Struct | null {
  if (v === null || v === 0) return null;
  if (!(v instanceof Struct)) {
    x.note('not-interpreted', `${site.name}(${describeValue(v)})`);
    return null;
  }
  if (v.freed) x.abort('memory-safety', `${site.name} on line ${site.line}: double free of ${describeValue(v)}`);
  v.freed = true;
  return v;
}

const kmemCacheAlloc: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  const gfp = a[1];
  if (canSleep(gfp)) mustNotSleep(x, `${site.name}(GFP_KERNEL)`);
  const cache = a[0] instanceof Struct && a[0].native instanceof CacheState ? (a[0].native as CacheState) : null;
  if (!x.memoryRequest(!canSleep(gfp), site.name)) {
    x.event('alloc', site.name, ns, '→ NULL');
    return null;
  }
  if (!cache) {
    x.note('unknown-field', `kmem cache ${lockName(site)}`);
    x.event('alloc', site.name, ns);
    return new Struct('object', false);
  }
  const obj = cache.freeList.pop() ?? cache.make();
  obj.freed = false;
  cache.live++;
  x.event('alloc', site.name, ns, cache.name);
  return obj;
};

const kmemCacheFree: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  const obj = freeObject(x, a[1], site);
  if (obj && a[0] instanceof Struct && a[0].native instanceof CacheState) {
    const cache = a[0].native as CacheState;
    cache.live--;
    cache.freeList.push(obj);
  }
  x.event('free', site.name, ns);
  return null;
};

const kmalloc: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  const gfp = a[a.length - 1];
  if (canSleep(gfp)) mustNotSleep(x, `${site.name}(GFP_KERNEL)`);
  if (!x.memoryRequest(!canSleep(gfp), site.name)) {
    x.event('alloc', site.name, ns, '→ NULL');
    return null;
  }
  x.event('alloc', site.name, ns);
  return new Struct('kmalloc', false);
};

const kfree: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  freeObject(x, a[0], site);
  x.event('free', site.name, ns);
  return null;
};

// ---- counters -------------------------------------------------------------------------

/** The (box, key) of a refcount_t or atomic_t argument. */
function counter(x: Exec, v: Value, key: string, site: CallSite): { box: Record<string | number, Value>; key: string | number } {
  if (v instanceof Struct) {
    if (v.freed) x.abort('memory-safety', `${site.name} on line ${site.line}: the counter's object was freed`);
    if (typeof v.f[key] !== 'number') v.f[key] = 0;
    return { box: v.f, key };
  }
  if (v instanceof Ref) return { box: v.box, key: v.key };
  if (v === null || v === 0) x.abort('memory-safety', `${site.name}(NULL) on line ${site.line}`);
  return { box: { v: 0 }, key: 'v' };
}

function counterOp(key: string, op: (old: number, arg: number) => { next: number; ret: number }): Builtin {
  return (x, a, site) => {
    cost(x, site);
    const c = counter(x, a[0], key, site);
    const old = num(c.box[c.key] as Value);
    const r = op(old, num(a[1] ?? 0));
    c.box[c.key] = r.next;
    return r.ret;
  };
}

function refsOfNs(x: Exec, ns: Value, site: CallSite): Struct | null {
  if (!(ns instanceof Struct)) return null;
  if (ns.freed) x.abort('memory-safety', `${site.name} on line ${site.line}: the namespace was freed`);
  const c = ns.f.count;
  return c instanceof Struct ? c : null;
}

const getPidNs: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  const c = refsOfNs(x, a[0], site);
  if (c) c.f.refs = num(c.f.refs) + 1;
  x.event('call', site.name, ns);
  return a[0];
};

const putPidNs: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  const c = refsOfNs(x, a[0], site);
  if (c) {
    c.f.refs = num(c.f.refs) - 1;
    if (num(c.f.refs) <= 0) x.violate('memory-safety', `${site.name} on line ${site.line}: the namespace's reference count dropped to ${c.f.refs}`);
  }
  x.event('call', site.name, ns);
  return null;
};

/** put_pid(): the last reference frees the pid into its namespace's cache and drops the namespace. */
export function putPid(x: Exec, pid: Value, site: CallSite): void {
  if (!(pid instanceof Struct) || pid.type !== 'pid') return;
  const count = pid.f.count;
  if (!(count instanceof Struct)) return;
  const refs = num(count.f.refs) - 1;
  count.f.refs = refs;
  if (refs > 0) return;
  if (refs < 0) x.violate('memory-safety', `put_pid: reference count of a pid dropped below zero`);
  const numbers = pid.f.numbers;
  const level = num(pid.f.level);
  const up = numbers instanceof CArray ? numbers.items[level] : null;
  const ns = up instanceof Struct ? up.f.ns : null;
  if (ns instanceof Struct) {
    kmemCacheFree(x, [ns.f.pid_cachep, pid], { ...site, name: 'kmem_cache_free', args: ['ns->pid_cachep', 'pid'], costTable: undefined });
    putPidNs(x, [ns], { ...site, name: 'put_pid_ns', args: ['ns'], costTable: undefined });
  } else {
    freeObject(x, pid, site);
  }
}

// ---- ERR_PTR --------------------------------------------------------------------------

const errHelpers: Record<string, Builtin> = {
  ERR_PTR: (_x, a) => new ErrPtr(num(a[0])),
  IS_ERR: (_x, a) => (a[0] instanceof Unknown ? a[0] : a[0] instanceof ErrPtr ? 1 : 0),
  IS_ERR_OR_NULL: (_x, a) => (a[0] instanceof Unknown ? a[0] : a[0] instanceof ErrPtr || a[0] === null || a[0] === 0 ? 1 : 0),
  PTR_ERR: (x, a, site) => {
    if (a[0] instanceof ErrPtr) return a[0].err;
    if (a[0] instanceof Unknown) return a[0];
    x.violate('err-ptr-convention', `PTR_ERR on line ${site.line} of ${describeValue(a[0])}, which is not an ERR_PTR`);
    return 0;
  },
  PTR_ERR_OR_ZERO: (_x, a) => (a[0] instanceof ErrPtr ? a[0].err : a[0] instanceof Unknown ? a[0] : 0),
  ERR_CAST: (_x, a) => a[0],
  IS_ERR_VALUE: (_x, a) => (typeof a[0] === 'number' && a[0] < 0 && a[0] >= -MAX_ERRNO ? 1 : 0),
};

/** A call whose only effect is its cost. */
function stub(ret: Value = 0): Builtin {
  return (x, _a, site) => {
    const ns = cost(x, site);
    x.event('stub', site.name, ns);
    return ret;
  };
}

function sleeping(ret: Value = 0): Builtin {
  return (x, _a, site) => {
    mustNotSleep(x, site.name);
    const ns = cost(x, site);
    x.event('stub', site.name, ns);
    return ret;
  };
}

const lockInit: Builtin = (x, a, site) => {
  const kind = site.name.startsWith('mutex') ? 'mutex' : site.name.startsWith('rwlock') ? 'rwlock' : site.name.includes('rwsem') ? 'rwsem' : 'spin';
  cost(x, site);
  if (a[0] instanceof Struct) {
    if (a[0].lk && a[0].lk.owner !== 0) x.violate('lock-discipline', `${site.name} on line ${site.line} re-initialises ${a[0].lk.name} while it is held`);
    a[0].lk = { name: lockName(site), kind, owner: 0, readers: 0, index: -1 };
  }
  return null;
};

const lockHeld: Builtin = (x, a, site) => {
  const l = a[0] instanceof Struct ? a[0] : null;
  if (l && (!l.lk || l.lk.owner !== x.callId)) x.violate('lock-discipline', `${site.name}(${lockName(site)}) on line ${site.line}: the lock is not held`);
  return null;
};

const callRcu: Builtin = (x, a, site) => {
  const ns = cost(x, site);
  const fn = a[1];
  if (fn instanceof FnRef) x.rcuQueue.push({ fn, head: a[0], line: site.line });
  else x.note('unknown-call', `${site.name} callback ${site.args[1] ?? '?'}`);
  x.event('rcu', site.name, ns, fn instanceof FnRef ? `queues ${fn.name}` : '');
  return null;
};

const spin = acquire('spin');
const unspin = release('spin');
const rw = acquire('rwlock');
const unrw = release('rwlock');
const mtx = acquire('mutex');
const unmtx = release('mutex');
const sem = acquire('rwsem');
const unsem = release('rwsem');

export const BUILTINS: Record<string, Builtin> = {
  spin_lock: spin, spin_lock_irq: spin, spin_lock_irqsave: spin, spin_lock_bh: spin, spin_lock_nested: spin,
  raw_spin_lock: spin, raw_spin_lock_irq: spin, raw_spin_lock_irqsave: spin,
  spin_unlock: unspin, spin_unlock_irq: unspin, spin_unlock_irqrestore: unspin, spin_unlock_bh: unspin,
  raw_spin_unlock: unspin, raw_spin_unlock_irq: unspin, raw_spin_unlock_irqrestore: unspin,
  spin_trylock: trylock('spin'), raw_spin_trylock: trylock('spin'),
  // rwlocks and rwsems are modelled as exclusive locks for readers and writers alike.
  read_lock: rw, read_lock_irq: rw, read_lock_irqsave: rw, write_lock: rw, write_lock_irq: rw, write_lock_irqsave: rw,
  read_unlock: unrw, read_unlock_irq: unrw, read_unlock_irqrestore: unrw, write_unlock: unrw, write_unlock_irq: unrw,
  write_unlock_irqrestore: unrw,
  mutex_lock: mtx, mutex_lock_nested: mtx, mutex_lock_interruptible: mtx, mutex_lock_killable: mtx, mutex_unlock: unmtx,
  mutex_trylock: trylock('mutex'),
  down_read: sem, down_write: sem, up_read: unsem, up_write: unsem,
  spin_lock_init: lockInit, raw_spin_lock_init: lockInit, mutex_init: lockInit, rwlock_init: lockInit, init_rwsem: lockInit,
  lockdep_assert_held: lockHeld, lockdep_assert_held_write: lockHeld,
  spin_is_locked: (_x, a) => (a[0] instanceof Struct && a[0].lk && a[0].lk.owner !== 0 ? 1 : 0),
  mutex_is_locked: (_x, a) => (a[0] instanceof Struct && a[0].lk && a[0].lk.owner !== 0 ? 1 : 0),

  idr_alloc: idrAlloc(false), idr_alloc_cyclic: idrAlloc(true), idr_replace: idrReplace, idr_remove: idrRemove,
  idr_find: (x, a, site) => {
    cost(x, site);
    return idrOfArg(x, a[0], site).idr.find(num(a[1]));
  },
  idr_get_cursor: (x, a, site) => {
    cost(x, site);
    return idrOfArg(x, a[0], site).idr.cursor;
  },
  idr_set_cursor: (x, a, site) => {
    const ns = cost(x, site);
    const { idr } = idrOfArg(x, a[0], site);
    idr.cursor = num(a[1]);
    x.event('idr', site.name, ns, `${idr.label} → ${idr.cursor}`);
    return null;
  },
  idr_is_empty: (x, a, site) => {
    cost(x, site);
    return idrOfArg(x, a[0], site).idr.size === 0 ? 1 : 0;
  },
  idr_init: (x, a, site) => {
    cost(x, site);
    if (a[0] instanceof Struct) a[0].native = new IdrState(lockName(site));
    return null;
  },
  idr_preload: idrPreload, idr_preload_end: idrPreloadEnd,

  kmem_cache_alloc: kmemCacheAlloc, kmem_cache_zalloc: kmemCacheAlloc, kmem_cache_free: kmemCacheFree,
  kmalloc, kzalloc: kmalloc, kcalloc: kmalloc, kvmalloc: kmalloc, kvzalloc: kmalloc, kmalloc_array: kmalloc,
  kfree, kvfree: kfree, kfree_sensitive: kfree,

  refcount_set: counterOp('refs', (_o, v) => ({ next: v, ret: 0 })),
  refcount_inc: counterOp('refs', (o) => ({ next: o + 1, ret: 0 })),
  refcount_dec: counterOp('refs', (o) => ({ next: o - 1, ret: 0 })),
  refcount_read: counterOp('refs', (o) => ({ next: o, ret: o })),
  refcount_dec_and_test: counterOp('refs', (o) => ({ next: o - 1, ret: o - 1 === 0 ? 1 : 0 })),
  refcount_inc_not_zero: counterOp('refs', (o) => ({ next: o === 0 ? 0 : o + 1, ret: o === 0 ? 0 : 1 })),
  atomic_set: counterOp('counter', (_o, v) => ({ next: v, ret: 0 })),
  atomic_read: counterOp('counter', (o) => ({ next: o, ret: o })),
  atomic_inc: counterOp('counter', (o) => ({ next: o + 1, ret: 0 })),
  atomic_dec: counterOp('counter', (o) => ({ next: o - 1, ret: 0 })),
  atomic_add: counterOp('counter', (o, v) => ({ next: o + v, ret: 0 })),
  atomic_sub: counterOp('counter', (o, v) => ({ next: o - v, ret: 0 })),
  atomic_inc_return: counterOp('counter', (o) => ({ next: o + 1, ret: o + 1 })),
  atomic_dec_return: counterOp('counter', (o) => ({ next: o - 1, ret: o - 1 })),
  atomic_dec_and_test: counterOp('counter', (o) => ({ next: o - 1, ret: o - 1 === 0 ? 1 : 0 })),
  get_pid_ns: getPidNs, put_pid_ns: putPidNs,
  get_pid: (x, a, site) => {
    cost(x, site);
    if (a[0] instanceof Struct && a[0].f.count instanceof Struct) a[0].f.count.f.refs = num(a[0].f.count.f.refs) + 1;
    return a[0];
  },
  put_pid: (x, a, site) => {
    const ns = cost(x, site);
    putPid(x, a[0], site);
    x.event('call', site.name, ns);
    return null;
  },
  delayed_put_pid: (x, a, site) => {
    const ns = cost(x, site);
    const head = a[0];
    putPid(x, head instanceof Struct ? head.parent : null, site);
    x.event('rcu', site.name, ns);
    return null;
  },
  call_rcu: callRcu,
  synchronize_rcu: sleeping(null),
  might_sleep: sleeping(null),
  cond_resched: sleeping(0),
  msleep: sleeping(null),
  schedule: sleeping(null),

  checkpoint_restore_ns_capable: (x, _a, site) => {
    cost(x, site);
    return x.capable ? 1 : 0;
  },
  ns_capable: (x, _a, site) => {
    cost(x, site);
    return x.capable ? 1 : 0;
  },
  capable: (x, _a, site) => {
    cost(x, site);
    return x.capable ? 1 : 0;
  },
  ...errHelpers,
};

/** Calls whose only modelled effect is their cost (the catalogue of cost-only stubs). */
export const COST_ONLY_STUBS = [
  'INIT_HLIST_HEAD', 'INIT_LIST_HEAD', 'INIT_HLIST_NODE', 'init_waitqueue_head', 'pidfs_add_pid', 'pidfs_remove_pid',
  'pidfs_get_pid', 'pidfs_put_pid', 'pidfs_prepare_pid', 'schedule_work', 'queue_work', 'wake_up', 'wake_up_all',
  'wake_up_process', 'rcu_read_lock', 'rcu_read_unlock', 'preempt_disable', 'preempt_enable', 'local_irq_disable',
  'local_irq_enable', 'local_irq_save', 'local_irq_restore', 'smp_mb', 'smp_wmb', 'smp_rmb', 'printk', 'pr_info',
  'pr_warn', 'pr_err', 'pr_debug', 'cpu_relax', 'hlist_add_head_rcu', 'hlist_del_rcu', 'list_add', 'list_add_tail',
  'list_del', 'list_del_init', 'memset', 'memcpy', 'idr_destroy',
];
for (const name of COST_ONLY_STUBS) BUILTINS[name] ??= stub(name === 'schedule_work' || name === 'queue_work' ? 1 : 0);
BUILTINS.list_empty = stub(1);

/** Runs the RCU callbacks queued by the call (after its grace period, on the same CPU). */
export function runRcuCallbacks(x: Exec, call: (name: string, args: Value[]) => Value | undefined): void {
  while (x.rcuQueue.length) {
    const { fn, head, line } = x.rcuQueue.shift()!;
    x.line = line;
    const done = call(fn.name, [head]);
    if (done === undefined) {
      const b = BUILTINS[fn.name];
      if (b) b(x, [head], { name: fn.name, line, args: ['head'], objectContext: false });
      else x.note('unknown-call', `RCU callback ${fn.name}`);
    }
  }
}

export { CString };
