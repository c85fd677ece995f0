/** Timing and summary statistics for the benchmarks: medians over repeats, never single runs. */
import * as fs from 'fs';

/** Summary of repeated samples (milliseconds unless stated). */
export interface Samples {
  median: number;
  p90: number;
  min: number;
  runs: number;
}

export function summarize(xs: number[]): Samples {
  if (!xs.length) throw new Error('no samples');
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p90: at(0.9), min: s[0], runs: s.length };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Milliseconds `fn` takes once. */
export function timeOnce(fn: () => void): number {
  const t0 = nowMs();
  fn();
  return nowMs() - t0;
}

/** Milliseconds an async `fn` takes once. */
export async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = nowMs();
  await fn();
  return nowMs() - t0;
}

/** Collects garbage between measurements when node runs with --expose-gc, so one run's garbage is not billed to the next. */
export function settle(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Peak and current resident set of a process, from /proc (Linux); null elsewhere. */
export function residentMemory(pid: number): { peakMb: number; currentMb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    const peak = kb('VmHWM');
    const current = kb('VmRSS');
    if (!Number.isFinite(peak) || !Number.isFinite(current)) return null;
    return { peakMb: peak / 1024, currentMb: current / 1024 };
  } catch {
    return null;
  }
}
