/**
 * The engine on fixtures of our own (test/fixtures/engine/*.c), read through
 * inline markers:
 *   `/* expect: lock/double-acquire *\/` on a line: that finding, on that line;
 *   `// facts: <function> <lock> common=N max=N|null formula="…" b2b=yes|no held=yes|no entry=yes|no`
 * Every finding must be expected and every expectation found, so a correct
 * function with no marker must stay silent.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { createCParser, type Parser } from '../../server/src/parsing/parser';
import { analyzeText } from '../../server/src/analysis/analyzeFile';
import type { FileAnalysis } from '../../server/src/analysis/types';

const DIR = path.resolve(__dirname, '../../../test/fixtures/engine');
let parser: Parser;
before(async () => {
  parser = await createCParser();
});

interface FactsMarker {
  line: number;
  fn: string;
  lock: string;
  fields: Map<string, string>;
}

function readMarkers(text: string): { expected: string[]; facts: FactsMarker[] } {
  const expected: string[] = [];
  const facts: FactsMarker[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/\/\* expect: ([a-z]+\/[a-z-]+) \*\//g)) expected.push(`${i + 1} ${m[1]}`);
    const f = /^\/\/ facts: (\S+) (\S+) (.*)$/.exec(line);
    if (f) {
      const fields = new Map<string, string>();
      for (const kv of f[3].matchAll(/(\w+)=("[^"]*"|\S+)/g)) fields.set(kv[1], kv[2].replace(/^"|"$/g, ''));
      facts.push({ line: i + 1, fn: f[1], lock: f[2], fields });
    }
  });
  return { expected, facts };
}

function checkFacts(file: string, report: FileAnalysis, marker: FactsMarker): void {
  const where = `${file}:${marker.line}`;
  const fn = report.functions.find((f) => f.name === marker.fn);
  assert.ok(fn, `${where}: function ${marker.fn} analysed`);
  const lock = fn.locks.find((l) => l.lock === marker.lock);
  assert.ok(lock, `${where}: ${marker.fn} reports ${marker.lock} (got ${fn.locks.map((l) => l.lock).join(', ') || 'none'})`);
  const yes = (v: string) => v === 'yes';
  for (const [k, v] of marker.fields) {
    switch (k) {
      case 'common': assert.equal(lock.acquiresOnCommonPath, Number(v), `${where}: common-path acquires`); break;
      case 'max': assert.equal(lock.acquiresMax, v === 'null' ? null : Number(v), `${where}: max acquires`); break;
      case 'formula': assert.equal(lock.acquiresFormula, v === 'null' ? null : v, `${where}: formula`); break;
      case 'b2b': assert.equal(lock.backToBack, yes(v), `${where}: back-to-back`); break;
      case 'held': assert.equal(lock.heldAtReturn, yes(v), `${where}: held at return`); break;
      case 'entry': assert.equal(lock.heldOnEntry, yes(v), `${where}: held on entry`); break;
      default: assert.fail(`${where}: unknown facts field ${k}`);
    }
  }
  if (!marker.fields.has('formula')) assert.equal(lock.acquiresFormula, null, `${where}: no symbolic formula expected`);
}

const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

test('the fixture directory has fixtures with markers', () => {
  assert.ok(fixtures.length >= 8, fixtures.join(', '));
});

for (const file of fixtures) {
  test(`fixture ${file}: exactly the expected findings, and the stated facts`, () => {
    const text = fs.readFileSync(path.join(DIR, file), 'utf8');
    const { expected, facts } = readMarkers(text);
    const report = analyzeText(parser, file, text);
    assert.equal(report.skipped, null);
    const got = report.findings.map((f) => `${f.span.start.line} ${f.code}`).sort();
    assert.deepEqual(got, [...expected].sort(), report.findings.map((f) => `${f.span.start.line} ${f.code}: ${f.message}`).join('\n'));
    for (const m of facts) checkFacts(file, report, m);
    // Every finding explains itself and points at something related.
    for (const f of report.findings) {
      assert.ok(f.message.length > 20 && f.function.length > 0, f.message);
      if (f.code !== 'idr/preload-unbalanced') assert.ok(f.related.length > 0, `${f.code} at ${f.span.start.line} has related locations`);
    }
  });
}
