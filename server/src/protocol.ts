/**
 * Custom LSP requests and notifications (`locklens/<verb>`), shared by server and client.
 * Plain method names and payload types so that neither side needs the other's library.
 */

/** Server → client: the lines run under each lock, for decorations. */
export const LOCK_REGIONS_NOTIFICATION = 'locklens/lockRegions';

export interface LockRegionsParams {
  uri: string;
  version: number | null;
  /** Lines are 0-based (LSP convention) and inclusive; an empty list clears the document's regions. */
  regions: Array<{ lock: string; kind: string; function: string; startLine: number; endLine: number }>;
}

/** Client → server: the lock report of the function at a position. */
export const FUNCTION_REPORT_REQUEST = 'locklens/functionReport';

export interface FunctionReportParams {
  uri: string;
  /** 0-based LSP position. */
  position: { line: number; character: number };
}

/** Markdown report, plus a one-line summary for the status bar; null when not inside a function. */
export type FunctionReportResult = { function: string; summary: string; markdown: string } | null;

/** Server → client: the server's state, for the status bar. */
export const SERVER_STATUS_NOTIFICATION = 'locklens/status';

export interface ServerStatusParams {
  state: 'starting' | 'ready' | 'error';
  message?: string;
}

/** Command ids (also registered by the server for `workspace/executeCommand`). */
export const COMMANDS = {
  reanalyze: 'locklens.reanalyze',
  showFunctionReport: 'locklens.showFunctionReport',
  /**
   * Server-side command behind the code lenses: `[uri, position]` → FunctionReportResult,
   * and the summary shown with window/showMessage. Advertised by the server, so any LSP
   * client can run it (Neovim runs only advertised commands); a client that wants a richer
   * view intercepts it (vscode-languageclient `middleware.executeCommand`).
   */
  functionReportAt: 'locklens.functionReportAt',
  /**
   * `[uri, position, options?]` → SimulateCommandAnswer: runs the contention simulation of
   * the function at the position (its current text, unsaved edits included) against its
   * saved version, with work-done progress and cancellation. Advertised when the server
   * has its simulator; the summary also goes out as window/showMessage unless `quiet`.
   */
  simulate: 'locklens.simulate',
  openSimulationReport: 'locklens.openSimulationReport',
} as const;

/** Third argument of `locklens.simulate`. */
export interface SimulateCommandOptions {
  /** The client shows the result itself (our VS Code client): no window/showMessage. */
  quiet?: boolean;
}

/**
 * What `locklens.simulate` answers: the result in the JSON form of `locklens simulate
 * --format json` (server/src/simulator/json.ts) plus a one-line summary and what it was
 * compared with; or, when nothing was simulated, only a message saying why. A cancelled
 * run answers the request with the RequestCancelled error instead.
 */
export type SimulateCommandAnswer =
  | ({ opsPerSec: number; function: string; summary: string; comparedWith: 'saved' | null; notCompared: string | null } & Record<string, unknown>)
  | { message: string };
