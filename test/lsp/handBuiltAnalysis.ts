/**
 * A hand-built FileAnalysis shaped like what the engine should report for
 * samples/pidmap/pid_before.c's `alloc_pid`, for testing handlers without the engine.
 */
import type { AllocSite, FileAnalysis, FunctionFacts, LockSite, SourceSpan } from '../../server/src/analysis/types';

/** A one-line span: 1-based line, 0-based columns. */
export function span(line: number, column: number, endColumn: number): SourceSpan {
  return { start: { line, column }, end: { line, column: endColumn } };
}

const lock75 = span(75, 2, 25);
const unlock89 = span(89, 2, 27);
const lock116 = span(116, 1, 24);
const unlock124 = span(124, 1, 26);
const unlock130 = span(130, 1, 26);
const lock135 = span(135, 1, 24);
const unlock145 = span(145, 1, 26);

function site(op: LockSite['op'], s: SourceSpan, index: number | null, onCommonPath: boolean, partners: SourceSpan[]): LockSite {
  return { lock: 'pidmap_lock', op, api: op === 'acquire' ? 'spin_lock' : 'spin_unlock', span: s, commonPathIndex: index, onCommonPath, partners };
}

export const idrAlloc: AllocSite = {
  api: 'idr_alloc',
  span: span(77, 8, 63),
  gfp: 'GFP_ATOMIC',
  locksHeld: ['pidmap_lock'],
  atomic: true,
  preload: { span: span(74, 2, 26), gfp: 'GFP_KERNEL' },
  preloadUse: { index: 1, of: 1 },
  notes: [],
};

export const allocPid: FunctionFacts = {
  name: 'alloc_pid',
  startLine: 35,
  endLine: 149,
  nameSpan: span(35, 12, 21),
  locks: [{
    lock: 'pidmap_lock',
    kind: 'spinlock',
    acquiresOnCommonPath: 2,
    acquiresMax: null,
    acquiresFormula: 'ns->level + 2',
    regions: [{ startLine: 75, endLine: 89 }, { startLine: 116, endLine: 124 }, { startLine: 135, endLine: 145 }],
    backToBack: true,
    heldAtReturn: false,
    heldOnEntry: false,
  }],
  sites: [
    site('acquire', lock75, 1, true, [unlock89]),
    site('release', unlock89, null, true, [lock75]),
    site('acquire', lock116, 2, true, [unlock124, unlock130]),
    site('release', unlock124, null, true, [lock116]),
    site('release', unlock130, null, false, [lock116]),
    site('acquire', lock135, null, false, [unlock145]),
    site('release', unlock145, null, false, [lock135]),
  ],
  allocSites: [idrAlloc],
  maySleep: true,
  notes: [],
};

export const noLocks: FunctionFacts = {
  name: 'helper',
  startLine: 151,
  endLine: 156,
  nameSpan: span(151, 5, 11),
  locks: [],
  sites: [],
  maySleep: false,
  notes: [],
};

export function analysis(): FileAnalysis {
  return {
    path: '/src/pid_before.c',
    functions: [allocPid, noLocks],
    findings: [{
      code: 'lock/back-to-back',
      severity: 'information',
      message: 'pidmap_lock is released and taken again on the common path',
      span: lock116,
      function: 'alloc_pid',
      related: [{ span: unlock89, message: 'released here' }],
    }],
    skipped: null,
  };
}
