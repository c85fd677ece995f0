/**
 * Code lenses above each function that takes locks: `pidmap_lock ×2 per call ·
 * back-to-back`, then `▶ Simulate contention` where the simulator has a workload.
 */
import type { CodeLens } from 'vscode-languageserver-protocol';
import type { FileAnalysis, FunctionFacts } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { COMMANDS } from '../protocol';
import { lockLine, takesLock } from './lockText';
import { toPosition, toRange } from './positions';
import { usesThreadWorkload, workloadPhrase } from './simulate';

export const SIMULATE_LENS_TITLE = '▶ Simulate contention';

/**
 * Functions worth simulating: alloc_pid()/free_pid() in a file defining both (the
 * thread create/exit workload, whatever the lock facts say), and any other function
 * that takes a lock (called in a loop). A function without locks has no contention
 * to show, so it gets no lens.
 */
export function simulatable(analysis: FileAnalysis, fn: FunctionFacts): boolean {
  return usesThreadWorkload(analysis, fn.name) || fn.locks.some(takesLock);
}

/**
 * One lens per lock, so editors show them side by side, and the simulate lens after
 * them. Both run server commands any client can execute (ours intercepts them for
 * the full report and the report webview). The simulate lens exists only when the
 * server has its simulator (`simulationAvailable`), never as a dead button.
 */
export function codeLensesFor(analysis: FileAnalysis, settings: LockLensSettings, uri: string, simulationAvailable = false): CodeLens[] {
  if (!settings.enable) return [];
  const simulate = simulationAvailable && settings.codeLens.simulate;
  const out: CodeLens[] = [];
  for (const fn of analysis.functions) {
    const range = toRange(fn.nameSpan);
    const at = toPosition(fn.nameSpan.start);
    if (settings.codeLens.enable) {
      for (const lock of fn.locks) {
        if (!takesLock(lock)) continue;
        out.push({ range, command: { title: lockLine(lock), command: COMMANDS.functionReportAt, arguments: [uri, at] } });
      }
    }
    if (simulate && simulatable(analysis, fn)) {
      const tooltip = `Simulate ${workloadPhrase(analysis, fn, settings)}, from the current text, against the saved version`;
      out.push({ range, command: { title: SIMULATE_LENS_TITLE, tooltip, command: COMMANDS.simulate, arguments: [uri, at] } });
    }
  }
  return out;
}
