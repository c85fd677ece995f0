/**
 * Internal failures, injected on purpose (LOCKLENS_FAULT_INJECTION): an analysis
 * that throws, a worker that dies, a worker that hangs. Each is logged with what
 * is needed to reproduce it, and the server carries on serving every document.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { LspClient } from './harness';

const GOOD = 'file:///work/faults/good.c';
const TEXT = 'static int helper(int a)\n{\n\treturn a;\n}\n';
const NAME = { line: 0, character: 13 };

let client: LspClient;
before(async () => {
  client = await LspClient.start({ env: { LOCKLENS_FAULT_INJECTION: '1', LOCKLENS_JOB_TIME_LIMIT_MS: '1500' } });
  await client.open(GOOD, TEXT, 1);
  await client.diagnosticsAt(GOOD, 1);
});
after(async () => { await client.stop(); });

/** Removes the marker comment (line 0) with an incremental edit, then checks the document is analysed again. */
async function recovers(uri: string, marker: string): Promise<void> {
  await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: marker.length } }, text: '' }]);
  await client.diagnosticsAt(uri, 2);
  assert.ok(await client.hover(uri, { line: 1, character: 13 }), `hover after ${marker} is gone`);
  assert.ok(await client.hover(GOOD, NAME), 'the other document is still served');
  await client.close(uri);
}

test('an analysis that throws is logged with version, settings and a saved copy of the input', async () => {
  const uri = 'file:///work/faults/throws.c';
  const text = `/*locklens:throw*/\n${TEXT}`;
  await client.open(uri, text, 1);
  const { diagnostics } = await client.diagnosticsAt(uri, 1);
  assert.deepEqual(diagnostics, []);
  const log = await client.logged(/internal error in analysis of file:\/\/\/work\/faults\/throws\.c/);
  assert.match(log.message, /version 1; \d+ chars, input saved to (\S+\.c); settings \{\}\nError: injected fault: analysis threw/);
  const saved = /input saved to (\S+\.c);/.exec(log.message)![1];
  assert.equal(fs.readFileSync(saved, 'utf8'), text);
  await recovers(uri, '/*locklens:throw*/');
});

test('a worker that dies is replaced, and the document that killed it is named', async () => {
  const uri = 'file:///work/faults/crash.c';
  await client.open(uri, `/*locklens:crash*/\n${TEXT}`, 1);
  await client.diagnosticsAt(uri, 1);
  const log = await client.logged(/analysis worker exited with code 70; restarting it/);
  assert.ok(log);
  await recovers(uri, '/*locklens:crash*/');
});

test('a hung analysis is stopped at its time limit while other documents are still answered', async () => {
  const uri = 'file:///work/faults/hang.c';
  await client.open(uri, `/*locklens:hang*/\n${TEXT}`, 1);
  // The good document's facts are fresh, so the LSP thread answers at once despite the hung worker.
  assert.ok(await client.hover(GOOD, NAME));
  assert.equal(client.diagnostics.some((d) => d.uri === uri), false, 'the hung analysis has not finished');
  // A document opened meanwhile waits behind the hung job and goes to the replacement worker.
  const innocent = 'file:///work/faults/innocent.c';
  await client.open(innocent, TEXT, 1);
  await client.diagnosticsAt(uri, 1);
  await client.logged(/internal error in analysis of file:\/\/\/work\/faults\/hang\.c; version 1; .*\nError: stopped after 1500 ms/);
  await client.diagnosticsAt(innocent, 1);
  assert.ok(await client.hover(innocent, NAME));
  assert.ok(!client.logs.some((l) => l.message.includes('innocent.c')), 'the queued job did not fail with the hung one');
  await client.close(innocent);
  await recovers(uri, '/*locklens:hang*/');
});
