/** `workspace/executeCommand`: re-analyse, and the code lenses' report and simulate commands. */
import type { FunctionReportResult } from '../protocol';
import { COMMANDS } from '../protocol';

export interface CommandContext {
  /** Re-analyses the given open documents (all when empty); returns how many. */
  reanalyze(uris: string[]): Promise<number>;
  functionReport(uri: string, position: { line: number; character: number }): Promise<FunctionReportResult>;
  showMessage(message: string): void;
  /** `locklens.simulate` with its raw arguments (see handlers/simulate.ts). */
  simulate(args: unknown[]): Promise<unknown>;
}

/**
 * Commands the server advertises. `showFunctionReport` (no arguments, the cursor's
 * function) stays with our client: advertising it would make vscode-languageclient
 * register the same command id a second time.
 */
export const SERVER_COMMANDS = [COMMANDS.reanalyze, COMMANDS.functionReportAt];

/** The advertised commands: `locklens.simulate` too when the simulator's worker is there. */
export function serverCommands(simulationAvailable: boolean): string[] {
  return simulationAvailable ? [...SERVER_COMMANDS, COMMANDS.simulate] : [...SERVER_COMMANDS];
}

function isPosition(v: unknown): v is { line: number; character: number } {
  const p = v as { line?: unknown; character?: unknown } | null;
  return !!p && typeof p.line === 'number' && typeof p.character === 'number';
}

export async function executeCommand(command: string, args: unknown[], ctx: CommandContext): Promise<unknown> {
  switch (command) {
    case COMMANDS.reanalyze: {
      const uris = args.filter((a): a is string => typeof a === 'string');
      return { analyzed: await ctx.reanalyze(uris) };
    }
    case COMMANDS.functionReportAt: {
      const [uri, position] = args;
      if (typeof uri !== 'string' || !isPosition(position)) return null;
      const report = await ctx.functionReport(uri, position);
      ctx.showMessage(report ? report.summary : 'Kernel Lock Lens: no function here.');
      return report;
    }
    case COMMANDS.simulate:
      return ctx.simulate(args);
    default:
      return null;
  }
}
