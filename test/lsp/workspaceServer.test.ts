/**
 * The workspace index over real JSON-RPC: with the fixture folder as the
 * workspace and only b.c open, the background scan finds a.c's summaries and
 * b.c is re-analysed with them; open documents feed each other, and an edit
 * of a callee re-analyses its open caller; without a workspace a file alone
 * stays silent about calls into other files.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, REPO_ROOT, positionOf, readRepoFile } from './harness';

const FOLDER = path.join(REPO_ROOT, 'test', 'fixtures', 'workspace', 'pool');
const A_URI = pathToFileURL(path.join(FOLDER, 'a.c')).href;
const B_URI = pathToFileURL(path.join(FOLDER, 'b.c')).href;
const aText = readRepoFile('test/fixtures/workspace/pool/a.c');
const bText = readRepoFile('test/fixtures/workspace/pool/b.c');

/** 0-based lines of the `/* expect: atomic/sleep-in-atomic *\/` markers in b.c. */
const EXPECTED_LINES = bText.split('\n').flatMap((l, i) => (l.includes('/* expect: atomic/sleep-in-atomic */') ? [i] : []));

const atomic = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'atomic/sleep-in-atomic').map((d) => d.range.start.line);

/** The latest diagnostics published for `uri` whose sleep-in-atomic lines are `lines`. */
function diagnosticsWith(client: LspClient, uri: string, lines: number[]): Promise<Diagnostic[]> {
  return client.waitFor(() => {
    const last = [...client.diagnostics].reverse().find((d) => d.uri === uri);
    return last && JSON.stringify(atomic(last.diagnostics)) === JSON.stringify(lines) ? last.diagnostics : undefined;
  }, `${uri} with sleep-in-atomic on lines ${lines.join(', ')}`);
}

test('workspace folder with a.c and b.c, only b.c open: the scan finds a.c and b.c reports what its markers expect', async () => {
  const client = await LspClient.start({ workspaceFolders: [pathToFileURL(FOLDER).href] });
  try {
    await client.open(B_URI, bText, 1);
    const diagnostics = await diagnosticsWith(client, B_URI, EXPECTED_LINES);
    assert.deepEqual(diagnostics.map((d) => d.code), ['atomic/sleep-in-atomic', 'atomic/sleep-in-atomic']);
    assert.match(String(diagnostics[0].message), /^pool_grow\(\) may sleep/);
    assert.match(String(diagnostics[1].message), /^pool_wait_idle\(\) may sleep .*pool_lock/);
    await client.logged(/indexed 2 files of the workspace/);
    const lenses = (await client.codeLenses(B_URI)) ?? [];
    const many = lenses.find((l) => l.range.start.line === positionOf(bText, 'pool_release_many(').line && l.command?.command !== 'locklens.simulate');
    assert.equal(many?.command?.title, 'pool_lock ×1 per call · n in general');
    assert.ok(!client.logs.some((l) => /internal error|left .* out/.test(l.message)), client.logs.map((l) => l.message).join('\n'));
  } finally {
    await client.stop();
  }
});

test('turning locklens.workspace.index.enable off analyses b.c alone again', async () => {
  const client = await LspClient.start({ workspaceFolders: [pathToFileURL(FOLDER).href] });
  try {
    await client.open(B_URI, bText, 1);
    await diagnosticsWith(client, B_URI, EXPECTED_LINES);
    client.settings = { workspace: { index: { enable: false } } };
    await client.changeConfiguration({});
    await diagnosticsWith(client, B_URI, []);
  } finally {
    await client.stop();
  }
});

test('no workspace, both files open: the open a.c feeds b.c, and editing a.c re-analyses b.c', async () => {
  const client = await LspClient.start();
  try {
    await client.open(A_URI, aText, 1);
    await client.open(B_URI, bText, 1);
    await diagnosticsWith(client, B_URI, EXPECTED_LINES);
    // pool_grow() stops sleeping: GFP_ATOMIC. b.c was not edited, yet its pool_grow() finding goes.
    const at = positionOf(aText, 'GFP_KERNEL', 1, 'kmalloc(');
    await client.change(A_URI, 2, [{ range: { start: at, end: { line: at.line, character: at.character + 'GFP_KERNEL'.length } }, text: 'GFP_ATOMIC' }]);
    await diagnosticsWith(client, B_URI, EXPECTED_LINES.slice(1));
    // Closing a.c (no workspace to scan it from) takes its summaries away.
    await client.close(A_URI);
    await diagnosticsWith(client, B_URI, []);
  } finally {
    await client.stop();
  }
});

test('no workspace, b.c alone: silent about the calls into a.c', async () => {
  const client = await LspClient.start();
  try {
    await client.open(B_URI, bText, 1);
    const published = await client.diagnosticsAt(B_URI, 1);
    assert.deepEqual(published.diagnostics, []);
    const lenses = (await client.codeLenses(B_URI)) ?? [];
    assert.ok(!lenses.some((l) => /pool_lock/.test(String(l.command?.title))), 'no pool_lock counted without a.c');
    assert.ok(!client.logs.some((l) => /indexed/.test(l.message)), 'nothing to scan');
  } finally {
    await client.stop();
  }
});
