/**
 * False alarms found on the Linux 6.12 corpus (test/corpus/ledger.md), each
 * reduced to a fixture of our own in this directory that reproduces the shape
 * of the kernel code, not its text. Every fixture is correct code: the analysis
 * must report nothing on it. A fixture the engine still gets wrong is `todo`
 * (listed below with the shape's diagnosis) until the engine is fixed.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { createCParser, type Parser } from '../../../server/src/parsing/parser';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DIR = path.join(REPO_ROOT, 'test', 'corpus', 'false-alarms');

/** Fixtures the engine does not yet keep silent: file → the shape it gets wrong. */
const TODO: Record<string, string> = {};

const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

let parser: Parser | undefined;

for (const name of fixtures) {
  test(`false-alarm shape stays silent: ${name}`, TODO[name] ? { todo: TODO[name] } : {}, async () => {
    parser ??= await createCParser();
    const file = path.join(DIR, name);
    const analysis = analyzeText(parser, file, fs.readFileSync(file, 'utf8'));
    assert.equal(analysis.skipped, null);
    assert.ok(analysis.functions.length > 0, 'the fixture has functions');
    const found = analysis.findings.map((f) => `${f.span.start.line}: ${f.function}: ${f.code}: ${f.message}`);
    assert.deepEqual(found, []);
  });
}

test('every todo names an existing fixture', () => {
  for (const name of Object.keys(TODO)) assert.ok(fixtures.includes(name), name);
});
