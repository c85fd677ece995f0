/**
 * What every analysis must satisfy whatever its input: a well-formed result whose
 * lines and spans lie inside the text, and parse work that is counted, not timed.
 */
import * as assert from 'node:assert/strict';
import { TreeCursor, type Parser } from 'web-tree-sitter';
import type { FileAnalysis, SourceSpan } from '../../server/src/analysis/types';

/** Lines as tree-sitter counts them (only `\n` ends a line), which is what the engine reports. */
export function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function assertSpan(span: SourceSpan, lines: number, what: string): void {
  for (const p of [span.start, span.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines, `${what}: line ${p.line} outside 1..${lines}`);
    assert.ok(Number.isInteger(p.column) && p.column >= 0, `${what}: column ${p.column}`);
  }
  assert.ok(span.end.line > span.start.line || (span.end.line === span.start.line && span.end.column >= span.start.column), `${what}: ends before it starts`);
}

/** Field by field: the result of analysing `text` is well-formed and points inside it. */
export function assertAnalysisShape(a: FileAnalysis, path: string, text: string): void {
  const lines = lineCount(text);
  assert.equal(a.path, path);
  assert.ok(a.skipped === null || (typeof a.skipped === 'string' && a.skipped.length > 0));
  if (a.skipped !== null) {
    assert.deepEqual([a.functions.length, a.findings.length], [0, 0], 'a skipped file has no facts');
    return;
  }
  const names = new Set<string>();
  for (const fn of a.functions) {
    names.add(fn.name);
    assert.ok(fn.name.length > 0, 'a function has a name');
    assert.ok(fn.startLine >= 1 && fn.startLine <= fn.endLine && fn.endLine <= lines, `${fn.name}: lines ${fn.startLine}-${fn.endLine} of ${lines}`);
    assertSpan(fn.nameSpan, lines, `${fn.name} name`);
    assert.equal(typeof fn.maySleep, 'boolean');
    assert.ok(Array.isArray(fn.notes) && fn.notes.every((n) => typeof n === 'string'));
    for (const l of fn.locks) {
      assert.ok(l.lock.length > 0 && typeof l.kind === 'string', `${fn.name}: lock ${JSON.stringify(l.lock)}`);
      assert.ok(Number.isInteger(l.acquiresOnCommonPath) && l.acquiresOnCommonPath >= 0, `${fn.name}/${l.lock}: common-path count`);
      assert.ok(l.acquiresMax === null || (Number.isInteger(l.acquiresMax) && l.acquiresMax >= l.acquiresOnCommonPath), `${fn.name}/${l.lock}: max ${l.acquiresMax}`);
      for (const r of l.regions) {
        assert.ok(r.startLine >= fn.startLine && r.startLine <= r.endLine && r.endLine <= fn.endLine, `${fn.name}/${l.lock}: region ${r.startLine}-${r.endLine}`);
      }
    }
    for (const s of fn.sites) {
      assertSpan(s.span, lines, `${fn.name}: ${s.api} site`);
      assert.ok(s.op === 'acquire' || s.op === 'release');
      assert.ok(s.commonPathIndex === null || (Number.isInteger(s.commonPathIndex) && s.commonPathIndex >= 1));
      for (const p of s.partners) assertSpan(p, lines, `${fn.name}: partner of ${s.api}`);
    }
    for (const s of fn.allocSites ?? []) assertSpan(s.span, lines, `${fn.name}: ${s.api} site`);
  }
  for (const f of a.findings) {
    assert.match(f.code, /^[a-z]+\/[a-z-]+$/);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity), f.severity);
    assert.ok(f.message.length > 0);
    assertSpan(f.span, lines, `${f.code} finding`);
    assert.ok(names.has(f.function), `${f.code} names function ${f.function}, which was not reported`);
    for (const r of f.related) assertSpan(r.span, lines, `${f.code} related`);
  }
}

/**
 * The same parser, with tree-sitter's progress callback counting parse work
 * (it is called every few hundred parser operations): a measure of work that
 * does not depend on the machine's speed.
 */
export function countingParser(parser: Parser): { parser: Parser; work: () => number; parses: () => number; reset: () => void } {
  let work = 0;
  let parses = 0;
  const counted = Object.create(parser) as Parser;
  type ParseArgs = Parameters<Parser['parse']>;
  counted.parse = (input: ParseArgs[0], oldTree?: ParseArgs[1], options?: ParseArgs[2]) => {
    parses++;
    const outer = options?.progressCallback as ((state: unknown) => boolean | void) | undefined;
    // A truthy return cancels the parse (the server's parse budget): pass the caller's answer through.
    const progressCallback = ((state: unknown) => {
      work++;
      return outer ? outer(state) : false;
    }) as NonNullable<ParseArgs[2]>['progressCallback'];
    return parser.parse(input, oldTree ?? null, { ...options, progressCallback });
  };
  return { parser: counted, work: () => work, parses: () => parses, reset: () => { work = 0; parses = 0; } };
}

/**
 * Counts tree-cursor moves (first child, next sibling, parent) made anywhere in this
 * process while `run` runs: every walk of the tree crosses into WASM through them,
 * so their number measures tree-walking work.
 */
export function countCursorSteps<T>(run: () => T): { result: T; steps: number } {
  const proto = TreeCursor.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const names = ['gotoFirstChild', 'gotoNextSibling', 'gotoParent', 'gotoFirstChildForIndex', 'gotoDescendant'];
  const originals = names.map((n) => proto[n]);
  let steps = 0;
  names.forEach((n, i) => {
    const original = originals[i];
    proto[n] = function (this: unknown, ...args: unknown[]) {
      steps++;
      return original.apply(this, args);
    };
  });
  try {
    return { result: run(), steps };
  } finally {
    names.forEach((n, i) => { proto[n] = originals[i]; });
  }
}
