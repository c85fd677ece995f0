/**
 * The IDR's id-space semantics: lowest-free allocation in a range, the cyclic
 * allocator with its cursor and wrap-around, replace/remove/find. Memory is not
 * decided here (the preload budget and fault plan live in the execution context).
 *
 * Ids below PID_MAX_LIMIT live in a dense array (`undefined` = free), the rest in
 * a Map. The free-id search walks up from the start of the range: immediate on
 * the common path (the cyclic cursor runs ahead of the live ids), bounded by
 * pid_max when the space is nearly full.
 */
import type { Value } from '../values';

/** INT_MAX + 1: the exclusive bound used when `end <= 0`. */
const ID_LIMIT = 0x80000000;

/** Ids below this are kept in the dense array. */
const DENSE = 0x400000;

/** The id → entry mapping, dense for small ids. */
class IdMap {
  private readonly dense: Array<Value | undefined> = [];
  private readonly sparse = new Map<number, Value>();
  size = 0;
  has(id: number): boolean {
    return id < DENSE ? this.dense[id] !== undefined : this.sparse.has(id);
  }
  get(id: number): Value | undefined {
    return id < DENSE ? this.dense[id] : this.sparse.get(id);
  }
  set(id: number, v: Value): void {
    if (!this.has(id)) this.size++;
    if (id < DENSE) {
      // Grow densely so the array stays packed (no holes from a far index).
      while (this.dense.length < id) this.dense.push(undefined);
      this.dense[id] = v;
    } else {
      this.sparse.set(id, v);
    }
  }
  delete(id: number): void {
    if (!this.has(id)) return;
    this.size--;
    if (id < DENSE) this.dense[id] = undefined;
    else this.sparse.delete(id);
  }
  *keys(): IterableIterator<number> {
    for (let i = 0; i < this.dense.length; i++) if (this.dense[i] !== undefined) yield i;
    yield* this.sparse.keys();
  }
  *[Symbol.iterator](): IterableIterator<[number, Value]> {
    for (const id of this.keys()) yield [id, this.get(id)!];
  }
}

export class IdrState {
  readonly entries = new IdMap();
  /** Ids allocated but still NULL (not yet published with idr_replace). */
  nullCount = 0;
  /** idr_next: where the cyclic allocator starts looking. */
  cursor = 0;
  /** A label for reports: `ns level 0`. */
  constructor(public label: string) {}

  get size(): number {
    return this.entries.size;
  }

  /** Lowest free id in [start, end), or -1. */
  findFree(start: number, end: number): number {
    const limit = end > 0 ? end : ID_LIMIT;
    for (let id = start; id < limit; id++) if (!this.entries.has(id)) return id;
    return -1;
  }

  /** The id idr_alloc_cyclic would pick, or -1 when [start, end) is full. */
  findFreeCyclic(start: number, end: number): number {
    const from = this.cursor < start ? start : this.cursor;
    const id = this.findFree(from, end);
    if (id >= 0 || from <= start) return id;
    // Wrap around: the kernel retries once from `start` over the whole range.
    return this.findFree(start, end);
  }

  insert(id: number, entry: Value): void {
    this.entries.set(id, entry);
    if (entry === null || entry === 0) this.nullCount++;
  }

  /** Replaces the entry at `id`; returns false when the id is not allocated. */
  replace(id: number, entry: Value): { found: boolean; old: Value } {
    if (!this.entries.has(id)) return { found: false, old: null };
    const old = this.entries.get(id)!;
    if (old === null || old === 0) this.nullCount--;
    if (entry === null || entry === 0) this.nullCount++;
    this.entries.set(id, entry);
    return { found: true, old };
  }

  /** Removes `id`; returns undefined when it was not allocated. */
  remove(id: number): Value | undefined {
    if (!this.entries.has(id)) return undefined;
    const old = this.entries.get(id)!;
    if (old === null || old === 0) this.nullCount--;
    this.entries.delete(id);
    return old;
  }

  find(id: number): Value {
    return this.entries.get(id) ?? null;
  }

  /** Ids whose entry is still NULL (allocated, never published). */
  nullIds(): number[] {
    const out: number[] = [];
    for (const [id, v] of this.entries) if (v === null || v === 0) out.push(id);
    return out;
  }
}
