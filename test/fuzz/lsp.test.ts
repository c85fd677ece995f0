/**
 * The running language server over JSON-RPC, fed generated bad documents: each
 * is opened, queried at random positions (some past its end) and edited at
 * random; after every one, another open good document is still analysed and
 * answered. Nothing may be logged as an internal error, and the server must live.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspClient, readRepoFile } from '../lsp/harness';
import { CORPUS, TOKENS } from './corpus';
import { describeCaseFailure, fuzzCases, fuzzRuns, FUZZ_SEED, seedNote } from './fuzzPlan';
import { textOf } from './generate';
import { deriveSeed, Rng } from './random';

const GOOD = 'file:///work/fuzz/good.c';
const goodText = readRepoFile('samples/pidmap/pid_after.c');
const goodName = (() => {
  const lines = goodText.split('\n');
  const line = lines.findIndex((l) => l.startsWith('struct pid *alloc_pid('));
  return { line, character: lines[line].indexOf('alloc_pid') + 2 };
})();

let client: LspClient;
before(async () => {
  client = await LspClient.start();
  await client.open(GOOD, goodText, 1);
  await client.diagnosticsAt(GOOD, 1);
  // A second good document, edited along the way: the analyses keep their own trees apart.
  await client.open('file:///work/fuzz/other.c', CORPUS.gotoUnwind, 1);
});
after(async () => { await client.stop(); });

const runs = fuzzRuns(12);

test(`the server answers for the other documents after every generated bad one (${seedNote(runs)})`, { timeout: 600_000 }, async () => {
  let goodVersion = 1;
  for (const [i, c] of fuzzCases('lsp', runs).entries()) {
    const rng = new Rng(deriveSeed(FUZZ_SEED, 'lsp-requests', i));
    const uri = `file:///work/fuzz/case-${i}.c`;
    const text = textOf(c);
    const lines = text.split('\n').length;
    const somewhere = () => ({ line: rng.int(lines + 3), character: rng.int(120) });
    try {
      await client.open(uri, text, 1);
      await client.diagnosticsAt(uri, 1);
      await Promise.all([
        client.hover(uri, somewhere()),
        client.highlights(uri, somewhere()),
        client.codeLenses(uri),
        client.inlayHints(uri, { start: somewhere(), end: somewhere() }),
        client.request('locklens/functionReport', { uri, position: somewhere() }),
      ]);
      // A burst of edits, as typing would send them; only the last version must be published.
      const edits = rng.range(1, 4);
      for (let v = 2; v < 2 + edits; v++) {
        const a = somewhere();
        const b = rng.chance(0.5) ? a : somewhere();
        const [start, end] = a.line < b.line || (a.line === b.line && a.character <= b.character) ? [a, b] : [b, a];
        await client.change(uri, v, [{ range: { start, end }, text: rng.pick(TOKENS) }]);
      }
      await client.diagnosticsAt(uri, 1 + edits);
      await client.hover(uri, somewhere());
      goodVersion++;
      await client.change(GOOD, goodVersion, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
      await client.diagnosticsAt(GOOD, goodVersion);
      assert.ok(await client.hover(GOOD, goodName), 'hover on the good document');
      await client.close(uri);
      assert.ok(client.alive, client.stderr);
      const internal = client.logs.filter((l) => /internal error/i.test(l.message));
      assert.deepEqual(internal.map((l) => l.message), [], 'no internal error logged');
    } catch (err) {
      throw describeCaseFailure('lsp', c, err);
    }
  }
});
