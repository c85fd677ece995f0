/**
 * Client-side commands and the interception of server commands that need our
 * UI (the lens's report command opens a markdown preview; simulate asks for
 * trust, shows progress with cancel, and opens the report webview).
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { COMMANDS, FUNCTION_REPORT_REQUEST, type FunctionReportResult } from '../../server/src/protocol';
import { SimulationPanel } from './simulationPanel';
import { reportDocumentPath, SIMULATE_ANYWAY } from './reportText';
import { SimulateFlow, type SimulateUi } from './simulateFlow';

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

/** `[uri, position]` of the active C editor, the arguments the server's position commands take. */
function cursorArguments(): unknown[] | null {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'c') return null;
  return [editor.document.uri.toString(), { line: editor.selection.active.line, character: editor.selection.active.character }];
}

/** The VS Code side of the simulate flow (the flow itself is client/src/simulateFlow.ts). */
function simulateUi(deps: CommandDeps, client: LanguageClient): SimulateUi {
  return {
    isTrusted: () => vscode.workspace.isTrusted,
    confirm: async (prompt) => (await vscode.window.showWarningMessage(prompt, { modal: true }, SIMULATE_ANYWAY)) === SIMULATE_ANYWAY,
    withProgress: (title, task) => Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => task((message) => progress.report({ message }), token),
    )),
    execute: async (args, token, onProgress) => {
      // Our own work-done token: the server reports on it instead of creating a second progress.
      const workDoneToken = `locklens-simulate-${crypto.randomUUID()}`;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind !== 'end' && value.message) onProgress(value.message);
      });
      try {
        return await client.sendRequest(ExecuteCommandRequest.type, { command: COMMANDS.simulate, arguments: args, workDoneToken }, token as vscode.CancellationToken);
      } finally {
        listener.dispose();
      }
    },
    showReport: (result) => SimulationPanel.show(deps.context.extensionUri, result),
    log: (line) => deps.output.info(line),
    warn: (message) => void vscode.window.showWarningMessage(message),
  };
}

let simulateFlow: SimulateFlow | null = null;

async function runSimulation(deps: CommandDeps, args: unknown[]): Promise<unknown> {
  const client = deps.client();
  if (!client) return null;
  const target = typeof args[0] === 'string' && args.length >= 2 ? args : cursorArguments();
  if (!target) {
    void vscode.window.showInformationMessage('Kernel Lock Lens: put the cursor in a C function to simulate it.');
    return null;
  }
  simulateFlow ??= new SimulateFlow(simulateUi(deps, client));
  return (await simulateFlow.run([target[0] as string, target[1]])).payload;
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
