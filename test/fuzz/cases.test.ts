/**
 * Inputs the fuzzers found the engine wrong or slow on, kept as regression
 * fixtures. Each is analysed with the usual checks; the bigger ones in long runs
 * only (LOCKLENS_FUZZ_RUNS set). Times were measured on a loaded 2-core machine;
 * `npm run bench` is where the engine's speed is measured.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Parser } from 'web-tree-sitter';
import { analyzeText } from '../../server/src/analysis/analyzeFile';
import { createCParser } from '../../server/src/parsing/parser';
import { assertAnalysisShape } from './analysisChecks';
import { LONG_RUN } from './fuzzPlan';
import { REPO_ROOT } from './generate';

const CASES = path.join(REPO_ROOT, 'test', 'fuzz', 'cases');

/**
 * Fixture → what the fuzzers found there and how the engine fixed it (each was
 * a todo until then; an entry with a reason string would mark it todo again).
 */
const ENGINE_TODO: Record<string, string | undefined> = {
  // guards whose lock argument is missing or broken are ignored, never named "".
  'guard-without-lock.c': undefined,
  // code after an endless loop is unreachable: the common path stops at the loop.
  'lock-after-endless-loop.c': undefined,
  // path states keep at most 16 branch facts (32 s → about 2 s).
  'sequential-conditional-locks.c': undefined,
  // lock expressions over 160 characters are not names (8 s → about 2.5 s).
  'nested-lock-calls.c': undefined,
  // label scopes kept as a linked chain, guard spans read from a bounded prefix (4.5 s → about 1.7 s).
  'deep-scoped-guards.c': undefined,
  // back-to-back pairs deduplicated with a set (6 s → about 2 s).
  'long-line-lock-pairs.c': undefined,
};

/** The fixtures that cost seconds to minutes: run in long runs only. */
const SLOW = new Set(['sequential-conditional-locks.c', 'nested-lock-calls.c', 'deep-scoped-guards.c', 'long-line-lock-pairs.c']);

let parser: Parser;
before(async () => {
  parser = await createCParser();
});

for (const file of fs.readdirSync(CASES).filter((f) => f.endsWith('.c')).sort()) {
  test(`fuzz case ${file}`, { todo: ENGINE_TODO[file], timeout: 600_000 }, () => {
    if (SLOW.has(file) && !LONG_RUN) return;
    const text = fs.readFileSync(path.join(CASES, file), 'utf8');
    const a = analyzeText(parser, file, text);
    assertAnalysisShape(a, file, text);
    assert.ok(a.functions.some((f) => f.name === 'f'));
    for (const f of a.functions) for (const s of f.sites) assert.ok(s.lock.length > 0, `${s.api} at line ${s.span.start.line} names no lock`);
    assert.deepEqual(a.functions.flatMap((f) => f.notes.filter((n) => /internal error/i.test(n))), []);
  });
}

test('every fixture under cases/ is listed with its reason', () => {
  const files = fs.readdirSync(CASES).filter((f) => f.endsWith('.c')).sort();
  assert.deepEqual(files, Object.keys(ENGINE_TODO).sort());
});
