/**
 * Word edits (typing or deleting inside an identifier or a number) derive the new
 * shape rewrite from the previous one instead of rewriting the whole text. After
 * any sequence of edits, word edits or not, the kept code and shapes must be
 * exactly those of a full rewrite of the same text.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Parser } from 'web-tree-sitter';
import { createCParser } from '../../server/src/parsing/parser';
import { prepareSource, DEFAULT_ITERATOR_PATTERNS } from '../../server/src/parsing/kernelShapes';
import { DocumentTree } from '../../server/src/documents/documentTree';
import { generateKernelFile, Random } from '../../bench/kernelGen';
import { readRepoFile } from './harness';

/** Every shape the rewrite knows, with words close to the ones it reacts to. */
const SHAPES_FIXTURE = `#define for_each_thing(t, h) \\
\tfor (t = (h)->first; t; t = t->next)
static int counter __read_mostly;

void take(struct dev *dev) __acquires(&dev->lock)
{
\tstruct item *it, *tmp;
\tstruct dev *d = container_of(dev->p, struct dev, node);
\tvoid __user *up = NULL;

#if 0
\tlegacy_call(dev, 0x1f);
#else
\tmodern_call(dev, 0x2f);
#endif
\tlist_for_each_entry(it, &dev->items, node) {
\t\tit->n += 10;
\t}
\tif (dev->n)
\t\tdo_work(dev);
\telse for_each_thing(it, dev) {
\t\tit->seen = 1;
\t}
\tdo list_for_each_entry_safe(it, tmp, &dev->items, node) {
\t\tkfree(it);
\t} while (0);
\tscoped_guard(spinlock, &dev->lock) {
\t\tdev->n = 2; /* a word in a comment: done */
\t}
\tpr_info("words in a string: dox %d\\n", dev->n);
\tspin_lock(&dev->lock);
}
`;

const WORD_CHARS = 'abcdefghijklmnopqrstuvwxyz_0123456789';
const OTHER_EDITS = ['{', '}', '\n', ';', '/*', '*/', '#if 0\n', '#endif\n', ' ', '(', ')', '"', 'list_for_each_entry(p, &h, n) {', ', struct '];

function randomWord(r: Random): string {
  let w = '';
  for (let i = r.int(1, 3); i > 0; i--) w += WORD_CHARS[r.int(0, WORD_CHARS.length - 1)];
  return w;
}

/** A random edit: mostly inside or next to a word, sometimes anything. */
function randomEdit(r: Random, text: string): string {
  const at = r.int(0, text.length);
  if (r.chance(0.8)) {
    const choice = r.int(0, 2);
    if (choice === 0) return text.slice(0, at) + randomWord(r) + text.slice(at);
    let end = at;
    while (end < text.length && end - at < 3 && /\w/.test(text[end])) end++;
    return text.slice(0, at) + (choice === 1 ? '' : randomWord(r)) + text.slice(end);
  }
  const removed = r.chance(0.3) ? r.int(0, 12) : 0;
  return text.slice(0, at) + r.pick(OTHER_EDITS) + text.slice(Math.min(text.length, at + removed));
}

function assertSameRewrite(doc: DocumentTree, parser: Parser, text: string, version: number, what: string): 'word' | 'full' {
  const parsed = doc.update(parser, text, version, DEFAULT_ITERATOR_PATTERNS);
  const full = prepareSource(text, { iteratorPatterns: DEFAULT_ITERATOR_PATTERNS });
  assert.equal(parsed.text, text);
  if (parsed.code !== full.code) assert.fail(`${what}: the kept code differs from a full rewrite`);
  assert.deepEqual(parsed.shapes, full.shapes, `${what}: shapes`);
  return doc.lastStats!.rewrite;
}

test('after random word and other edits, the kept rewrite equals a full rewrite of the text', async () => {
  const parser = await createCParser();
  const sources = [SHAPES_FIXTURE, readRepoFile('samples/pidmap/pid_before.c'), generateKernelFile({ seed: 21, lines: 400 }).text];
  let words = 0;
  let edits = 0;
  for (const [s, source] of sources.entries()) {
    const r = new Random(100 + s);
    const doc = new DocumentTree();
    let text = source;
    let version = 1;
    assertSameRewrite(doc, parser, text, version, `source ${s}`);
    for (let i = 0; i < 300; i++) {
      text = randomEdit(r, text);
      // Bursts of edits drift far from the source; start over from it now and then.
      if (i % 50 === 49) text = source;
      if (assertSameRewrite(doc, parser, text, ++version, `source ${s}, edit ${i}`) === 'word') words++;
      edits++;
    }
    doc.dispose();
  }
  // Most random edits here are word edits; many must take the fast path for it to matter.
  assert.ok(words > edits / 3, `${words} of ${edits} edits reused the rewrite`);
  parser.delete();
});

test('word edits that change what the rewrite sees take the full rewrite', async () => {
  const parser = await createCParser();
  const cases: Array<[string, string, 'word' | 'full']> = [
    ['#if 0', '#if 1', 'full'],
    ['__user', '__users', 'full'],
    ['list_for_each_entry(it, &dev->items', 'list_for_each_entryx(it, &dev->items', 'full'],
    ['\tdo list_for_each', '\tdox list_for_each', 'full'],
    ['legacy_call(dev, 0x1f)', 'legacy_call(dev, 0x1e)', 'full'],
    ['struct dev, node', 'struct device, node', 'word'],
    ['it->n += 10', 'it->n += 100', 'word'],
    ['modern_call(dev', 'modern_calls(dev', 'word'],
    ['a comment: done', 'a comment: dune', 'word'],
  ];
  for (const [from, to, expected] of cases) {
    const doc = new DocumentTree();
    assert.ok(SHAPES_FIXTURE.includes(from), from);
    assertSameRewrite(doc, parser, SHAPES_FIXTURE, 1, from);
    assert.equal(assertSameRewrite(doc, parser, SHAPES_FIXTURE.replace(from, to), 2, `${from} → ${to}`), expected, `${from} → ${to}`);
    doc.dispose();
  }
  parser.delete();
});
