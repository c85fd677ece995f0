/**
 * Lock regions (from `locklens/lockRegions`) → what to decorate: per lock, its
 * colour and the merged line ranges. Pure, so the VS Code glue only applies it.
 */
import type { LockRegionsParams } from '../../server/src/protocol';
import { colorForLock, type LockColor } from './lockColors';

export type Region = LockRegionsParams['regions'][number];

/** 0-based inclusive line range. */
export interface LineRange { startLine: number; endLine: number }

export interface LockDecoration {
  lock: string;
  kinds: string[];
  color: LockColor;
  ranges: LineRange[];
}

/** Sorts and merges overlapping or touching ranges. */
export function mergeRanges(ranges: LineRange[]): LineRange[] {
  const sorted = ranges.map((r) => ({ ...r })).sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const out: LineRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.startLine <= last.endLine + 1) last.endLine = Math.max(last.endLine, r.endLine);
    else out.push(r);
  }
  return out;
}

/**
 * Groups regions by lock, drops malformed ones and clamps to the document
 * (a notification may describe a slightly older text), and sorts by lock name
 * so that the decorations are applied in a stable order.
 */
export function planDecorations(regions: readonly Region[], overrides: Record<string, unknown>, lineCount: number): LockDecoration[] {
  const byLock = new Map<string, { kinds: Set<string>; ranges: LineRange[] }>();
  for (const r of regions) {
    if (!r || typeof r.lock !== 'string' || !Number.isInteger(r.startLine) || !Number.isInteger(r.endLine)) continue;
    const startLine = Math.max(0, r.startLine);
    const endLine = Math.min(lineCount - 1, r.endLine);
    if (endLine < startLine) continue;
    let entry = byLock.get(r.lock);
    if (!entry) byLock.set(r.lock, (entry = { kinds: new Set(), ranges: [] }));
    if (r.kind) entry.kinds.add(r.kind);
    entry.ranges.push({ startLine, endLine });
  }
  return [...byLock.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([lock, e]) => ({ lock, kinds: [...e.kinds].sort(), color: colorForLock(lock, overrides), ranges: mergeRanges(e.ranges) }));
}

/**
 * Whether a regions notification for `version` still describes a document now at
 * `current`: an older one would paint lines that have moved, so it waits for the next.
 */
export function isCurrent(version: number | null, current: number): boolean {
  return version === null || version >= current;
}
