/**
 * The analysis results: what the LSP handlers, the CLI and the tests consume.
 * Lines are 1-based here (as in the CLI's JSON contract); columns are 0-based UTF-16.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A point in the source: 1-based line, 0-based UTF-16 column. */
export interface SourcePoint {
  line: number;
  column: number;
}

export interface SourceSpan {
  start: SourcePoint;
  end: SourcePoint;
}

export interface RelatedLocation {
  span: SourceSpan;
  message: string;
}

/** One diagnostic, independent of LSP. Codes are a contract: see diagnostics/codes.ts. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  span: SourceSpan;
  /** The function it was found in. */
  function: string;
  related: RelatedLocation[];
}

/** A range of lines run with a lock held (1-based, inclusive). */
export interface LineRegion {
  startLine: number;
  endLine: number;
}

/** A lock operation site, for hovers, inlay hints and document highlights. */
export interface LockSite {
  lock: string;
  op: 'acquire' | 'release';
  /** The called API, e.g. `spin_lock_irqsave` or `guard(spinlock)`. */
  api: string;
  span: SourceSpan;
  /** 1-based position of this acquire among the function's common-path acquires of this lock, or null when off the common path. */
  commonPathIndex: number | null;
  /** True when this site is reached on the common path. */
  onCommonPath: boolean;
  /** For an acquire: the release sites that can end the region it opens. For a release: the acquire sites it can end. */
  partners: SourceSpan[];
}

/**
 * An `idr_*` or memory-allocation call, for hovers. Filled by the IDR/atomic
 * analysis; optional so that engines which do not produce it still type-check.
 */
export interface AllocSite {
  /** The called API: `idr_alloc_cyclic`, `idr_preload`, `kmalloc`. */
  api: string;
  span: SourceSpan;
  /** The GFP argument as written (`GFP_ATOMIC`), or null when the API takes none. */
  gfp: string | null;
  /** Normalised locks held at the call on the common path, outermost first. */
  locksHeld: string[];
  /** True when the call runs in atomic context (spinlock held, irqs/preemption off, RCU read side). */
  atomic: boolean;
  /** The `idr_preload()` whose memory this call draws on, or null when none covers it. */
  preload: { span: SourceSpan; gfp: string | null } | null;
  /** This call's 1-based place among the allocations sharing that preload, and how many share it. */
  preloadUse: { index: number; of: number } | null;
  /** Short explanations to show as they are (e.g. "a second GFP_ATOMIC allocation under one preload needs an -ENOMEM retry"). */
  notes: string[];
}

export interface LockFacts {
  /** Normalised lock expression: `pidmap_lock`, `ns->lock`. */
  lock: string;
  /** The lock's class: spinlock, mutex, rwlock, rwsem, semaphore, rcu, preempt, irq, bit_spinlock, ... */
  kind: string;
  acquiresOnCommonPath: number;
  /** Maximum over paths; null when unbounded (an acquire in a loop). */
  acquiresMax: number | null;
  /** A C-like expression in the function's variables when a loop bound is symbolic, else null. */
  acquiresFormula: string | null;
  regions: LineRegion[];
  /** True when the common path releases and re-acquires it. */
  backToBack: boolean;
  /** Held when the function returns on its common path (a `_lock` helper), or declared by `__acquires`. */
  heldAtReturn: boolean;
  /** Released without being taken here: the caller holds it on entry. */
  heldOnEntry: boolean;
  /** What the lock protects here: the variables and fields written with it held (up to 8), in source order. */
  writes?: string[];
}

export interface FunctionFacts {
  name: string;
  /** 1-based inclusive lines of the whole definition. */
  startLine: number;
  endLine: number;
  nameSpan: SourceSpan;
  locks: LockFacts[];
  sites: LockSite[];
  /** `idr_*` and allocation calls, for hovers; absent when the engine does not report them. */
  allocSites?: AllocSite[];
  /** True when some path calls something that may sleep. */
  maySleep: boolean;
  /** Why the engine stayed quiet or was partial (ERROR nodes, budget), for hovers and the CLI. */
  notes: string[];
}

export interface FileAnalysis {
  path: string;
  functions: FunctionFacts[];
  findings: Finding[];
  /** Problems with the file as a whole (too large, binary), reported instead of analysing it. */
  skipped: string | null;
}
