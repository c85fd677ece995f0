/**
 * A minimal LSP client for tests: starts the bundled server (`dist/server.js --stdio`)
 * as a child process and talks JSON-RPC to it, recording every notification so tests
 * can wait for one (woken by each arriving message, never by sleeping).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeLens,
  DocumentHighlight,
  Hover,
  InitializeResult,
  InlayHint,
  LogMessageParams,
  Position,
  PublishDiagnosticsParams,
  Range,
  ShowMessageParams,
  TextDocumentContentChangeEvent,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
} from 'vscode-languageserver-protocol';
import type { LockRegionsParams, ServerStatusParams } from '../../server/src/protocol';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** The bundle under test; LOCKLENS_SERVER_BUNDLE points the suite at another build. */
export const SERVER_BUNDLE = process.env.LOCKLENS_SERVER_BUNDLE ?? path.join(REPO_ROOT, 'dist', 'server.js');

/** Safety net against a hung server; a test that needs it has failed anyway. */
const WAIT_LIMIT_MS = 30_000;

export interface StartOptions {
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  /** What the client answers to `workspace/configuration` for the `locklens` section. */
  settings?: unknown;
  /** Extra environment for the server process (fault injection). */
  env?: Record<string, string>;
  /** Workspace folders (file URIs); none by default. */
  workspaceFolders?: string[];
}

/** Capabilities close to VS Code's: pull configuration, refresh support. */
export const RICH_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    inlayHint: { refreshSupport: true },
    codeLens: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    inlayHint: {},
    codeLens: {},
    documentHighlight: {},
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
  },
};

/** Capabilities of a client that advertises almost nothing (Neovim 0.7-like: no inlay hints, no lenses, pushed settings). */
export const BARE_CAPABILITIES: ClientCapabilities = { textDocument: { synchronization: {} } };

export class LspClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly statuses: ServerStatusParams[] = [];
  readonly regions: LockRegionsParams[] = [];
  readonly refreshes: string[] = [];
  /** Work-done progress by token: server-created ones (window/workDoneProgress/create) and tokens the test sent. */
  readonly progress = new Map<string | number, Array<WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd>>();
  stderr = '';
  settings: unknown;
  initializeResult!: InitializeResult;
  private readonly waiters = new Set<() => void>();
  private exited = false;

  private constructor(private readonly child: ChildProcessWithoutNullStreams, readonly connection: MessageConnection) {}

  static async start(options: StartOptions = {}): Promise<LspClient> {
    if (!fs.existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run the webpack build first`);
    const child = spawn(process.execPath, [SERVER_BUNDLE, '--stdio'], { cwd: REPO_ROOT, stdio: 'pipe', env: { ...process.env, ...options.env } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection);
    client.settings = options.settings ?? null;
    child.stderr.on('data', (chunk) => { client.stderr += String(chunk); });
    child.on('exit', () => { client.exited = true; client.wake(); });
    const record = <T>(list: T[]) => (params: T) => { list.push(params); client.wake(); };
    connection.onNotification('textDocument/publishDiagnostics', record(client.diagnostics));
    connection.onNotification('window/logMessage', record(client.logs));
    connection.onNotification('window/showMessage', record(client.messages));
    connection.onNotification('locklens/status', record(client.statuses));
    connection.onNotification('locklens/lockRegions', record(client.regions));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => client.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', ({ token }: { token: string | number }) => { client.progress.set(token, []); return null; });
    connection.onUnhandledProgress(({ token, value }) => {
      client.progress.set(token, [...(client.progress.get(token) ?? []), value]);
      client.wake();
    });
    for (const method of ['workspace/inlayHint/refresh', 'workspace/codeLens/refresh']) {
      connection.onRequest(method, () => { client.refreshes.push(method); client.wake(); return null; });
    }
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0] ?? null,
      workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: path.basename(uri) })) ?? null,
      capabilities: options.capabilities ?? RICH_CAPABILITIES,
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    await client.waitFor(() => client.statuses.find((s) => s.state !== 'starting'), 'the server to load its parser');
    return client;
  }

  get alive(): boolean {
    return !this.exited;
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** Resolves with the first truthy value of `probe`, re-checked whenever a message arrives. */
  waitFor<T>(probe: () => T | undefined | null | false, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        let value: T | undefined | null | false;
        try {
          value = probe();
        } catch (err) {
          finish();
          reject(err);
          return;
        }
        if (value) {
          finish();
          resolve(value);
        } else if (this.exited) {
          finish();
          reject(new Error(`server exited while waiting for ${what}\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => { finish(); reject(new Error(`timed out waiting for ${what}`)); }, WAIT_LIMIT_MS);
      const finish = () => { clearTimeout(timer); this.waiters.delete(check); };
      this.waiters.add(check);
      check();
    });
  }

  /** The diagnostics published for `uri` at `version` (or later). */
  diagnosticsAt(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.waitFor(
      () => [...this.diagnostics].reverse().find((d) => d.uri === uri && (d.version ?? 0) >= version),
      `diagnostics for ${uri} v${version}`,
    );
  }

  regionsAt(uri: string, version: number): Promise<LockRegionsParams> {
    return this.waitFor(
      () => [...this.regions].reverse().find((r) => r.uri === uri && (r.version ?? 0) >= version),
      `lock regions for ${uri} v${version}`,
    );
  }

  logged(pattern: RegExp): Promise<LogMessageParams> {
    return this.waitFor(() => this.logs.find((l) => pattern.test(l.message)), `a log message matching ${pattern}`);
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'c', version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  changeConfiguration(settings: unknown): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  highlights(uri: string, position: Position): Promise<DocumentHighlight[] | null> {
    return this.connection.sendRequest('textDocument/documentHighlight', { textDocument: { uri }, position });
  }

  inlayHints(uri: string, range: Range): Promise<InlayHint[] | null> {
    return this.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
  }

  codeLenses(uri: string): Promise<CodeLens[] | null> {
    return this.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params);
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
        await this.waitFor(() => this.exited, 'the server to exit');
      } catch {
        this.child.kill();
      }
    }
    this.connection.dispose();
  }
}

/** A fixture's text, read from the repository. */
export function readRepoFile(relative: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}

/** The 0-based position of the `occurrence`-th (1-based) `needle` in `text`, optionally after `after`. */
export function positionOf(text: string, needle: string, occurrence = 1, after?: string): Position {
  let from = after ? text.indexOf(after) : 0;
  if (from < 0) throw new Error(`fixture has no ${JSON.stringify(after)}`);
  let index = -1;
  for (let i = 0; i < occurrence; i++) {
    index = text.indexOf(needle, from);
    if (index < 0) throw new Error(`fixture has no occurrence ${occurrence} of ${JSON.stringify(needle)}`);
    from = index + needle.length;
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length - 1;
  return { line, character: index - (before.lastIndexOf('\n') + 1) };
}

/** Marks end-to-end tests whose expectations need the lock engine's facts (sites, locks, findings). */
export const WAITS_ON_ENGINE = {} as const;
