/**
 * The extension's entry point: wiring only. Starts the bundled language server
 * (dist/server.js) over IPC and connects the status bar, the lock-region
 * decorations and the commands to it.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LOCK_REGIONS_NOTIFICATION, SERVER_STATUS_NOTIFICATION, type LockRegionsParams, type ServerStatusParams } from '../../server/src/protocol';
import { commandMiddleware, registerClientCommands, registerMissingServerCommands, ReportDocuments, REPORT_SCHEME, type CommandDeps } from './commands';
import { LockRegionDecorations } from './decorations';
import { LockStatusBar } from './statusBar';

const SECTION = 'locklens';
let client: LanguageClient | undefined;

/** The settings as a plain object (WorkspaceConfiguration carries methods that do not serialise). */
function settingsSnapshot(): unknown {
  return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration(SECTION)));
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Kernel Lock Lens', { log: true });
  const reports = new ReportDocuments();
  const deps: CommandDeps = { context, client: () => client, output, reports };

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'c' }, { scheme: 'untitled', language: 'c' }],
    synchronize: { configurationSection: SECTION },
    initializationOptions: settingsSnapshot(),
    outputChannel: output,
    middleware: { executeCommand: commandMiddleware(deps) },
  };
  client = new LanguageClient('locklens', 'Kernel Lock Lens', serverOptions, clientOptions);

  const statusBar = new LockStatusBar(client);
  const decorations = new LockRegionDecorations(() => vscode.workspace.getConfiguration(SECTION).get<Record<string, unknown>>('highlightColors') ?? {});
  context.subscriptions.push(
    output,
    statusBar,
    decorations,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration(`${SECTION}.highlightColors`)) decorations.resetColors(); }),
    ...registerClientCommands(deps),
  );
  client.onNotification(SERVER_STATUS_NOTIFICATION, (p: ServerStatusParams) => statusBar.setStatus(p));
  client.onNotification(LOCK_REGIONS_NOTIFICATION, (p: LockRegionsParams) => {
    decorations.update(p);
    // New facts for this document: the function summary under the cursor may have changed.
    if (vscode.window.activeTextEditor?.document.uri.toString() === p.uri) statusBar.refresh();
  });

  try {
    await client.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.error(`Kernel Lock Lens could not start its language server: ${message}`);
    statusBar.setStatus({ state: 'error', message: `could not start the language server: ${message}` });
    context.subscriptions.push(...registerMissingServerCommands([]));
    return;
  }
  context.subscriptions.push(...registerMissingServerCommands(client.initializeResult?.capabilities.executeCommandProvider?.commands ?? []));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
