/** The status-bar item: server state, then the lock summary of the function under the cursor. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, FUNCTION_REPORT_REQUEST, type FunctionReportParams, type FunctionReportResult, type ServerStatusParams } from '../../server/src/protocol';
import { LatestOnly } from './latest';
import { statusView } from './statusText';

/** Long enough to skip the positions a held arrow key passes through. */
const CURSOR_DEBOUNCE_MS = 250;

export class LockStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('locklens.status', vscode.StatusBarAlignment.Left, 50);
  private status: ServerStatusParams = { state: 'starting' };
  private report: FunctionReportResult = null;
  private readonly requests = new LatestOnly<FunctionReportResult>(CURSOR_DEBOUNCE_MS);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.item.name = 'Kernel Lock Lens';
    this.item.command = COMMANDS.showFunctionReport;
    this.subscriptions.push(
      vscode.window.onDidChangeTextEditorSelection((e) => this.cursorMoved(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((e) => this.cursorMoved(e)),
    );
    this.render();
    this.item.show();
  }

  setStatus(status: ServerStatusParams): void {
    this.status = status;
    if (status.state === 'ready') this.cursorMoved(vscode.window.activeTextEditor);
    this.render();
  }

  /** Asks again for the current position (after an analysis changed the facts). */
  refresh(): void {
    this.cursorMoved(vscode.window.activeTextEditor);
  }

  private cursorMoved(editor: vscode.TextEditor | undefined): void {
    if (!editor || editor.document.languageId !== 'c' || this.status.state !== 'ready') {
      this.report = null;
      this.render();
      return;
    }
    const params: FunctionReportParams = { uri: editor.document.uri.toString(), position: editor.selection.active };
    this.requests.schedule(
      (onCancel) => {
        const source = new vscode.CancellationTokenSource();
        onCancel({ cancel: () => source.cancel() });
        return Promise.resolve(this.client.sendRequest<FunctionReportResult>(FUNCTION_REPORT_REQUEST, params, source.token));
      },
      (report) => { this.report = report; this.render(); },
    );
  }

  private render(): void {
    const view = statusView(this.status, this.report);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.requests.dispose();
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
