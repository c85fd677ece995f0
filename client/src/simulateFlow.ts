/**
 * What our client does when a simulation is asked for (the lens, the command
 * palette), with the editor behind a small interface so it is testable without
 * VS Code: ask first in an untrusted workspace, run the server's
 * `locklens.simulate` under a cancellable progress notification, then open the
 * report and write the one-line summary to the output channel.
 */
import type { SimulateCommandOptions } from '../../server/src/protocol';
import { mustAskBeforeSimulating, simulationFailureMessage, UNTRUSTED_SIMULATION_PROMPT } from './reportText';
import { readSimulationResult, simulationSummaryLine, type SimulationReportInput } from './simulationResult';

export interface CancelToken {
  readonly isCancellationRequested: boolean;
}

/** The editor, as the flow needs it (extension glue: client/src/commands.ts). */
export interface SimulateUi {
  isTrusted(): boolean;
  /** Asks a modal question; true to go on. */
  confirm(prompt: string): Promise<boolean>;
  /** Runs `task` under a cancellable progress notification titled `title`. */
  withProgress<T>(title: string, task: (report: (message: string) => void, token: CancelToken) => Promise<T>): Promise<T>;
  /** `workspace/executeCommand locklens.simulate` with `args`, forwarding the server's progress messages; rejects when cancelled. */
  execute(args: unknown[], token: CancelToken, onProgress: (message: string) => void): Promise<unknown>;
  showReport(result: SimulationReportInput): void;
  log(line: string): void;
  warn(message: string): void;
}

export type SimulateOutcome = 'declined' | 'cancelled' | 'failed' | 'no-result' | 'shown';

export const SIMULATION_PROGRESS_TITLE = 'Kernel Lock Lens: simulating contention';

/** The server's one-line summary when it sent one, else ours from the result. */
function summaryOf(payload: unknown, result: SimulationReportInput): string {
  const said = (payload as { summary?: unknown } | null)?.summary;
  return typeof said === 'string' ? said : simulationSummaryLine(result);
}

export class SimulateFlow {
  /** A yes in an untrusted workspace holds until the window reloads. */
  private allowedThisSession = false;

  constructor(private readonly ui: SimulateUi) {}

  /** Simulates the function at `[uri, position]`; resolves with what happened and the server's answer. */
  async run(target: [string, unknown]): Promise<{ outcome: SimulateOutcome; payload: unknown }> {
    const ui = this.ui;
    if (mustAskBeforeSimulating(ui.isTrusted(), this.allowedThisSession)) {
      if (!(await ui.confirm(UNTRUSTED_SIMULATION_PROMPT))) return { outcome: 'declined', payload: null };
      this.allowedThisSession = true;
    }
    // We show the result ourselves: the server need not send it as a message too.
    const options: SimulateCommandOptions = { quiet: true };
    let cancelled = false;
    let payload: unknown;
    try {
      payload = await ui.withProgress(SIMULATION_PROGRESS_TITLE, (report, token) =>
        ui.execute([target[0], target[1], options], token, report).catch((err: unknown) => {
          cancelled = token.isCancellationRequested;
          throw err;
        }));
    } catch (err) {
      if (cancelled) {
        ui.log('simulation cancelled');
        return { outcome: 'cancelled', payload: null };
      }
      const message = err instanceof Error ? err.message : String(err);
      ui.log(`simulation failed: ${message}`);
      ui.warn(`Kernel Lock Lens: the simulation failed: ${message}`);
      return { outcome: 'failed', payload: null };
    }
    const result = readSimulationResult(payload);
    if (!result) {
      const message = simulationFailureMessage(payload);
      ui.log(message);
      ui.warn(message);
      return { outcome: 'no-result', payload };
    }
    ui.log(`simulation: ${summaryOf(payload, result)}`);
    ui.showReport(result);
    return { outcome: 'shown', payload };
  }
}
