/**
 * The fuzzers' randomness: a seeded generator (mulberry32), so the same seed
 * gives the same cases on every machine, and a way to derive one seed per case
 * so a single failing case can be regenerated on its own.
 */

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi], inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Small sizes far more often than large ones (log-uniform in [1, max]). */
  size(max: number): number {
    return Math.max(1, Math.floor(Math.exp(this.next() * Math.log(max + 1))));
  }
}

/** Mixes a base seed with labels (FNV-1a over their text): one independent seed per target and case. */
export function deriveSeed(base: number, ...parts: Array<string | number>): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (const ch of parts.join('/')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
