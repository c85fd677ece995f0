/**
 * The language server: capabilities and handler registration only. Documents and
 * analysis scheduling live in documents/, every feature's answer in handlers/.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  CancellationTokenSource,
  createConnection,
  DidChangeConfigurationNotification,
  LSPErrorCodes,
  ResponseError,
  WorkDoneProgressReporter,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CancellationToken,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { isMainThread, workerData } from 'worker_threads';
import {
  FUNCTION_REPORT_REQUEST,
  LOCK_REGIONS_NOTIFICATION,
  SERVER_STATUS_NOTIFICATION,
  type FunctionReportParams,
  type ServerStatusParams,
} from './protocol';
import { OpenDocuments, pathOfUri, type AnalysisResult, type Logger } from './documents/openDocuments';
import { SettingsStore, SETTINGS_SECTION } from './documents/settingsStore';
import { describeFailure } from './documents/failures';
import { ANALYSIS_WORKER_ROLE, serveAnalysisWorker, startAnalyzer } from './documents/analysisWorker';
import { WorkspaceIndex } from './documents/workspaceIndex';
import { SCAN_WORKER_ROLE, serveScanWorker, WorkspaceScanner } from './documents/workspaceScan';
import { diagnosticsFor } from './handlers/diagnostics';
import { hoverAt } from './handlers/hover';
import { highlightsAt } from './handlers/highlights';
import { inlayHintsIn } from './handlers/inlayHints';
import { codeLensesFor } from './handlers/codeLens';
import { lockRegionsFor } from './handlers/lockRegions';
import { functionReportAt } from './handlers/functionReport';
import { executeCommand, serverCommands } from './handlers/commands';
import { readSimulateArgs, simulateAt, type SimulateDeps } from './handlers/simulate';
import { runSimulationInWorker, simulationWorkerScript, SimulationCancelled, type RunningSimulation } from './simulator/runner';

// This bundle is also the analysis and workspace-scan workers' script: one file to ship and locate.
const workerRole = isMainThread ? null : (workerData as { role?: string } | null)?.role;
if (workerRole === ANALYSIS_WORKER_ROLE) void serveAnalysisWorker();
else if (workerRole === SCAN_WORKER_ROLE) void serveScanWorker();
else startLanguageServer();

function startLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const log: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  const settings = new SettingsStore();
  const status = (params: ServerStatusParams) => void connection.sendNotification(SERVER_STATUS_NOTIFICATION, params);

  function publish({ uri, version, analysis, settings: used }: AnalysisResult): void {
    void connection.sendDiagnostics({ uri, version, diagnostics: diagnosticsFor(analysis, used, uri) });
    void connection.sendNotification(LOCK_REGIONS_NOTIFICATION, lockRegionsFor(analysis, used, uri, version));
  }

  // Summaries of the workspace's functions: open documents, plus a lazy background scan of the folders.
  const index = new WorkspaceIndex();
  const documents = new OpenDocuments(settings, log, publish, undefined, index);
  const scanner = new WorkspaceScanner(__filename, index, () => settings.current, log);
  let workspaceRoots: string[] = [];
  const scanNear = (uris: string[]) =>
    scanner.request(workspaceRoots, uris.filter((u) => u.startsWith('file:')).map((u) => path.dirname(pathOfUri(u))));

  // The simulator runs on its own worker script (dist/simWorker.js): without it there
  // is no simulate command or lens, rather than a button that fails.
  let simulationScript: string | null = null;
  try {
    simulationScript = simulationWorkerScript(__dirname);
  } catch (err) {
    log.warn(`Kernel Lock Lens: contention simulation unavailable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const simulations = new Set<RunningSimulation>();
  const simulateDeps: SimulateDeps = {
    current: async (uri) => {
      const r = await documents.analysisFor(uri);
      const text = documents.text(uri);
      return r && text !== undefined ? { text, path: pathOfUri(uri), analysis: r.analysis, settings: r.settings } : null;
    },
    savedText: async (uri, maxBytes) => {
      if (!uri.startsWith('file:')) return null;
      try {
        const file = pathOfUri(uri);
        const stat = await fs.promises.stat(file);
        return stat.isFile() && stat.size <= maxBytes ? await fs.promises.readFile(file, 'utf8') : null;
      } catch {
        return null;
      }
    },
    run: (source, options, baseline) => {
      const running = runSimulationInWorker(source, options, baseline, { script: simulationScript!, optionalBaseline: true });
      simulations.add(running);
      void running.exited.then(() => simulations.delete(running));
      return running;
    },
  };

  /**
   * `locklens.simulate`: progress on the client's token when it sent one (ours does),
   * else on one the server creates (Neovim shows those); cancelled by either the
   * request or the progress. A cancelled run answers RequestCancelled.
   */
  async function simulateCommand(args: unknown[], token: CancellationToken, clientProgress: WorkDoneProgressReporter): Promise<unknown> {
    const parsed = readSimulateArgs(args);
    if (!simulationScript) return { message: 'this server has no contention simulator (dist/simWorker.js is missing)' };
    if (!parsed) return { message: 'locklens.simulate takes [uri, position]' };
    const progress = WorkDoneProgressReporter.isNullInstance(clientProgress) ? await connection.window.createWorkDoneProgress() : clientProgress;
    const cancel = new CancellationTokenSource();
    const listeners = [token.onCancellationRequested(() => cancel.cancel())];
    if ('token' in progress) listeners.push((progress.token as CancellationToken).onCancellationRequested(() => cancel.cancel()));
    try {
      const answer = await simulateAt(parsed, simulateDeps, cancel.token, {
        begin: (title, message) => progress.begin(title, undefined, message, true),
        report: (message) => progress.report(message),
      });
      const line = 'summary' in answer ? String(answer.summary) : `Kernel Lock Lens: ${answer.message}`;
      log.info(`simulation: ${line}`);
      if (!parsed.quiet) void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: line });
      return answer;
    } catch (err) {
      if (err instanceof SimulationCancelled) {
        log.info(`simulation at ${parsed.uri}:${parsed.position.line + 1} cancelled; its worker has stopped`);
        throw new ResponseError(LSPErrorCodes.RequestCancelled, 'simulation cancelled');
      }
      log.error(describeFailure({ operation: 'simulate', uri: parsed.uri, position: parsed.position, text: documents.text(parsed.uri), settings: settings.current }, err));
      return { message: `the simulation failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); see the Kernel Lock Lens output` };
    } finally {
      for (const l of listeners) l.dispose();
      cancel.dispose();
      progress.done();
    }
  }

  let pullConfiguration = false;
  let dynamicConfiguration = false;
  let refreshInlayHints = false;
  let refreshCodeLenses = false;

  /** Runs a request against fresh facts; any failure is logged and answered with `fallback`. */
  async function withFacts<T>(operation: string, uri: string, position: { line: number; character: number } | undefined,
    token: CancellationToken | undefined, fallback: T, answer: (result: AnalysisResult) => T): Promise<T> {
    if (token?.isCancellationRequested) return fallback;
    try {
      const result = await documents.analysisFor(uri);
      return result && !token?.isCancellationRequested ? answer(result) : fallback;
    } catch (err) {
      log.error(describeFailure({ operation, uri, position, text: documents.text(uri), settings: settings.current }, err));
      return fallback;
    }
  }

  connection.onInitialize((params): InitializeResult => {
    status({ state: 'starting' });
    const caps = params.capabilities;
    pullConfiguration = caps.workspace?.configuration === true;
    dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    refreshInlayHints = caps.workspace?.inlayHint?.refreshSupport === true;
    refreshCodeLenses = caps.workspace?.codeLens?.refreshSupport === true;
    settings.setInitializationOptions(params.initializationOptions);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceRoots = folders.filter((u) => u.startsWith('file:')).map(pathOfUri);
    // Every feature is offered whatever the client advertises: Neovim 0.7 uses lenses
    // without advertising them and sends inlay-hint requests unprompted.
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        documentHighlightProvider: true,
        inlayHintProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: serverCommands(simulationScript !== null) },
      },
      serverInfo: { name: 'kernel-lock-lens' },
    };
  });

  async function pullSettings(): Promise<void> {
    if (!pullConfiguration) return;
    try {
      settings.apply(await connection.workspace.getConfiguration({ section: SETTINGS_SECTION }));
    } catch (err) {
      log.warn(`Kernel Lock Lens could not read the settings (${String(err)}); keeping the current ones.`);
    }
  }

  connection.onInitialized(async () => {
    if (dynamicConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    await pullSettings();
    try {
      documents.setAnalyzer(await startAnalyzer(__filename, log));
      status({ state: 'ready' });
    } catch (err) {
      log.error(`Kernel Lock Lens cannot load the C parser: ${err instanceof Error ? err.stack : String(err)}`);
      status({ state: 'error', message: `cannot load the C parser: ${err instanceof Error ? err.message : String(err)}` });
    }
  });

  connection.onDidChangeConfiguration(async (params) => {
    if (pullConfiguration) await pullSettings();
    else settings.apply(params.settings);
    if (!settings.current.workspace.index.enable) {
      scanner.stop();
      index.clear();
    } else {
      scanNear(documents.uris());
    }
    documents.invalidateAll();
    if (refreshInlayHints) void connection.languages.inlayHint.refresh();
    if (refreshCodeLenses) void connection.sendRequest('workspace/codeLens/refresh');
  });

  connection.onDidOpenTextDocument((params) => {
    documents.open(params);
    scanNear([params.textDocument.uri]);
  });
  connection.onDidChangeTextDocument((params) => documents.change(params));
  connection.onDidCloseTextDocument(({ textDocument: { uri } }) => {
    documents.close(uri);
    if (uri.startsWith('file:')) scanner.rescan(pathOfUri(uri));
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    void connection.sendNotification(LOCK_REGIONS_NOTIFICATION, lockRegionsFor(null, settings.current, uri, null));
  });

  connection.onHover(({ textDocument: { uri }, position }, token) =>
    withFacts('hover', uri, position, token, null, (r) => hoverAt(r.analysis, position, r.settings)));

  connection.onDocumentHighlight(({ textDocument: { uri }, position }, token) =>
    withFacts('documentHighlight', uri, position, token, null, (r) => highlightsAt(r.analysis, position, r.settings)));

  connection.languages.inlayHint.on(({ textDocument: { uri }, range }, token) =>
    withFacts('inlayHint', uri, range?.start, token, [], (r) => inlayHintsIn(r.analysis, range ?? null, r.settings)));

  connection.onCodeLens(({ textDocument: { uri } }, token) =>
    withFacts('codeLens', uri, undefined, token, [], (r) => codeLensesFor(r.analysis, r.settings, uri, simulationScript !== null)));

  connection.onRequest(FUNCTION_REPORT_REQUEST, (params: FunctionReportParams, token) =>
    withFacts('functionReport', params.uri, params.position, token, null, (r) => functionReportAt(r.analysis, params.position, r.settings)));

  connection.onExecuteCommand(async ({ command, arguments: args }, token, workDoneProgress) => {
    try {
      return await executeCommand(command, args ?? [], {
        reanalyze: async (uris) => {
          const targets = uris.length ? uris.filter((u) => documents.has(u)) : documents.uris();
          documents.invalidateAll();
          await Promise.all(targets.map((uri) => documents.analysisFor(uri)));
          return targets.length;
        },
        functionReport: (uri, position) =>
          withFacts('functionReport', uri, position, undefined, null, (r) => functionReportAt(r.analysis, position, r.settings)),
        // A plain notification: showInformationMessage would be a request that waits for an answer.
        showMessage: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message }),
        simulate: (simulateArgs) => simulateCommand(simulateArgs, token, workDoneProgress),
      });
    } catch (err) {
      if (err instanceof ResponseError) throw err;
      log.error(describeFailure({ operation: `command ${command}`, uri: String(args?.[0] ?? '') }, err));
      return null;
    }
  });

  connection.onShutdown(async () => {
    scanner.dispose();
    documents.dispose();
    for (const running of simulations) running.cancel();
    await Promise.all([...simulations].map((running) => running.exited));
  });

  // The server outlives any single bad input: log what escaped and keep serving.
  process.on('uncaughtException', (err) => log.error(describeFailure({ operation: 'an event handler', uri: '(none)' }, err)));
  process.on('unhandledRejection', (err) => log.error(describeFailure({ operation: 'a promise', uri: '(none)' }, err)));

  connection.listen();
}
