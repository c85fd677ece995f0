/**
 * Maximum acquires per lock over all paths: the longest path through the
 * CFG's acyclic condensation, weighted by each block's acquires. A lock
 * acquired inside a cycle (a loop, a `goto retry`) has no bound (null).
 */
import { successors, type Cfg } from './cfg';

/** Strongly connected components of the blocks reachable from the entry (iterative Tarjan). */
export function stronglyConnected(cfg: Cfg): { component: Int32Array; cyclic: boolean[]; order: number[][] } {
  const n = cfg.blocks.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const component = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  const comps: number[][] = [];
  let counter = 0;
  const succ = (b: number): number[] => successors(cfg, b);
  const call: Array<{ v: number; edges: number[]; i: number }> = [];
  const start = (v: number) => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    call.push({ v, edges: succ(v), i: 0 });
  };
  start(cfg.entry);
  while (call.length) {
    const frame = call[call.length - 1];
    if (frame.i < frame.edges.length) {
      const w = frame.edges[frame.i++];
      if (index[w] === -1) start(w);
      else if (onStack[w]) low[frame.v] = Math.min(low[frame.v], index[w]);
      continue;
    }
    call.pop();
    if (call.length) low[call[call.length - 1].v] = Math.min(low[call[call.length - 1].v], low[frame.v]);
    if (low[frame.v] === index[frame.v]) {
      const comp: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = 0;
        component[w] = comps.length;
        comp.push(w);
      } while (w !== frame.v);
      comps.push(comp);
    }
  }
  const cyclic = comps.map((c) => c.length > 1 || succ(c[0]).includes(c[0]));
  // Tarjan emits components in reverse topological order.
  return { component, cyclic, order: comps };
}

/**
 * For each lock in `weights` (block id → acquires in that block), the most
 * acquires any path makes, or null when a cycle can repeat one.
 */
export function maxAcquires(cfg: Cfg, weights: Map<string, Map<number, number | null>>): Map<string, number | null> {
  const { component, cyclic, order } = stronglyConnected(cfg);
  const out = new Map<string, number | null>();
  for (const [lock, perBlock] of weights) {
    let unbounded = false;
    for (const [b, w] of perBlock) {
      if (component[b] < 0 || !w) continue;
      if (w === null || cyclic[component[b]]) unbounded = true;
    }
    for (const [, w] of perBlock) if (w === null) unbounded = true;
    if (unbounded) {
      out.set(lock, null);
      continue;
    }
    // Longest path: components in reverse topological order, so successors come first.
    const best = new Float64Array(order.length);
    for (let c = 0; c < order.length; c++) {
      let weight = 0;
      let next = 0;
      for (const b of order[c]) {
        weight += perBlock.get(b) ?? 0;
        for (const s of successors(cfg, b)) if (component[s] >= 0 && component[s] !== c) next = Math.max(next, best[component[s]]);
      }
      best[c] = weight + next;
    }
    out.set(lock, best[component[cfg.entry]]);
  }
  return out;
}
