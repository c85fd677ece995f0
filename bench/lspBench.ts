/**
 * The real server (dist/server.js) over JSON-RPC, driven by the LSP tests'
 * client: request latency on a big file, and the process's memory with many
 * big files open. Latency is measured at the client, so it includes the
 * transport and the hop to the analysis worker, as an editor would see it.
 */
import type { ChildProcess } from 'child_process';
import type { Position, Range } from 'vscode-languageserver-protocol';
import { LspClient } from '../test/lsp/harness';
import { oneCharEdit, type GeneratedFile } from './kernelGen';
import { nowMs, residentMemory, summarize, timeAsync, type Samples } from './measure';

/** The server's process id (the harness keeps its child private; this is the only thing the bench reads from it). */
function serverPid(client: LspClient): number {
  const pid = (client as unknown as { child: ChildProcess }).child.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  return pid;
}

/** Position of `needle` on a line of `text`, searching lines [from, to). */
function findOnLines(text: string, needle: RegExp, from: number, to: number): Position {
  const lines = text.split('\n');
  for (let line = from; line < to; line++) {
    const m = needle.exec(lines[line]);
    if (m) return { line, character: m.index + 1 };
  }
  throw new Error(`no ${needle} on lines ${from + 1}–${to}`);
}

export interface LspLatencyResult {
  name: string;
  lines: number;
  /** didOpen until the first diagnostics arrive (a full analysis on the worker). */
  openToDiagnosticsMs: number;
  hoverLockCallMs: Samples;
  hoverFunctionNameMs: Samples;
  /** Inlay hints for a 60-line viewport, as an editor asks for the visible range. */
  inlayHintsViewportMs: Samples;
  codeLensMs: Samples;
  /** A one-character edit sent, then a hover at once: the request waits for the re-analysis. */
  editThenHoverMs: Samples;
  /** How many hovers, hints and lenses the server answered with (to show the engine's facts were there). */
  answered: { hover: boolean; inlayHints: number; codeLenses: number };
}

export async function measureLspLatency(name: string, file: GeneratedFile, repeats: number): Promise<LspLatencyResult> {
  const client = await LspClient.start();
  try {
    const uri = `file:///bench/${name}.c`;
    const edit = oneCharEdit(file);
    const fn = edit.function;
    const lockCall = findOnLines(file.text, /\b(spin_lock\w*|mutex_lock|read_lock|write_lock|down_\w+|guard|scoped_guard|rcu_read_lock)\(/, fn.startLine, fn.endLine);
    const namePos = findOnLines(file.text, new RegExp(`\\b${fn.name}\\(`), fn.startLine, fn.startLine + 1);
    const viewport: Range = { start: { line: fn.startLine, character: 0 }, end: { line: fn.startLine + 60, character: 0 } };

    const opened = nowMs();
    await client.open(uri, file.text, 1);
    await client.diagnosticsAt(uri, 1);
    const openToDiagnosticsMs = nowMs() - opened;

    const runs = async (request: () => Promise<unknown>): Promise<Samples> => {
      const xs: number[] = [];
      for (let i = -3; i < repeats; i++) {
        const ms = await timeAsync(request);
        if (i >= 0) xs.push(ms);
      }
      return summarize(xs);
    };
    const hover = await client.hover(uri, lockCall);
    const hints = await client.inlayHints(uri, viewport);
    const lenses = await client.codeLenses(uri);
    const hoverLockCallMs = await runs(() => client.hover(uri, lockCall));
    const hoverFunctionNameMs = await runs(() => client.hover(uri, namePos));
    const inlayHintsViewportMs = await runs(() => client.inlayHints(uri, viewport));
    const codeLensMs = await runs(() => client.codeLenses(uri));

    let version = 1;
    const editThenHoverMs = await runs(async () => {
      version++;
      const char = version % 2 === 0 ? edit.newChar : edit.oldChar;
      await client.change(uri, version, [{
        range: { start: { line: edit.line, character: edit.character }, end: { line: edit.line, character: edit.character + 1 } },
        text: char,
      }]);
      await client.hover(uri, lockCall);
    });

    return {
      name,
      lines: file.lines,
      openToDiagnosticsMs,
      hoverLockCallMs,
      hoverFunctionNameMs,
      inlayHintsViewportMs,
      codeLensMs,
      editThenHoverMs,
      answered: { hover: hover !== null, inlayHints: hints?.length ?? 0, codeLenses: lenses?.length ?? 0 },
    };
  } finally {
    await client.stop();
  }
}

export interface ServerMemoryResult {
  files: number;
  linesPerFile: number;
  /** Total text opened. */
  textMb: number;
  /** Resident set of the idle server after start-up. */
  idleMb: number | null;
  /** Peak resident set (VmHWM) after every file was opened and analysed. */
  peakMb: number | null;
  /** Resident set once all of them are analysed. */
  settledMb: number | null;
  /** Opening all files until every one's diagnostics arrived. */
  analyseAllMs: number;
}

export async function measureServerMemory(files: GeneratedFile[]): Promise<ServerMemoryResult> {
  const client = await LspClient.start();
  try {
    const pid = serverPid(client);
    const idle = residentMemory(pid);
    const started = nowMs();
    const uris = files.map((_, i) => `file:///bench/open-${i}.c`);
    for (let i = 0; i < files.length; i++) await client.open(uris[i], files[i].text, 1);
    for (const uri of uris) await client.diagnosticsAt(uri, 1);
    const analyseAllMs = nowMs() - started;
    const after = residentMemory(pid);
    return {
      files: files.length,
      linesPerFile: Math.round(files.reduce((s, f) => s + f.lines, 0) / files.length),
      textMb: files.reduce((s, f) => s + Buffer.byteLength(f.text), 0) / (1024 * 1024),
      idleMb: idle?.currentMb ?? null,
      peakMb: after?.peakMb ?? null,
      settledMb: after?.currentMb ?? null,
      analyseAllMs,
    };
  } finally {
    await client.stop();
  }
}
