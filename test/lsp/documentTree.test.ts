/**
 * Incremental re-parsing: after any sequence of edits, the kept tree must equal a
 * fresh parse of the same text, including edits that change kernel-shape rewrites
 * away from the edited spot.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Parser, Tree } from 'web-tree-sitter';
import { createCParser } from '../../server/src/parsing/parser';
import { prepareSource, DEFAULT_ITERATOR_PATTERNS } from '../../server/src/parsing/kernelShapes';
import { diffEdit } from '../../server/src/documents/codeDiff';
import { DocumentTree } from '../../server/src/documents/documentTree';
import { readRepoFile } from './harness';

/** Every node's type and extent, in pre-order (iteratively): stricter than the S-expression, which omits positions. */
function layout(tree: Tree): string {
  const out: string[] = [];
  const cursor = tree.walk();
  try {
    for (;;) {
      const p = cursor.startPosition;
      out.push(`${cursor.nodeType}@${cursor.startIndex}-${cursor.endIndex}:${p.row}.${p.column}`);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return out.join(' ');
    }
  } finally {
    cursor.delete();
  }
}

function fresh(parser: Parser, text: string): string {
  const tree = parser.parse(prepareSource(text, { iteratorPatterns: DEFAULT_ITERATOR_PATTERNS }).code)!;
  try {
    return layout(tree);
  } finally {
    tree.delete();
  }
}

/** A small seeded generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = ['{', '}', '\n', ';', '/*', '*/', '#if 0\n', '#endif\n', 'list_for_each_entry(p, &head, node) {', 'spin_lock(&l);\n',
  '__acquires(x) ', 'scoped_guard(spinlock, &l) {', '"', 'é', '😀', '\t\tx++;\n', '('];

test('diffEdit gives rows and UTF-16 columns of the changed middle', () => {
  assert.equal(diffEdit('abc', 'abc'), null);
  assert.deepEqual(diffEdit('int a;\nint b;\n', 'int a;\nint bb;\n'), {
    startIndex: 12, oldEndIndex: 12, newEndIndex: 13,
    startPosition: { row: 1, column: 5 }, oldEndPosition: { row: 1, column: 5 }, newEndPosition: { row: 1, column: 6 },
  });
  const e = diffEdit('a\nb\nc', 'a\nc')!;
  assert.equal(e.oldEndIndex - e.startIndex - (e.newEndIndex - e.startIndex), 2);
  const ins = diffEdit('aaa', 'aaaa')!;
  assert.equal(ins.newEndIndex - ins.oldEndIndex, 1);
  const multi = diffEdit('x', 'x\n\ny')!;
  assert.deepEqual(multi.newEndPosition, { row: 2, column: 1 });
});

/**
 * Tree-sitter's error recovery may legitimately build a different (equally valid)
 * tree incrementally than from scratch, so, as in tree-sitter's own randomized
 * tests, trees are compared when the text is error-free: after each burst of
 * random edits is undone, and whenever an edit happens to leave valid C.
 */
test('the kept tree matches a fresh parse after 60 bursts of random edits and their undoing', async () => {
  const parser = await createCParser();
  const next = random(20261125);
  const original = readRepoFile('samples/pidmap/pid_before.c');
  const doc = new DocumentTree();
  let version = 1;
  doc.update(parser, original, version, DEFAULT_ITERATOR_PATTERNS);
  let incremental = 0;
  let compared = 0;
  for (let burst = 0; burst < 60; burst++) {
    const history: string[] = [];
    let text = original;
    for (let i = 0; i < 5; i++) {
      const at = Math.floor(next() * (text.length + 1));
      const removed = next() < 0.4 ? Math.floor(next() * 40) : 0;
      const inserted = next() < 0.8 ? SNIPPETS[Math.floor(next() * SNIPPETS.length)] : '';
      history.push(text);
      text = text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + removed));
      const parsed = doc.update(parser, text, ++version, DEFAULT_ITERATOR_PATTERNS);
      if (doc.lastStats?.incremental) incremental++;
      assert.equal(parsed.text, text);
      if (!parsed.tree.rootNode.hasError) {
        compared++;
        assert.equal(layout(parsed.tree), fresh(parser, text), `diverged in burst ${burst}, edit ${i}`);
      }
    }
    while (history.length) {
      text = history.pop()!;
      doc.update(parser, text, ++version, DEFAULT_ITERATOR_PATTERNS);
    }
    compared++;
    assert.equal(layout(doc.update(parser, text, version, DEFAULT_ITERATOR_PATTERNS).tree), fresh(parser, original), `diverged after undoing burst ${burst}`);
  }
  assert.equal(incremental, 300, 'every update after the first reuses the old tree');
  assert.ok(compared >= 60);
  doc.dispose();
  parser.delete();
});

test('an edit that changes a rewrite far from it (opening #if 0) still matches a fresh parse', async () => {
  const parser = await createCParser();
  const doc = new DocumentTree();
  let text = readRepoFile('samples/pidmap/pid_after.c');
  doc.update(parser, text, 1, DEFAULT_ITERATOR_PATTERNS);
  const at = text.indexOf('void free_pid');
  text = `${text.slice(0, at)}#if 0\n${text.slice(at)}`;
  assert.equal(layout(doc.update(parser, text, 2, DEFAULT_ITERATOR_PATTERNS).tree), fresh(parser, text));
  text = text.replace('#if 0\n', '');
  assert.equal(layout(doc.update(parser, text, 3, DEFAULT_ITERATOR_PATTERNS).tree), fresh(parser, text));
  doc.dispose();
  parser.delete();
});
