/** The bundled server over JSON-RPC: lifecycle, document sync, publishing, requests, commands. */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { BARE_CAPABILITIES, LspClient, positionOf, readRepoFile } from './harness';

const BEFORE = 'file:///work/samples/pid_before.c';
const beforeText = readRepoFile('samples/pidmap/pid_before.c');

function hoverValue(h: Hover | null): string {
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
}

let client: LspClient;
before(async () => {
  client = await LspClient.start();
  await client.open(BEFORE, beforeText, 1);
});
after(async () => { await client.stop(); });

test('initialize advertises incremental sync and every feature', () => {
  const caps = client.initializeResult.capabilities;
  assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
  assert.equal(caps.hoverProvider, true);
  assert.equal(caps.documentHighlightProvider, true);
  assert.ok(caps.inlayHintProvider);
  assert.deepEqual(caps.codeLensProvider, { resolveProvider: false });
  assert.deepEqual(caps.executeCommandProvider?.commands, ['locklens.reanalyze', 'locklens.functionReportAt', 'locklens.simulate']);
  assert.deepEqual(client.statuses.map((s) => s.state), ['starting', 'ready']);
  assert.ok(!client.logs.some((l) => /main thread/.test(l.message)), 'analyses run on the worker thread');
});

test('diagnostics and lock regions are published on open and on change, with the version', async () => {
  const EDITED = 'file:///work/samples/edited.c';
  await client.open(EDITED, beforeText, 1);
  const opened = await client.diagnosticsAt(EDITED, 1);
  assert.equal(opened.version, 1);
  for (const d of opened.diagnostics) {
    assert.equal(d.source, 'locklens');
    assert.match(String(d.codeDescription?.href), /^https:\/\/github\.com\/kernel-lock-lens\/kernel-lock-lens#[a-z0-9_-]+$/);
  }
  assert.equal((await client.regionsAt(EDITED, 1)).version, 1);
  await client.change(EDITED, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '/* edited */\n' }]);
  assert.equal((await client.diagnosticsAt(EDITED, 2)).version, 2);
  assert.equal((await client.regionsAt(EDITED, 2)).version, 2);
  await client.close(EDITED);
});

test('a burst of edits is analysed once, for the last version', async () => {
  const uri = 'file:///work/burst.c';
  await client.open(uri, 'int x;\n', 1);
  await client.diagnosticsAt(uri, 1);
  for (let v = 2; v <= 6; v++) {
    await client.change(uri, v, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `int y${v};\n` }]);
  }
  await client.diagnosticsAt(uri, 6);
  const versions = client.diagnostics.filter((d) => d.uri === uri).map((d) => d.version);
  assert.deepEqual(versions, [1, 6], 'superseded versions are never published');
  await client.close(uri);
});

test('incremental changes keep positions right: hover on a function name moved and renamed by edits', async () => {
  const uri = 'file:///work/moved.c';
  const text = 'static int helper(int a)\n{\n\treturn a;\n}\n';
  await client.open(uri, text, 1);
  // Three lines inserted above, then the name changed in place: both incremental edits.
  await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#include <x.h>\n\n\n' }]);
  await client.change(uri, 3, [{ range: { start: { line: 3, character: 11 }, end: { line: 3, character: 17 } }, text: 'renamed_fn' }]);
  const hover = hoverValue(await client.hover(uri, { line: 3, character: 14 }));
  assert.match(hover, /`renamed_fn`\*\* · lock summary/);
  assert.equal(await client.hover(uri, { line: 0, character: 14 }), null);
  await client.close(uri);
});

test('a full-text change (no range) replaces the document', async () => {
  const uri = 'file:///work/full.c';
  await client.open(uri, 'static int first(void)\n{\n\treturn 0;\n}\n', 1);
  await client.change(uri, 2, [{ text: 'static int second(void)\n{\n\treturn 0;\n}\n' }]);
  await client.diagnosticsAt(uri, 2);
  assert.match(hoverValue(await client.hover(uri, { line: 0, character: 13 })), /`second`/);
  await client.close(uri);
});

test('hover at a function name gives its lock summary', async () => {
  const name = positionOf(beforeText, 'alloc_pid(struct');
  const hover = await client.hover(BEFORE, { line: name.line, character: name.character + 3 });
  assert.match(hoverValue(hover), /`alloc_pid`\*\* · lock summary/);
});

test('locklens/functionReport answers with a summary and markdown, null outside functions', async () => {
  const inside = positionOf(beforeText, 'get_pid_ns(ns);');
  const report = await client.request<{ function: string; summary: string; markdown: string } | null>(
    'locklens/functionReport', { uri: BEFORE, position: { line: inside.line, character: 1 } });
  assert.equal(report?.function, 'alloc_pid');
  assert.match(report!.summary, /^alloc_pid: /);
  assert.match(report!.markdown, /^# `alloc_pid` — lock report/);
  assert.equal(await client.request('locklens/functionReport', { uri: BEFORE, position: { line: 0, character: 0 } }), null);
  assert.equal(await client.request('locklens/functionReport', { uri: 'file:///not/open.c', position: { line: 0, character: 0 } }), null);
});

test('workspace/executeCommand locklens.reanalyze re-publishes every open document', async () => {
  const count = client.diagnostics.filter((d) => d.uri === BEFORE).length;
  const result = await client.request<{ analyzed: number }>('workspace/executeCommand', { command: 'locklens.reanalyze', arguments: [] });
  assert.ok(result.analyzed >= 1);
  await client.waitFor(() => client.diagnostics.filter((d) => d.uri === BEFORE).length > count, 're-published diagnostics');
});

test('closing a document clears its diagnostics and regions', async () => {
  const uri = 'file:///work/closing.c';
  await client.open(uri, 'void f(void) {}\n', 1);
  await client.diagnosticsAt(uri, 1);
  await client.close(uri);
  await client.waitFor(() => client.diagnostics.some((d) => d.uri === uri && d.version === undefined && d.diagnostics.length === 0), 'cleared diagnostics');
  await client.waitFor(() => client.regions.some((r) => r.uri === uri && r.version === null && r.regions.length === 0), 'cleared regions');
});

test('a client that advertises nothing still gets lenses, raw inlay hints, highlights and the report command', async () => {
  const bare = await LspClient.start({ capabilities: BARE_CAPABILITIES });
  try {
    await bare.open(BEFORE, beforeText, 1);
    await bare.diagnosticsAt(BEFORE, 1);
    assert.ok(Array.isArray(await bare.codeLenses(BEFORE)));
    assert.ok(Array.isArray(await bare.inlayHints(BEFORE, { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } })));
    const name = positionOf(beforeText, 'alloc_pid(struct');
    const report = await bare.request<{ summary: string } | null>('workspace/executeCommand', { command: 'locklens.functionReportAt', arguments: [BEFORE, name] });
    assert.match(String(report?.summary), /^alloc_pid: /);
    await bare.waitFor(() => bare.messages.find((m) => m.message.startsWith('alloc_pid: ')), 'the report summary as a message');
  } finally {
    await bare.stop();
  }
});
