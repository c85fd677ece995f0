/**
 * Summaries across files (analysis/workspaceSummaries.ts) on our two-file pool
 * fixture (test/fixtures/workspace/pool): a.c offers its non-static functions,
 * b.c calls them. `/* expect: code *\/` markers in b.c name every finding it
 * must get with a.c's summaries, and nothing else; alone it gets none.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createCParser, type Parser } from '../../server/src/parsing/parser';
import { analyzeText } from '../../server/src/analysis/analyzeFile';
import { AskedSummaries, analyzeForWorkspace, dependsOn, mergeExports, resolveDefinitions } from '../../server/src/analysis/workspaceSummaries';
import { emptySummary, type FunctionSummary } from '../../server/src/analysis/summaries';
import { DEFAULT_SETTINGS } from '../../server/src/config';

const DIR = path.resolve(__dirname, '../../../test/fixtures/workspace');
const A = path.join(DIR, 'pool', 'a.c');
const B = path.join(DIR, 'pool', 'b.c');
const C = path.join(DIR, 'other', 'c.c');
const read = (f: string) => fs.readFileSync(f, 'utf8');

let parser: Parser;
before(async () => {
  parser = await createCParser();
});

/** `line code` for every `/* expect: code *\/` marker. */
function expected(text: string): string[] {
  return text.split('\n').flatMap((line, i) => [...line.matchAll(/\/\* expect: ([a-z]+\/[a-z-]+) \*\//g)].map((m) => `${i + 1} ${m[1]}`));
}

const exportsOf = (file: string) => analyzeForWorkspace(parser, file, read(file), DEFAULT_SETTINGS).exported;

test('a file offers its non-static functions only: a static one stays private, one without effect has no summary', () => {
  const a = exportsOf(A);
  assert.deepEqual([...a.keys()].sort(), ['pool_flush', 'pool_grow', 'pool_lock_all', 'pool_release_one', 'pool_shutdown', 'pool_unlock_all', 'pool_wait_idle']);
  assert.ok(!a.has('pool_trim'), 'static pool_trim() is not offered');
  assert.deepEqual(a.get('pool_release_one')?.commonOps.map((o) => `${o.op} ${o.lock}`), ['acquire pool_lock', 'release pool_lock']);
  assert.deepEqual(a.get('pool_lock_all')?.acquiresHeld.map((l) => l.lock), ['pool_lock']);
  assert.match(String(a.get('pool_grow')?.maySleep), /kmalloc\(\) with GFP_KERNEL/);
  assert.match(String(a.get('pool_wait_idle')?.maySleep), /msleep/);
  const c = exportsOf(C);
  assert.deepEqual([...c], [['pool_grow', null]], 'defined, but does nothing the engine tracks');
});

test('a name defined twice (non-static) in one file is offered without a summary', () => {
  const text = [
    'static DEFINE_SPINLOCK(l);',
    '#ifdef CONFIG_A',
    'void twice(void) { spin_lock(&l); spin_unlock(&l); }',
    '#endif',
    '#ifndef CONFIG_A',
    'void twice(void) { msleep(1); }',
    '#endif',
  ].join('\n');
  const { exported } = analyzeForWorkspace(parser, 'twice.c', text, DEFAULT_SETTINGS);
  assert.deepEqual([...exported], [['twice', null]]);
});

test('merging: a name defined in exactly one file keeps its summary; two files make it ambiguous', () => {
  const s = (name: string): FunctionSummary => ({ ...emptySummary(name, []), maySleep: 'msleep() may sleep' });
  assert.equal(resolveDefinitions([s('f')])?.name, 'f');
  assert.equal(resolveDefinitions([s('f'), null]), null);
  assert.equal(resolveDefinitions([]), null);
  const merged = mergeExports([new Map([['f', s('f')], ['g', s('g')], ['quiet', null]]), new Map([['g', null]])]);
  assert.deepEqual([...merged.keys()], ['f']);
});

test('AskedSummaries records every name looked up, found or not', () => {
  const inner = new Map([['f', emptySummary('f', [])]]);
  const asking = new AskedSummaries(inner);
  assert.ok(asking.get('f'));
  assert.equal(asking.has('g'), false);
  assert.equal(asking.size, 1);
  assert.deepEqual([...asking.asked].sort(), ['f', 'g']);
  assert.ok(dependsOn(asking.asked, inner));
  assert.ok(!dependsOn(['g'], inner));
});

test('b.c with a.c\'s summaries: exactly the findings its markers expect, and pool_lock counted n times in the loop', () => {
  const external = mergeExports([exportsOf(A), exportsOf(B)]);
  const { analysis, asked } = analyzeForWorkspace(parser, B, read(B), DEFAULT_SETTINGS, external);
  assert.deepEqual(analysis.findings.map((f) => `${f.span.start.line} ${f.code}`), expected(read(B)));
  const [refill, locked] = analysis.findings;
  assert.match(refill.message, /^pool_grow\(\) may sleep .*stats_lock/);
  assert.match(locked.message, /^pool_wait_idle\(\) may sleep .*pool_lock/);
  const many = analysis.functions.find((f) => f.name === 'pool_release_many')!;
  assert.deepEqual(many.locks.map((l) => [l.lock, l.acquiresOnCommonPath, l.acquiresMax, l.acquiresFormula]), [['pool_lock', 1, null, 'n']]);
  // The helper's lock is held between pool_lock_all() and pool_unlock_all(), and released: no held-at-return.
  const peek = analysis.functions.find((f) => f.name === 'pool_peek')!;
  assert.deepEqual(peek.locks.map((l) => [l.lock, l.heldAtReturn]), [['pool_lock', false]]);
  assert.ok(asked.includes('pool_release_one') && asked.includes('pool_trim'));
  assert.ok(!asked.includes('pool_flush'), 'b.c defines its own pool_flush(): never looked up outside');
});

test('b.c alone knows nothing of a.c: silent, and no lock counted for the calls', () => {
  const analysis = analyzeText(parser, B, read(B), DEFAULT_SETTINGS);
  assert.deepEqual(analysis.findings, []);
  assert.deepEqual(analysis.functions.find((f) => f.name === 'pool_release_many')?.locks, []);
});

test('with a second definition of pool_grow() elsewhere, b.c relies on neither', () => {
  const external = mergeExports([exportsOf(A), exportsOf(B), exportsOf(C)]);
  assert.ok(!external.has('pool_grow'));
  const analysis = analyzeText(parser, B, read(B), DEFAULT_SETTINGS, external);
  assert.deepEqual(analysis.findings.map((f) => f.span.start.line), [expected(read(B)).map((e) => Number(e.split(' ')[0]))[1]],
    'only the pool_wait_idle() finding is left');
});
