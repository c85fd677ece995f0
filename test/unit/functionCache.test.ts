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
