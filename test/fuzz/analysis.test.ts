/**
 * The engine's entry point, analyzeText, on generated bad input and on the extremes:
 * no exception escapes, no function reports an internal error, results are
 * well-formed and deterministic, each file is parsed once with counted (linear)
 * parse work, and memory (JS heap and the parser's WASM heap) stays bounded.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as v8 from 'v8';
import * as vm from 'vm';
import type { Parser } from 'web-tree-sitter';
import { analyzeText } from '../../server/src/analysis/analyzeFile';
import type { FileAnalysis } from '../../server/src/analysis/types';
import { createCParser } from '../../server/src/parsing/parser';
import { assertAnalysisShape, countCursorSteps, countingParser } from './analysisChecks';
import { describeCaseFailure, fuzzCases, fuzzRuns, fuzzScale, LONG_RUN, seedNote } from './fuzzPlan';
import { extremeCases, textOf, type FuzzCase } from './generate';

/** Parse progress callbacks per character: observed at most 0.05; far above means re-parsing or worse. */
const PARSE_WORK_PER_CHAR = 1;
/** Tree-cursor moves per character: observed at most about 2; reading 16,000 functions by their paths from the root took 250. */
const CURSOR_STEPS_PER_CHAR = 8;

let parser: Parser;
before(async () => {
  parser = await createCParser();
});

/** Notes the engine writes when it caught one of its own exceptions on a function. */
function internalErrors(a: FileAnalysis): string[] {
  return a.functions.flatMap((f) => f.notes.filter((n) => /internal error/i.test(n)).map((n) => `${f.name}: ${n}`));
}

/** Analyses one case with every check; throws a reproducible description on failure. */
function analyzeChecked(c: FuzzCase, target: string, { twice = false } = {}): FileAnalysis {
  const counting = countingParser(parser);
  const text = textOf(c);
  try {
    const { result: a, steps } = countCursorSteps(() => analyzeText(counting.parser, 'fuzz.c', text));
    assert.ok(steps <= CURSOR_STEPS_PER_CHAR * text.length + 1000, `${steps} tree-cursor steps for ${text.length} chars`);
    assertAnalysisShape(a, 'fuzz.c', text);
    assert.deepEqual(internalErrors(a), [], 'the engine caught an internal error');
    assert.equal(counting.parses(), a.skipped === null ? 1 : 0, 'parsed once (or not at all when skipped)');
    assert.ok(counting.work() <= PARSE_WORK_PER_CHAR * text.length + 100, `parse work ${counting.work()} for ${text.length} chars`);
    if (twice) assert.deepEqual(analyzeText(parser, 'fuzz.c', text), a, 'the same text gives the same facts');
    return a;
  } catch (err) {
    throw describeCaseFailure(target, c, err);
  }
}

const runs = fuzzRuns(40);

test(`analyzeText survives generated bad input (${seedNote(runs)})`, { timeout: 600_000 }, () => {
  const cases = fuzzCases('analysis', runs);
  // Carry on past a failure (a long run should shake out more than one); report the first few distinct ones.
  const failures = new Map<string, Error>();
  cases.forEach((c, i) => {
    try {
      analyzeChecked(c, 'analysis', { twice: i % 4 === 0 });
    } catch (err) {
      const e = err as Error;
      const kind = /\n(\w*Error[^\n]*)/.exec(e.message)?.[1] ?? e.message;
      if (!failures.has(kind) && failures.size < 5) failures.set(kind, e);
    }
  });
  if (failures.size) throw new Error([...failures.values()].map((e) => e.message).join('\n\n'));
});

/**
 * Extremes the engine is too slow on (a label pattern and the reason), run in long
 * runs only, as todo. Empty since path states keep at most 16 branch facts
 * (1,000 sequential if/else lock-or-unlock statements: 53 s before, about 2 s after).
 */
const ENGINE_TOO_SLOW: Array<[RegExp, string]> = [];

for (const extreme of extremeCases(fuzzScale())) {
  const slow = ENGINE_TOO_SLOW.find(([re]) => re.test(extreme.label));
  test(`analyzeText on ${extreme.label}`, { timeout: 600_000, todo: slow?.[1] }, () => {
    if (slow && !LONG_RUN) return;
    const c = { label: extreme.label, bytes: extreme.make() };
    const a = analyzeChecked(c, 'analysis');
    if (a.skipped === null && /nested|switch|sequential|gotos|lock pairs/.test(extreme.label)) {
      assert.ok(a.functions.length >= 1, 'the function around the extreme is still reported');
    }
  });
}

/** The JS heap and the external (WASM) memory after a full collection. */
function memoryAfterGc(): { heap: number; external: number } {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external };
}

test('memory stays bounded over repeated rounds of bad input (no leaked trees or caches)', { timeout: 600_000 }, () => {
  const cases = fuzzCases('memory', Math.max(20, Math.floor(runs / 2)));
  const round = () => { for (const c of cases) analyzeText(parser, 'fuzz.c', textOf(c)); };
  round();
  const start = memoryAfterGc();
  for (let r = 0; r < 4; r++) round();
  const end = memoryAfterGc();
  const MB = 1024 * 1024;
  // Generous: a leaked tree per analysis would add hundreds of MB of WASM memory over these rounds.
  assert.ok(end.heap - start.heap < 32 * MB, `JS heap grew ${((end.heap - start.heap) / MB).toFixed(1)} MB`);
  assert.ok(end.external - start.external < 32 * MB, `WASM/external memory grew ${((end.external - start.external) / MB).toFixed(1)} MB`);
});
