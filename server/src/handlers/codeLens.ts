/** Code lenses above each function that takes locks: `pidmap_lock ×2 per call · back-to-back`. */
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { COMMANDS } from '../protocol';
import { lockLine, takesLock } from './lockText';
import { toPosition, toRange } from './positions';

/**
 * One lens per lock, so editors show them side by side. Each runs the server's
 * report command, which any client can execute; ours may intercept it to show the
 * full report.
 */
export function codeLensesFor(analysis: FileAnalysis, settings: LockLensSettings, uri: string): CodeLens[] {
  if (!settings.enable || !settings.codeLens.enable) return [];
  const out: CodeLens[] = [];
  for (const fn of analysis.functions) {
    const range = toRange(fn.nameSpan);
    for (const lock of fn.locks) {
      if (!takesLock(lock)) continue;
      const title = lockLine(lock);
      out.push({ range, command: { title, command: COMMANDS.functionReportAt, arguments: [uri, toPosition(fn.nameSpan.start)] } });
    }
  }
  return out;
}
