/**
 * False alarms found on the Linux 6.12 corpus (test/corpus/ledger.md), each
 * reduced to a fixture of our own in this directory that reproduces the shape
 * of the kernel code, not its text. Every fixture is correct code, so:
 *  - no error- or warning-severity finding at all, and
 *  - no finding of the codes its header comment names (back-to-back is
 *    information-level: a fixture names it when that is its false alarm).
 * A fixture the engine still gets wrong is `todo` below, with the diagnosis of
 * its shape, until the engine is fixed; the last test lists todos that pass.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { createCParser, type Parser } from '../../../server/src/parsing/parser';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const DIR = path.join(REPO_ROOT, 'test', 'corpus', 'false-alarms');

/** Fixtures the engine does not yet keep silent: file → the shape it gets wrong (diagnosis for the engine). */
const TODO: Record<string, string> = {
  'nonnull_result_means_container_locked.c': 'the helper passes the container to functions it cannot read (`box_find_ready(b)`, as bcachefs passes the journal to accessors like `journal_cur_seq(j)`), so the engine cannot be sure the mutex is still held where it returns the item and summarises no hold (with a helper it can read it summarises the hold, but keyed to a zero result, not to the non-NULL non-error one); and the wrapper returns the result it got inside `wait_event()`, a hold still pending on a returned variable, which is not passed on to callers either',
  'deep_callee_releases.c': 'not a summary gap: the release three calls deep reaches the thread (do_recovery() is summarised as releasing the rwsem); the reported path is the first pass of the loop, where RECOVER_DOWN is found set before any recovery released the rwsem. Only the cross-thread protocol excludes it (the stop request sets RECOVER_DOWN only after clearing SPACE_RUNNING, which enable_access() sets after its up_write()), so a single-thread analysis cannot prove it; it needs knowledge of the flag protocol (e.g. a bit set only by code that runs after the release)',
};

const fixtures = fs.readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();
const CODE = /\b(?:lock|atomic|idr)\/[a-z-]+/g;

let parser: Parser | undefined;

/** The problems the analysis reports on a fixture; empty when it stays silent as it must. */
async function problems(name: string): Promise<string[]> {
  parser ??= await createCParser();
  const text = fs.readFileSync(path.join(DIR, name), 'utf8');
  const header = text.slice(0, text.indexOf('*/') + 2);
  const named = new Set(header.match(CODE) ?? []);
  const analysis = analyzeText(parser, name, text);
  const out: string[] = [];
  if (analysis.skipped) out.push(`skipped: ${analysis.skipped}`);
  if (analysis.functions.length === 0) out.push('no function found');
  for (const f of analysis.findings) {
    if (named.has(f.code) || f.severity === 'error' || f.severity === 'warning') {
      out.push(`${f.span.start.line}: ${f.function}: ${f.code}: ${f.message}`);
    }
  }
  return out;
}

for (const name of fixtures) {
  test(`false-alarm shape stays silent: ${name}`, TODO[name] ? { todo: TODO[name] } : {}, async () => {
    assert.deepEqual(await problems(name), []);
  });
}

test('every fixture names the code of its false alarm, and every todo names a fixture', () => {
  for (const name of fixtures) {
    const text = fs.readFileSync(path.join(DIR, name), 'utf8');
    assert.ok((text.slice(0, text.indexOf('*/')).match(CODE) ?? []).length > 0, `${name}: its header names no diagnostic code`);
  }
  for (const name of Object.keys(TODO)) assert.ok(fixtures.includes(name), `TODO names a missing fixture: ${name}`);
});

test('todo fixtures that the engine now keeps silent (remove them from TODO)', async (t) => {
  for (const name of Object.keys(TODO).filter((n) => fixtures.includes(n))) {
    if ((await problems(name)).length === 0) t.diagnostic(`${name} now stays silent: remove it from TODO`);
  }
});
