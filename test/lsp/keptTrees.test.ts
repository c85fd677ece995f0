/**
 * Only the most recently updated documents keep their parse tree (WASM memory
 * never shrinks); a document that let its tree go is parsed in full next time,
 * to the same tree a fresh parse gives.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createCParser } from '../../server/src/parsing/parser';
import { prepareSource, DEFAULT_ITERATOR_PATTERNS } from '../../server/src/parsing/kernelShapes';
import { DocumentTree, MAX_KEPT_TREES } from '../../server/src/documents/documentTree';
import { generateKernelFile } from '../../bench/kernelGen';

test(`at most ${MAX_KEPT_TREES} documents keep a tree; the others re-parse in full when updated`, async () => {
  const parser = await createCParser();
  const texts = Array.from({ length: MAX_KEPT_TREES + 3 }, (_, i) => generateKernelFile({ seed: 40 + i, lines: 120 }).text);
  const docs = texts.map(() => new DocumentTree());
  docs.forEach((doc, i) => doc.update(parser, texts[i], 1, DEFAULT_ITERATOR_PATTERNS));
  assert.deepEqual(docs.map((d) => d.holdsTree), docs.map((_, i) => i >= 3), 'the three least recently updated let go');

  // The first document is edited: a full parse, equal to a fresh one, and it is kept again.
  const edited = texts[0].replace('int ret = 0', 'int ret = 1');
  const parsed = docs[0].update(parser, edited, 2, DEFAULT_ITERATOR_PATTERNS);
  assert.equal(docs[0].lastStats?.incremental, false);
  const fresh = parser.parse(prepareSource(edited, { iteratorPatterns: DEFAULT_ITERATOR_PATTERNS }).code)!;
  assert.equal(parsed.tree.rootNode.toString(), fresh.rootNode.toString());
  fresh.delete();
  assert.ok(docs[0].holdsTree);
  assert.ok(!docs[3].holdsTree, 'the least recently updated one let go in its place');

  // A kept document still re-parses incrementally.
  docs[5].update(parser, texts[5].replace('int ret = 0', 'int ret = 2'), 2, DEFAULT_ITERATOR_PATTERNS);
  assert.equal(docs[5].lastStats?.incremental, true);
  for (const d of docs) d.dispose();
  parser.delete();
});
