/**
 * Test-only faults, so the LSP tests can prove the server recovers from failures
 * the real engine should never produce. Inert unless LOCKLENS_FAULT_INJECTION=1
 * is set in the server's environment; then a document containing a marker comment
 * makes its analysis throw, crash the worker, or hang.
 */
export type Fault = 'throw' | 'crash' | 'hang';

const ENABLED = process.env.LOCKLENS_FAULT_INJECTION === '1';

export function injectedFault(text: string): Fault | null {
  if (!ENABLED) return null;
  const m = /\/\*locklens:(throw|crash|hang)\*\//.exec(text);
  return m ? (m[1] as Fault) : null;
}

/** Acts out a fault inside the analysis (the worker thread, when there is one). */
export function actOut(fault: Fault | null): void {
  if (fault === 'throw') throw new Error('injected fault: analysis threw');
  if (fault === 'crash') process.exit(70);
  if (fault === 'hang') for (;;) { /* until the job's time limit stops the worker */ }
}

/** The job time limit, shortened by tests through LOCKLENS_JOB_TIME_LIMIT_MS. */
export function jobTimeLimitMs(defaultMs: number): number {
  const v = Number(process.env.LOCKLENS_JOB_TIME_LIMIT_MS);
  return ENABLED && Number.isFinite(v) && v > 0 ? v : defaultMs;
}
