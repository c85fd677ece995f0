/**
 * The per-function cache: after an edit, the result equals a fresh analysis of
 * the new text (lines shifted, callers of a changed callee re-analysed), while
 * untouched functions are reused.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createCParser, type Parser } from '../../server/src/parsing/parser';
import { analyzeParsed, FunctionCache, parseFile } from '../../server/src/analysis/analyzeFile';

const SAMPLE = fs.readFileSync(path.resolve(__dirname, '../../../samples/pidmap/pid_before.c'), 'utf8');
const LOOPS = fs.readFileSync(path.resolve(__dirname, '../../../test/fixtures/engine/loops.c'), 'utf8');
let parser: Parser;
before(async () => {
  parser = await createCParser();
});

function analyse(text: string, cache?: FunctionCache) {
  const file = parseFile(parser, text);
  try {
    return analyzeParsed(file, 'x.c', undefined, undefined, cache).analysis;
  } finally {
    file.tree.delete();
  }
}

test('a line inserted above every function: all reused, every line shifted, same as fresh', () => {
  const cache = new FunctionCache();
  analyse(SAMPLE, cache);
  const edited = SAMPLE.replace('static DEFINE_SPINLOCK(pidmap_lock);', '/* moved */\nstatic DEFINE_SPINLOCK(pidmap_lock);');
  assert.notEqual(edited, SAMPLE);
  cache.hits = cache.misses = 0;
  const reused = analyse(edited, cache);
  assert.ok(cache.hits >= 3 && cache.misses === 0, `hits ${cache.hits}, misses ${cache.misses}`);
  assert.deepEqual(reused, analyse(edited));
});

test('an edit inside one function re-analyses it alone', () => {
  const cache = new FunctionCache();
  analyse(SAMPLE, cache);
  const edited = SAMPLE.replace('ns->pid_allocated &= ~PIDNS_ADDING;', 'ns->pid_allocated &= ~(PIDNS_ADDING);');
  assert.notEqual(edited, SAMPLE);
  cache.hits = cache.misses = 0;
  const result = analyse(edited, cache);
  assert.equal(cache.misses, 1);
  assert.deepEqual(result, analyse(edited));
});

test('a callee whose summary changes makes its callers re-analysed', () => {
  const cache = new FunctionCache();
  const before = analyse(LOOPS, cache);
  const count = (a: typeof before, fn: string) => a.functions.find((f) => f.name === fn)?.locks.find((l) => l.lock === 'pool_lock')?.acquiresOnCommonPath;
  assert.equal(count(before, 'pool_release_n'), 1);
  // pool_release_one now takes the lock twice: its caller's count follows.
  const edited = LOOPS.replace('\tpool_free++;\n\tspin_unlock(&pool_lock);\n}', '\tpool_free++;\n\tspin_unlock(&pool_lock);\n\tspin_lock(&pool_lock);\n\tspin_unlock(&pool_lock);\n}');
  assert.notEqual(edited, LOOPS);
  const after = analyse(edited, cache);
  assert.equal(count(after, 'pool_release_n'), 2);
  assert.deepEqual(after, analyse(edited));
});

test('changed settings forget the cache', () => {
  const cache = new FunctionCache();
  analyse(SAMPLE, cache);
  const file = parseFile(parser, SAMPLE);
  cache.hits = cache.misses = 0;
  analyzeParsed(file, 'x.c', { ...(require('../../server/src/config').DEFAULT_SETTINGS), functionBudget: 12345 }, undefined, cache);
  file.tree.delete();
  assert.equal(cache.hits, 0);
});

// Through a document's kept tree the cache matches functions by position (DocumentTree
// says what changed); these edits change what a function means without touching its code.
import { DocumentTree } from '../../server/src/documents/documentTree';
import { DEFAULT_SETTINGS } from '../../server/src/config';

const CONTRACT = `static DEFINE_SPINLOCK(a);
static DEFINE_SPINLOCK(b);

static void take_a(void) __acquires(&a)
{
	spin_lock(&a);
}

static void put_a(void) __releases(&a)
{
	spin_unlock(&a);
}

#if 1
static void twice(void)
{
	spin_lock(&b);
	spin_unlock(&b);
	spin_lock(&b);
	spin_unlock(&b);
}
#endif

static int user(void)
{
	take_a();
	put_a();
	return 0;
}
`;

function editAndCompare(doc: DocumentTree, cache: FunctionCache, text: string, version: number) {
  const file = doc.update(parser, text, version, DEFAULT_SETTINGS.iteratorPatterns);
  cache.hits = cache.misses = 0;
  const kept = analyzeParsed(file, 'x.c', DEFAULT_SETTINGS, undefined, cache);
  const parsed = parseFile(parser, text);
  try {
    const fresh = analyzeParsed(parsed, 'x.c', DEFAULT_SETTINGS);
    assert.deepEqual(kept.analysis, fresh.analysis);
    assert.deepEqual(kept.summaries, fresh.summaries);
  } finally {
    parsed.tree.delete();
  }
  return kept.analysis;
}

test('document edits: one function re-analysed by position, the rest reused; results equal a fresh analysis', () => {
  const doc = new DocumentTree();
  const cache = new FunctionCache();
  try {
    editAndCompare(doc, cache, CONTRACT, 1);
    assert.equal(cache.hits, 0);
    // One character inside `user`: only it is analysed again.
    editAndCompare(doc, cache, CONTRACT.replace('return 0;', 'return 1;'), 2);
    assert.equal(cache.misses, 1);
    assert.ok(cache.hits >= 3, `hits ${cache.hits}`);
    // A line added above everything moves every function: all reused.
    editAndCompare(doc, cache, '\n' + CONTRACT.replace('return 0;', 'return 1;'), 3);
    assert.equal(cache.misses, 0);
  } finally {
    doc.dispose();
  }
});

test('document edits: an annotation argument (blanked in the code) and a far-away #if change the result', () => {
  const doc = new DocumentTree();
  const cache = new FunctionCache();
  try {
    const before = editAndCompare(doc, cache, CONTRACT, 1);
    const codes = (a: typeof before) => a.findings.map((f) => `${f.code}@${f.span.start.line}`).sort();
    // The contract now names another lock (callers are told take_a returns holding b):
    // the code is the same, the text is not, so take_a is analysed again.
    editAndCompare(doc, cache, CONTRACT.replace('__acquires(&a)', '__acquires(&b)'), 2);
    assert.equal(cache.misses, 1);
    // Back to the original text: same findings as at first.
    assert.deepEqual(codes(editAndCompare(doc, cache, CONTRACT, 3)), codes(before));
    // `#if 1` → `#if 0` blanks `twice` (its text is unchanged): it and its back-to-back go.
    const off = editAndCompare(doc, cache, CONTRACT.replace('#if 1', '#if 0'), 4);
    assert.ok(!off.functions.some((f) => f.name === 'twice'));
    assert.ok(before.functions.some((f) => f.name === 'twice'));
    // And back: `twice` is analysed again, not mistaken for what was there.
    const on = editAndCompare(doc, cache, CONTRACT, 5);
    assert.deepEqual(codes(on), codes(before));
  } finally {
    doc.dispose();
  }
});
