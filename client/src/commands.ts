/**
 * Client-side commands and the interception of server commands that need our
 * UI (the lens's report command opens a markdown preview; simulate asks for
 * trust, shows progress with cancel, and opens the report webview).
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { COMMANDS, FUNCTION_REPORT_REQUEST, type FunctionReportResult } from '../../server/src/protocol';
import { SimulationPanel } from './simulationPanel';
import { readSimulationResult, simulationSummaryLine } from './simulationResult';
import { mustAskBeforeSimulating, reportDocumentPath, simulationFailureMessage, SIMULATE_ANYWAY, UNTRUSTED_SIMULATION_PROMPT } from './reportText';

export const REPORT_SCHEME = 'locklens-report';

/** Read-only markdown documents for function reports (no "save changes?" on close). */
export class ReportDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  async show(report: NonNullable<FunctionReportResult>): Promise<void> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: reportDocumentPath(report.function) });
    this.contents.set(uri.toString(), report.markdown);
    this.changed.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // No markdown preview (disabled built-in extension): show the markdown source instead.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }
  }
}

export interface CommandDeps {
  context: vscode.ExtensionContext;
  client: () => LanguageClient | undefined;
  output: vscode.LogOutputChannel;
  reports: ReportDocuments;
}

let simulationAllowedThisSession = false;

/** `[uri, position]` of the active C editor, the arguments the server's position commands take. */
function cursorArguments(): unknown[] | null {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'c') return null;
  return [editor.document.uri.toString(), { line: editor.selection.active.line, character: editor.selection.active.character }];
}

async function runSimulation(deps: CommandDeps, args: unknown[]): Promise<unknown> {
  const client = deps.client();
  if (!client) return null;
  const callArgs = args.length ? args : cursorArguments();
  if (!callArgs) {
    void vscode.window.showInformationMessage('Kernel Lock Lens: put the cursor in a C function to simulate it.');
    return null;
  }
  if (mustAskBeforeSimulating(vscode.workspace.isTrusted, simulationAllowedThisSession)) {
    const answer = await vscode.window.showWarningMessage(UNTRUSTED_SIMULATION_PROMPT, { modal: true }, SIMULATE_ANYWAY);
    if (answer !== SIMULATE_ANYWAY) return null;
    simulationAllowedThisSession = true;
  }
  const payload = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Kernel Lock Lens: simulating contention…', cancellable: true },
    (_progress, token) => client.sendRequest(ExecuteCommandRequest.type, { command: COMMANDS.simulate, arguments: callArgs }, token),
  );
  const result = readSimulationResult(payload);
  if (!result) {
    void vscode.window.showWarningMessage(simulationFailureMessage(payload));
    return payload;
  }
  deps.output.info(`simulation: ${simulationSummaryLine(result)}`);
  SimulationPanel.show(deps.context.extensionUri, result);
  return payload;
}

/** Middleware for commands the server advertises (vscode-languageclient registers those ids itself). */
export function commandMiddleware(deps: CommandDeps): Middleware['executeCommand'] {
  return async (command, args, next) => {
    if (command === COMMANDS.simulate) return runSimulation(deps, args);
    const result = await next(command, args);
    if (command === COMMANDS.functionReportAt && result && typeof (result as { markdown?: unknown }).markdown === 'string') {
      await deps.reports.show(result as NonNullable<FunctionReportResult>);
    }
    return result;
  };
}

/** Commands only this client provides (registered before the server starts: the status bar links to one). */
export function registerClientCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showFunctionReport, async () => {
      const client = deps.client();
      const args = cursorArguments();
      if (!client?.isRunning() || !args) {
        void vscode.window.showInformationMessage('Kernel Lock Lens: open a C file and put the cursor in a function (and let the server start).');
        return;
      }
      const report = await client.sendRequest<FunctionReportResult>(FUNCTION_REPORT_REQUEST, { uri: args[0], position: args[1] });
      if (report) await deps.reports.show(report);
      else void vscode.window.showInformationMessage('Kernel Lock Lens: the cursor is not inside a function.');
    }),
    vscode.commands.registerCommand(COMMANDS.openSimulationReport, () => {
      const latest = SimulationPanel.latest;
      if (latest) SimulationPanel.show(deps.context.extensionUri, latest);
      else void vscode.window.showInformationMessage('Kernel Lock Lens: no simulation has run yet. Use "▶ Simulate contention" above a function.');
    }),
  ];
}

/**
 * Server commands the server did not advertise (so vscode-languageclient did not
 * register them) but the manifest lists: they answer instead of failing as unknown.
 */
export function registerMissingServerCommands(serverCommands: readonly string[]): vscode.Disposable[] {
  const fallbacks: Record<string, string> = {
    [COMMANDS.simulate]: 'Kernel Lock Lens: this build of the language server has no contention simulator.',
    [COMMANDS.reanalyze]: 'Kernel Lock Lens: the language server is not running; see the "Kernel Lock Lens" output.',
    [COMMANDS.functionReportAt]: 'Kernel Lock Lens: the language server is not running; see the "Kernel Lock Lens" output.',
  };
  return Object.entries(fallbacks)
    .filter(([command]) => !serverCommands.includes(command))
    .map(([command, message]) => vscode.commands.registerCommand(command, () => vscode.window.showInformationMessage(message)));
}
