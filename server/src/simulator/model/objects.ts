/**
 * Model kernel objects: pid namespaces, struct pid and upid, kmem caches, and
 * the small embedded structs they carry. Field names follow the kernel's so the
 * interpreted code reads them directly; fields not modelled here fall back to
 * the interpreter's lenient default, which is reported.
 */
import { CArray, Struct, type Value } from '../values';
import { IdrState } from './idr';
import { PIDNS_ADDING, PIDTYPE_MAX } from '../constants';

/** A kmem_cache's bookkeeping: live objects and a free list reused like a slab. */
export class CacheState {
  live = 0;
  readonly freeList: Struct[] = [];
  constructor(
    public name: string,
    /** Builds a new object of this cache (uninitialised fields are zero, as after first use of a page). */
    public make: () => Struct,
  ) {}
}

export function newLock(name: string, shared: boolean, kind: 'spin' | 'mutex' | 'rwlock' | 'rwsem' = 'spin'): Struct {
  const s = new Struct(kind === 'spin' ? 'spinlock' : kind, shared);
  s.lk = { name, kind, owner: 0, readers: 0, index: -1 };
  return s;
}

function embedded(type: string, parent: Struct, fields?: Record<string, Value>): Struct {
  const s = new Struct(type, parent.shared);
  s.parent = parent;
  if (fields) Object.assign(s.f, fields);
  return s;
}

export function newIdr(label: string, shared: boolean, parent: Struct | null = null): Struct {
  const s = new Struct('idr', shared);
  s.native = new IdrState(label);
  s.parent = parent;
  return s;
}

/** A struct pid as kmem_cache_alloc returns it for a namespace of `level`: numbers[level + 1]. */
export function newPid(level: number): Struct {
  const pid = new Struct('pid', false);
  const f = pid.f;
  f.level = 0;
  f.count = embedded('refcount', pid, { refs: 0 });
  f.lock = embedded('spinlock', pid);
  const tasks: Value[] = [];
  for (let t = 0; t < PIDTYPE_MAX; t++) tasks.push(embedded('hlist_head', pid, { first: null }));
  f.tasks = new CArray(tasks, pid);
  f.wait_pidfd = embedded('wait_queue_head', pid);
  f.inodes = embedded('hlist_head', pid, { first: null });
  f.rcu = embedded('rcu_head', pid);
  f.stashed = null;
  f.attr = null;
  const numbers: Value[] = [];
  for (let i = 0; i <= level; i++) numbers.push(embedded('upid', pid, { nr: 0, ns: null }));
  f.numbers = new CArray(numbers, pid);
  return pid;
}

export function newCache(name: string, make: () => Struct): Struct {
  const s = new Struct('kmem_cache', true);
  s.native = new CacheState(name, make);
  return s;
}

export interface NamespaceOptions {
  level: number;
  parent: Struct | null;
  pidMax: number;
  hasReaper: boolean;
}

/** A pid namespace with an empty IDR, accepting new pids (PIDNS_ADDING set). */
export function newPidNamespace(o: NamespaceOptions): Struct {
  const ns = new Struct('pid_namespace', true);
  const f = ns.f;
  f.level = o.level;
  f.parent = o.parent;
  f.pid_max = o.pidMax;
  f.pid_allocated = PIDNS_ADDING;
  f.idr = newIdr(`pid namespace level ${o.level}`, true, ns);
  f.pid_cachep = newCache(`pid_${o.level + 1}`, () => newPid(o.level));
  f.child_reaper = o.hasReaper ? new Struct('task_struct', true) : null;
  f.user_ns = embedded('user_namespace', ns);
  f.proc_work = embedded('work_struct', ns);
  f.count = embedded('refcount', ns, { refs: 1 });
  f.pid_gen = 0;
  return ns;
}

/** The namespace's IDR state (every model namespace has one). */
export function idrOf(ns: Struct): IdrState {
  return (ns.f.idr as Struct).native as IdrState;
}

export function refsOf(obj: Struct): number {
  const c = obj.f.count;
  return c instanceof Struct && typeof c.f.refs === 'number' ? c.f.refs : 0;
}

export function cacheOf(ns: Struct): CacheState {
  return (ns.f.pid_cachep as Struct).native as CacheState;
}
