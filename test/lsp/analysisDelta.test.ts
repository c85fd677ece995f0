/**
 * The analysis crosses from the worker thread as a difference from the previous one:
 * what arrives must equal what was sent, an edit must send only what it changed, and a
 * receiver that lost the base must refuse rather than rebuild something wrong.
 */
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { InThreadAnalyzer } from '../../server/src/documents/analyzer';
import { AnalysisDecoder, AnalysisEncoder } from '../../server/src/documents/analysisDelta';
import { DEFAULT_SETTINGS } from '../../server/src/config';
import type { FileAnalysis } from '../../server/src/analysis/types';

const SAMPLE = fs.readFileSync(path.resolve(__dirname, '../../../samples/pidmap/pid_before.c'), 'utf8');
const URI = 'file:///w/pid.c';
let analyzer: InThreadAnalyzer;
before(async () => {
  analyzer = await InThreadAnalyzer.create();
});

function analyse(text: string, version: number): FileAnalysis {
  const outcome = analyzer.analyzeNow({ uri: URI, path: '/w/pid.c', version, text, settings: DEFAULT_SETTINGS });
  assert.ok('analysis' in outcome, 'error' in outcome ? outcome.error : '');
  return outcome.analysis;
}

/** Through the wire: a structured clone, as postMessage makes. */
const wire = <T>(x: T): T => structuredClone(x);

test('edits travel as differences and arrive equal to what the engine made', () => {
  const encoder = new AnalysisEncoder();
  const decoder = new AnalysisDecoder();
  const first = analyse(SAMPLE, 1);
  const d1 = wire(encoder.encode(URI, first));
  assert.equal(d1.base, 0);
  assert.deepEqual(decoder.decode(URI, d1), first);

  // An edit inside one function: every other function's facts go as an index.
  const edited = SAMPLE.replace('ns->pid_allocated &= ~PIDNS_ADDING;', 'ns->pid_allocated &= ~(PIDNS_ADDING);');
  assert.notEqual(edited, SAMPLE);
  const second = analyse(edited, 2);
  const d2 = wire(encoder.encode(URI, second));
  assert.equal(d2.base, d1.seq);
  const whole = d2.functions.filter((f) => typeof f !== 'number');
  assert.ok(whole.length >= 1 && whole.length < second.functions.length, `${whole.length} of ${second.functions.length} sent whole`);
  assert.deepEqual(decoder.decode(URI, d2), second);

  // A line added at the top moves every function: all sent whole, still equal.
  const third = analyse('/* moved */\n' + edited, 3);
  assert.deepEqual(decoder.decode(URI, wire(encoder.encode(URI, third))), third);
});

test('a receiver without the base refuses, and the next whole analysis resynchronises', () => {
  const encoder = new AnalysisEncoder();
  const decoder = new AnalysisDecoder();
  const a = analyse(SAMPLE, 10);
  decoder.decode(URI, wire(encoder.encode(URI, a)));
  decoder.forget(URI); // the document was closed on the LSP thread
  const b = analyse(SAMPLE.replace('return pid;', 'return (pid);'), 11);
  assert.equal(decoder.decode(URI, wire(encoder.encode(URI, b))), null);
  encoder.forget(URI); // what the worker does when told to resend
  const c = analyse(SAMPLE, 12);
  assert.deepEqual(decoder.decode(URI, wire(encoder.encode(URI, c))), c);
});
