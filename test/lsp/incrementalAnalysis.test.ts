/**
 * The server analyses each document's kept, incrementally re-parsed tree rather
 * than parsing the text again: after every edit its facts and findings must be
 * those of a fresh analysis of the same text, and new settings that change the
 * kernel-shape rewrite must take effect without an edit.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/analysis/analyzeFile';
import { DEFAULT_SETTINGS, type LockLensSettings } from '../../server/src/config';
import { InThreadAnalyzer, type JobOutcome } from '../../server/src/documents/analyzer';
import { createCParser } from '../../server/src/parsing/parser';
import { generateKernelFile, Random } from '../../bench/kernelGen';

/** Edits that keep generated C valid, so a fresh parse and the kept tree agree (see documentTree.test.ts on error recovery). */
const INSERTIONS = ['\n', '\tval += 3;\n', '\tspin_lock(&dev->lock);\n', '\tspin_unlock(&dev->lock);\n', '\tmutex_lock(&dev->mutex);\n',
  '\t/* note */\n', '\tidr_preload(GFP_KERNEL);\n'];

function analysisOf(outcome: JobOutcome) {
  if ('error' in outcome) throw new Error(outcome.error);
  return outcome.analysis;
}

test('after each of 30 edits, the analysis of the kept tree equals a fresh analysis of the text', async () => {
  const parser = await createCParser();
  const analyzer = await InThreadAnalyzer.create();
  const r = new Random(8);
  let text = generateKernelFile({ seed: 11, lines: 800 }).text;
  const job = (version: number) => ({ uri: 'file:///t/gen.c', path: 'gen.c', version, text, settings: DEFAULT_SETTINGS });
  assert.deepEqual(analysisOf(analyzer.analyzeNow(job(1))), analyzeText(parser, 'gen.c', text));
  for (let version = 2; version <= 31; version++) {
    const lines = text.split('\n');
    const line = r.int(40, lines.length - 2);
    const kind = r.int(0, 2);
    if (kind === 0) {
      // Change a digit, as when editing a constant.
      const digit = lines[line].search(/[0-9]/);
      if (digit >= 0) lines[line] = lines[line].slice(0, digit) + String((Number(lines[line][digit]) + 1) % 10) + lines[line].slice(digit + 1);
    } else if (kind === 1) {
      // Insert a statement or an empty line before a statement.
      if (lines[line].trimEnd().endsWith(';')) lines.splice(line, 0, ...r.pick(INSERTIONS).split('\n').slice(0, -1));
    } else if (/^\t+(val|dev->\w+(\[\d+\])?) [-+]?= [^;]*;$/.test(lines[line])) {
      // Delete a simple assignment.
      lines.splice(line, 1);
    }
    text = lines.join('\n');
    assert.deepEqual(analysisOf(analyzer.analyzeNow(job(version))), analyzeText(parser, 'gen.c', text), `edit ${version}`);
  }
  analyzer.dispose();
  parser.delete();
});

/** A loop over a driver's own iterator macro, which the default patterns recognise and the narrow ones do not. */
const OWN_ITERATOR = `static DEFINE_SPINLOCK(stats_lock);

void count_items(struct dev *dev)
{
\tstruct item *it;

\tdev_for_each_item(it, dev) {
\t\tspin_lock(&stats_lock);
\t\tit->hits++;
\t\tspin_unlock(&stats_lock);
\t}
}
`;

test('new iterator patterns apply to the same version of a document', async () => {
  const parser = await createCParser();
  const analyzer = await InThreadAnalyzer.create();
  const narrow: LockLensSettings = { ...DEFAULT_SETTINGS, iteratorPatterns: ['^list_for_each\\w*$'] };
  const job = (settings: LockLensSettings) => ({ uri: 'file:///t/own.c', path: 'own.c', version: 1, text: OWN_ITERATOR, settings });
  const loop = analysisOf(analyzer.analyzeNow(job(DEFAULT_SETTINGS)));
  assert.deepEqual(loop, analyzeText(parser, 'own.c', OWN_ITERATOR, DEFAULT_SETTINGS));
  const noLoop = analysisOf(analyzer.analyzeNow(job(narrow)));
  assert.deepEqual(noLoop, analyzeText(parser, 'own.c', OWN_ITERATOR, narrow));
  assert.notDeepEqual(noLoop, loop, 'the narrow patterns change what the engine sees');
  assert.deepEqual(analysisOf(analyzer.analyzeNow(job(DEFAULT_SETTINGS))), loop);
  analyzer.dispose();
  parser.delete();
});
