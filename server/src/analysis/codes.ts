/**
 * The diagnostic codes the analysis can report, with a one-line description each:
 * SARIF rules, the manifest's severity setting and the README's code sections are
 * checked against this list by tests, so a new code cannot ship undocumented.
 */

export interface DiagnosticCodeInfo {
  code: string;
  /** Severity before any `locklens.severity` override. */
  defaultSeverity: 'error' | 'warning' | 'information' | 'hint';
  /** One sentence, for SARIF `shortDescription` and the manifest. */
  summary: string;
}

export const DIAGNOSTIC_CODES: readonly DiagnosticCodeInfo[] = [
  { code: 'lock/held-at-return', defaultSeverity: 'error', summary: 'A path returns with a lock still held that the function does not declare it returns holding.' },
  { code: 'lock/release-unheld', defaultSeverity: 'error', summary: 'A lock is released on a path where it is not held.' },
  { code: 'lock/double-acquire', defaultSeverity: 'error', summary: 'A non-recursive lock is acquired while already held: a self-deadlock.' },
  { code: 'lock/mismatched-release', defaultSeverity: 'warning', summary: 'A lock is released with an API that does not pair with the one that took it (e.g. spin_lock_irqsave / spin_unlock).' },
  { code: 'lock/back-to-back', defaultSeverity: 'information', summary: 'The common path releases a lock and takes it again: one more contended round trip per call.' },
  { code: 'atomic/sleep-in-atomic', defaultSeverity: 'error', summary: 'A function that may sleep is called in atomic context (spinlock held, interrupts or preemption off, RCU read side).' },
  { code: 'idr/preload-unbalanced', defaultSeverity: 'error', summary: 'idr_preload() is not followed by idr_preload_end() on every path (it leaves preemption disabled).' },
  { code: 'idr/preload-under-lock', defaultSeverity: 'error', summary: 'idr_preload(GFP_KERNEL) is called with a spinlock held, where it may not sleep.' },
  { code: 'idr/alloc-without-preload', defaultSeverity: 'warning', summary: 'An atomic idr_alloc*() call under a spinlock is not covered by idr_preload().' },
  { code: 'idr/multiple-allocs-per-preload', defaultSeverity: 'warning', summary: 'Several GFP_ATOMIC idr_alloc*() calls draw on one idr_preload(), which preloads for one allocation: later ones need an -ENOMEM retry.' },
];

export type DiagnosticCode =
  | 'lock/held-at-return' | 'lock/release-unheld' | 'lock/double-acquire' | 'lock/mismatched-release' | 'lock/back-to-back'
  | 'atomic/sleep-in-atomic'
  | 'idr/preload-unbalanced' | 'idr/preload-under-lock' | 'idr/alloc-without-preload' | 'idr/multiple-allocs-per-preload';

/** The default severity of a code the engine reports. */
export function defaultSeverity(code: DiagnosticCode): DiagnosticCodeInfo['defaultSeverity'] {
  return BY_CODE.get(code)?.defaultSeverity ?? 'warning';
}

const BY_CODE = new Map(DIAGNOSTIC_CODES.map((c) => [c.code, c]));

/** The catalogue entry for `code`, or undefined for a code this list does not know yet. */
export function codeInfo(code: string): DiagnosticCodeInfo | undefined {
  return BY_CODE.get(code);
}
