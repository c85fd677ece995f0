/** Small texts for the commands, kept apart from the VS Code glue so they are testable. */

/** The modal question asked before simulating in an untrusted workspace. */
export const UNTRUSTED_SIMULATION_PROMPT =
  'This workspace is not trusted. Simulating interprets the function\'s C text in Kernel Lock Lens\'s own model '
  + '(nothing is compiled or run natively), but it does act on the workspace\'s code. Simulate anyway?';

export const SIMULATE_ANYWAY = 'Simulate';

/** Whether to ask before simulating: only in an untrusted workspace, and once per session after a yes. */
export function mustAskBeforeSimulating(isTrusted: boolean, allowedThisSession: boolean): boolean {
  return !isTrusted && !allowedThisSession;
}

/** The read-only document name of a function's report: `alloc_pid — lock report.md`. */
export function reportDocumentPath(fn: string): string {
  return `/${fn.replace(/[^\w.-]/g, '_')} — lock report.md`;
}

/** What the server's simulate command returned when it is not a result: its message, or a generic one. */
export function simulationFailureMessage(payload: unknown): string {
  const p = payload as { message?: unknown; error?: unknown } | null;
  const said = typeof p?.message === 'string' ? p.message : typeof p?.error === 'string' ? p.error : null;
  return `Kernel Lock Lens: the simulation gave no result${said ? `: ${said}` : '.'}`;
}
