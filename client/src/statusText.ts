/** The status-bar item's text: the server's state, and the lock summary of the function at the cursor. */
import type { FunctionReportResult, ServerStatusParams } from '../../server/src/protocol';

export interface StatusView {
  text: string;
  tooltip: string;
  isError: boolean;
}

/** The status bar is narrow: long summaries end in an ellipsis (the tooltip has it all). */
export const MAX_STATUS_CHARS = 64;

export function truncate(text: string, max: number = MAX_STATUS_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** `$(…)` starts a codicon in a status-bar text: a summary containing one must not render as an icon. */
function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}

export function statusView(status: ServerStatusParams, report: FunctionReportResult): StatusView {
  switch (status.state) {
    case 'starting':
      return { text: '$(sync~spin) Lock Lens', tooltip: 'Kernel Lock Lens: starting the language server', isError: false };
    case 'error':
      return {
        text: '$(error) Lock Lens',
        tooltip: `Kernel Lock Lens: ${status.message ?? 'the language server failed'} — see the "Kernel Lock Lens" output`,
        isError: true,
      };
    case 'ready':
    default:
      if (!report) return { text: '$(lock) Lock Lens', tooltip: 'Kernel Lock Lens: ready (place the cursor in a function for its lock summary)', isError: false };
      return {
        text: `$(lock) ${escapeIcons(truncate(report.summary))}`,
        tooltip: `Kernel Lock Lens — ${report.summary}\nClick for the full lock report of ${report.function}().`,
        isError: false,
      };
  }
}
