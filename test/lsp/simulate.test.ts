/**
 * The simulator in the editor, over JSON-RPC against the bundled server: the
 * `▶ Simulate contention` lens, `workspace/executeCommand locklens.simulate`
 * comparing the current text with the saved file, work-done progress, and
 * cancellation that stops the worker.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, CodeLens, WorkDoneProgressBegin } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, readRepoFile, REPO_ROOT, RICH_CAPABILITIES, WAITS_ON_ENGINE } from './harness';

/** The real file, so the server can read its saved version from disk. */
const BEFORE_URI = pathToFileURL(path.join(REPO_ROOT, 'samples', 'pidmap', 'pid_before.c')).toString();
const beforeText = readRepoFile('samples/pidmap/pid_before.c');
const afterText = readRepoFile('samples/pidmap/pid_after.c');
const allocName = positionOf(beforeText, 'alloc_pid(struct');
const freeName = positionOf(beforeText, 'free_pid(struct');
const afterAllocName = positionOf(afterText, 'alloc_pid(struct');
const REQUEST_CANCELLED = -32800;

interface Answer {
  function: string;
  opsPerSec: number;
  ceilingOpsPerSec: number;
  cpus: number;
  speedup: number | null;
  baseline: { opsPerSec: number; file: string } | null;
  comparison: { lock: string | null } | null;
  locks: Array<{ lock: string; acquiresPerOp: number }>;
  scaling: Array<{ cpus: number; opsPerSec: number }>;
  invariants: Array<{ ok: boolean }>;
  summary: string;
  comparedWith: 'saved' | null;
  notCompared: string | null;
  message?: string;
}

/** Rich capabilities plus window.workDoneProgress, so the server creates its own progress (as for Neovim). */
const WITH_PROGRESS: ClientCapabilities = { ...RICH_CAPABILITIES, window: { workDoneProgress: true } };

function simulate(client: LspClient, args: unknown[], token?: CancellationTokenSource, workDoneToken?: string): Promise<Answer> {
  const params = { command: 'locklens.simulate', arguments: args, ...(workDoneToken ? { workDoneToken } : {}) };
  return token ? client.connection.sendRequest('workspace/executeCommand', params, token.token) : client.request('workspace/executeCommand', params);
}

const simulateLenses = (lenses: CodeLens[] | null) => (lenses ?? []).filter((l) => l.command?.command === 'locklens.simulate');

let client: LspClient;
before(async () => {
  client = await LspClient.start({ settings: {} });
});
after(async () => { await client.stop(); });

test('the simulate command is advertised', () => {
  assert.ok(client.initializeResult.capabilities.executeCommandProvider?.commands.includes('locklens.simulate'));
});

test('the pidmap sample: ▶ Simulate contention above alloc_pid and free_pid, running the server command at the name', async () => {
  await client.open(BEFORE_URI, beforeText, 1);
  await client.diagnosticsAt(BEFORE_URI, 1);
  const lenses = simulateLenses(await client.codeLenses(BEFORE_URI));
  const byLine = new Map(lenses.map((l) => [l.range.start.line, l]));
  for (const at of [allocName, freeName]) {
    const lens = byLine.get(at.line);
    assert.ok(lens, `a simulate lens on line ${at.line + 1}`);
    assert.equal(lens.command?.title, '▶ Simulate contention');
    assert.deepEqual(lens.command?.arguments, [BEFORE_URI, at]);
    assert.match(String(lens.command?.tooltip), /thread create\/exit .* on 20 CPUs/);
  }
  await client.close(BEFORE_URI);
});

test('locklens.codeLens.simulate turns the lens off; locklens.codeLens.enable does not', async () => {
  await client.open(BEFORE_URI, beforeText, 1);
  await client.diagnosticsAt(BEFORE_URI, 1);
  const setTo = async (settings: unknown) => {
    const refreshes = client.refreshes.length;
    client.settings = settings;
    await client.changeConfiguration(null);
    // The refresh request follows the pulled settings: lenses asked after it see them.
    await client.waitFor(() => client.refreshes.length > refreshes, 'a code-lens refresh');
  };
  try {
    await setTo({ codeLens: { simulate: false } });
    assert.deepEqual(simulateLenses(await client.codeLenses(BEFORE_URI)), []);
    await setTo({ codeLens: { enable: false } });
    const lines = simulateLenses(await client.codeLenses(BEFORE_URI)).map((l) => l.range.start.line);
    assert.ok(lines.includes(allocName.line) && lines.includes(freeName.line), lines.join(', '));
  } finally {
    await setTo({});
    await client.close(BEFORE_URI);
  }
});

test('other functions that take locks get the call-in-a-loop lens', WAITS_ON_ENGINE, async () => {
  await client.open(BEFORE_URI, beforeText, 1);
  await client.diagnosticsAt(BEFORE_URI, 1);
  const disable = positionOf(beforeText, 'disable_pid_allocation(');
  const lens = simulateLenses(await client.codeLenses(BEFORE_URI)).find((l) => l.range.start.line === disable.line);
  assert.match(String(lens?.command?.tooltip), /disable_pid_allocation\(\) called in a loop on 20 CPUs/);
  await client.close(BEFORE_URI);
});

test('unsaved edits applying the patch: after (current text) beats before (saved file) in the calibrated ranges', async () => {
  // pid_before.c is on disk; the buffer holds the patched version, unsaved.
  await client.open(BEFORE_URI, afterText, 1);
  try {
    const seen = client.messages.length;
    const r = await simulate(client, [BEFORE_URI, afterAllocName]);
    assert.equal(r.function, 'alloc_pid');
    assert.equal(r.cpus, 20);
    assert.equal(r.comparedWith, 'saved');
    assert.ok(r.baseline, 'compared with the saved version');
    assert.match(r.baseline.file, /pid_before\.c \(saved\)$/);
    // The seed's figures: ~465k ops/s before the patch, 510k–560k after.
    assert.ok(Math.abs(r.baseline.opsPerSec - 465_000) < 10_000, `before: ${r.baseline.opsPerSec}`);
    assert.ok(r.opsPerSec >= 510_000 && r.opsPerSec <= 560_000, `after: ${r.opsPerSec}`);
    assert.ok(r.baseline.opsPerSec < r.opsPerSec);
    assert.ok(r.speedup !== null && r.speedup > 1.08, `speed-up ${r.speedup}`);
    assert.equal(r.comparison?.lock, 'pidmap_lock');
    assert.ok(r.ceilingOpsPerSec >= r.opsPerSec * 0.99);
    assert.ok(Math.abs(r.locks.find((l) => l.lock === 'pidmap_lock')!.acquiresPerOp - 2) < 0.01);
    assert.deepEqual(r.scaling.map((s) => s.cpus), [1, 2, 4, 8, 16, 20, 32, 64]);
    assert.ok(r.invariants.every((i) => i.ok));
    assert.match(r.summary, /^alloc_pid\(\): 5\d\d\.\dk ops\/s on 20 CPUs \(ceiling .*\) · 1\.\d{3}× the saved version \(4\d\d\.\dk ops\/s\), explained by pidmap_lock · invariants held$/);
    // A plain client (no `quiet`) also gets the summary as a message.
    await client.waitFor(() => client.messages.slice(seen).find((m) => m.message === r.summary), 'the summary as window/showMessage');
    await client.logged(/^simulation: alloc_pid\(\): /);
  } finally {
    await client.close(BEFORE_URI);
  }
});

test('no unsaved changes: nothing to compare, said so; quiet answers send no message', async () => {
  await client.open(BEFORE_URI, beforeText, 1);
  try {
    const seen = client.messages.length;
    const r = await simulate(client, [BEFORE_URI, freeName, { quiet: true }]);
    assert.equal(r.function, 'free_pid');
    assert.equal(r.baseline, null);
    assert.equal(r.speedup, null);
    assert.equal(r.comparedWith, null);
    assert.equal(r.notCompared, 'no unsaved changes');
    assert.ok(Math.abs(r.opsPerSec - 465_000) < 10_000, `before: ${r.opsPerSec}`);
    assert.match(r.summary, / · not compared: no unsaved changes · invariants held$/);
    // The answer follows any message on the same stream, so none was sent.
    assert.equal(client.messages.length, seen);
  } finally {
    await client.close(BEFORE_URI);
  }
});

test('bad positions and documents answer with a message, not an error', async () => {
  await client.open(BEFORE_URI, beforeText, 1);
  try {
    assert.match(String((await simulate(client, [BEFORE_URI, { line: 0, character: 0 }])).message), /^no function at line 1/);
    assert.match(String((await simulate(client, ['file:///not/open.c', { line: 0, character: 0 }])).message), /is not open/);
    assert.match(String((await simulate(client, [BEFORE_URI])).message), /takes \[uri, position\]/);
    const untitled = 'untitled:Untitled-1';
    await client.open(untitled, 'static int spin(int x)\n{\n\treturn x + 1;\n}\n', 1);
    const r = await simulate(client, [untitled, { line: 2, character: 1 }]);
    assert.equal(r.function, 'spin');
    assert.equal(r.notCompared, 'no saved version on disk');
    await client.close(untitled);
  } finally {
    await client.close(BEFORE_URI);
  }
});

test('a client token gets begin and end progress (our VS Code client passes one)', async () => {
  await client.open(BEFORE_URI, afterText, 1);
  try {
    await simulate(client, [BEFORE_URI, afterAllocName, { quiet: true }], undefined, 'vscode-token-1');
    // Progress is sent before the answer, on the same stream.
    const values = client.progress.get('vscode-token-1') ?? [];
    assert.equal(values[0].kind, 'begin');
    const begin = values[0] as WorkDoneProgressBegin;
    assert.equal(begin.title, 'Simulating alloc_pid()');
    assert.equal(begin.cancellable, true);
    assert.match(String(begin.message), /thread create\/exit .* on 20 CPUs, then its saved version/);
    assert.equal(values.at(-1)?.kind, 'end');
  } finally {
    await client.close(BEFORE_URI);
  }
});

test('cancelling the request stops the run: RequestCancelled, the worker ends, the next run works', async () => {
  // Ten million ops: far longer than the test takes to cancel it.
  const slow = await LspClient.start({ capabilities: WITH_PROGRESS, settings: { simulation: { ops: 10_000_000 } } });
  const progress = slow.progress;
  try {
    await slow.open(BEFORE_URI, beforeText, 1);
    const cancel = new CancellationTokenSource();
    const pending = simulate(slow, [BEFORE_URI, allocName, { quiet: true }], cancel);
    await slow.waitFor(() => [...progress.values()].some((v) => v[0]?.kind === 'begin'), 'the simulation to begin');
    cancel.cancel();
    await assert.rejects(pending, (err: unknown) => err instanceof ResponseError && err.code === REQUEST_CANCELLED);
    await slow.logged(/simulation at .*pid_before\.c:\d+ cancelled; its worker has stopped/);
    await slow.waitFor(() => [...progress.values()].some((v) => v.at(-1)?.kind === 'end'), 'the progress to end');
    // The server goes on serving simulations.
    const refreshes = slow.refreshes.length;
    slow.settings = { simulation: { ops: 500 } };
    await slow.changeConfiguration(null);
    await slow.waitFor(() => slow.refreshes.length > refreshes, 'settings pulled');
    const r = await simulate(slow, [BEFORE_URI, allocName, { quiet: true }]);
    assert.equal(r.function, 'alloc_pid');
    assert.ok(r.opsPerSec > 0);
  } finally {
    await slow.stop();
  }
});

test('cancelling the server-created progress (window/workDoneProgress/cancel) stops the run too', async () => {
  const slow = await LspClient.start({ capabilities: WITH_PROGRESS, settings: { simulation: { ops: 10_000_000 } } });
  const progress = slow.progress;
  try {
    await slow.open(BEFORE_URI, beforeText, 1);
    const pending = simulate(slow, [BEFORE_URI, allocName]);
    const token = await slow.waitFor(() => [...progress.entries()].find(([, v]) => v[0]?.kind === 'begin')?.[0], 'the simulation to begin');
    assert.equal((progress.get(token)![0] as { cancellable?: boolean }).cancellable, true);
    await slow.connection.sendNotification('window/workDoneProgress/cancel', { token });
    await assert.rejects(pending, (err: unknown) => err instanceof ResponseError && err.code === REQUEST_CANCELLED);
    await slow.logged(/cancelled; its worker has stopped/);
  } finally {
    await slow.stop();
  }
});
