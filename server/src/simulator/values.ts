/**
 * Run-time values of the interpreted kernel-C subset.
 *
 * Integers and booleans are JS numbers; NULL is `null`. Everything else is an
 * object of one of the classes below. Model objects are {@link Struct}s: a
 * pointer to a struct is the struct itself, which keeps `p->f` a plain lookup.
 */

/** A struct instance: a model object, a local struct, or a lenient stand-in. */
export class Struct {
  /**
   * Field values by name. A plain object (not null-prototype, which V8 keeps in
   * slow dictionary mode); names that collide with Object.prototype are renamed
   * by {@link fieldKey} at compile time.
   */
  f: Record<string, Value> = {};
  /** The struct this one is embedded in (for container_of-style model callbacks). */
  parent: Struct | null = null;
  /** Set by kmem_cache_free/kfree: any later access is a use-after-free. */
  freed = false;
  /** Lock state, attached the first time the object is used as a lock. */
  lk: LockState | null = null;
  /** Model-specific state (an IDR, a cache); never visible to C code. */
  native: unknown = null;
  constructor(
    public type: string,
    /** Reachable from every CPU (set up before the run): its locks can be contended. */
    public shared: boolean,
    /** Set when this object is a lenient default: what it stands in for. */
    public lenientOrigin: string | null = null,
  ) {}
}

/** A C array (local array, or an array member such as `pid->numbers`). */
export class CArray {
  constructor(public items: Value[], public parent: Struct | null = null) {}
}

/** A pointer into an array: `pid->numbers + i`, `--upid`. May point one before or past the end. */
export class Ptr {
  constructor(public arr: CArray, public index: number) {}
}

/** The address of a scalar: a local, a field or an array element (`&nr`, `&p->count`). */
export class Ref {
  constructor(public box: Record<string | number, Value>, public key: string | number, public label: string) {}
}

/** `ERR_PTR(err)`. */
export class ErrPtr {
  constructor(public err: number) {}
}

/** A function used as a value (`call_rcu(&p->rcu, delayed_put_pid)`). */
export class FnRef {
  constructor(public name: string) {}
}

/** A value the engine could not know (an unknown callee's result or an unknown field); conditions on it follow the common-path rule. */
export class Unknown {
  constructor(public origin: string) {}
}

/** A string literal, kept only so that format strings can be passed around. */
export class CString {
  constructor(public text: string) {}
}

export type Value = number | null | Struct | CArray | Ptr | Ref | ErrPtr | FnRef | Unknown | CString;

/** Who holds a lock and how it was named where it was first used. */
export interface LockState {
  name: string;
  kind: 'spin' | 'mutex' | 'rwlock' | 'rwsem';
  /** Call id of the holder; 0 when free. */
  owner: number;
  /** Readers currently holding an rwlock/rwsem for read. */
  readers: number;
  /** Index into the engine's lock table when the lock is shared (contended); -1 when private. */
  index: number;
}

/** C truthiness; `Unknown` is resolved by the caller (common-path rule). */
export function isTruthy(v: Value): boolean {
  return typeof v === 'number' ? v !== 0 : v !== null;
}

/** C `==` over model values. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'number' || typeof b === 'number') {
    // NULL compares equal to 0 (`if (p == 0)`), a pointer never equals a number.
    return (a === null && b === 0) || (a === 0 && b === null);
  }
  if (a === null || b === null) return false;
  if (a instanceof Ptr || a instanceof CArray) {
    const pa = asArrayPtr(a);
    const pb = b instanceof Ptr || b instanceof CArray ? asArrayPtr(b) : null;
    return !!pb && pa.arr === pb.arr && pa.index === pb.index;
  }
  if (a instanceof ErrPtr && b instanceof ErrPtr) return a.err === b.err;
  if (a instanceof Ref && b instanceof Ref) return a.box === b.box && a.key === b.key;
  return false;
}

/** An array used as a pointer decays to its first element. */
export function asArrayPtr(v: Ptr | CArray): Ptr {
  return v instanceof Ptr ? v : new Ptr(v, 0);
}

/** Short human description of a value for traces and reports. */
export function describeValue(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (v instanceof Struct) return v.lenientOrigin ? `<${v.lenientOrigin}>` : `<struct ${v.type}${v.freed ? ', freed' : ''}>`;
  if (v instanceof ErrPtr) return `ERR_PTR(${v.err})`;
  if (v instanceof Ptr) return `<&array[${v.index}]>`;
  if (v instanceof CArray) return `<array of ${v.items.length}>`;
  if (v instanceof Ref) return `<&${v.label}>`;
  if (v instanceof FnRef) return v.name;
  if (v instanceof Unknown) return `<unknown: ${v.origin}>`;
  return JSON.stringify(v.text);
}

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The key a C field name is stored under in {@link Struct.f}. */
export function fieldKey(name: string): string {
  return PROTOTYPE_NAMES.has(name) ? `$${name}` : name;
}
