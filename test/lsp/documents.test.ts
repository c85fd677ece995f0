/**
 * The documents layer without a client: debouncing, superseded analyses dropped,
 * requests joining or forcing the pending analysis, settings merging, and the
 * worker's per-document queue.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import type { AnalysisJob, Analyzer, JobOutcome } from '../../server/src/documents/analyzer';
import { OpenDocuments, junkShare, skipReason, type AnalysisResult } from '../../server/src/documents/openDocuments';
import { SettingsStore } from '../../server/src/documents/settingsStore';
import { startAnalyzer, WorkerAnalyzer } from '../../server/src/documents/analysisWorker';
import { InThreadAnalyzer } from '../../server/src/documents/analyzer';
import { DEFAULT_SETTINGS } from '../../server/src/config';
import { REPO_ROOT } from './harness';

/** An analyzer whose jobs finish only when the test says so. */
class ManualAnalyzer implements Analyzer {
  readonly jobs: Array<{ job: AnalysisJob; finish: () => void }> = [];
  readonly closed: string[] = [];
  analyze(job: AnalysisJob): Promise<JobOutcome | null> {
    return new Promise((resolve) => {
      this.jobs.push({ job, finish: () => resolve({ analysis: { path: job.path, functions: [], findings: [], skipped: null } }) });
    });
  }
  close(uri: string): void { this.closed.push(uri); }
  dispose(): void {}
}

function setup(debounceMs = 20) {
  const published: AnalysisResult[] = [];
  const logs: string[] = [];
  const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) };
  const settings = new SettingsStore();
  const docs = new OpenDocuments(settings, log, (r) => published.push(r), debounceMs);
  const analyzer = new ManualAnalyzer();
  docs.setAnalyzer(analyzer);
  return { docs, analyzer, published, logs, settings };
}

const URI = 'file:///w/a.c';
const open = (docs: OpenDocuments, text = 'int a;\n') => docs.open({ textDocument: { uri: URI, languageId: 'c', version: 1, text } });
const edit = (docs: OpenDocuments, version: number, text: string) =>
  docs.change({ textDocument: { uri: URI, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text }] });
const tick = () => new Promise((r) => setTimeout(r, 0));

/** Resolves once `probe` holds, checking on each timer turn (the debounce is a real timer); gives up after 2,000 turns. */
async function until(probe: () => boolean): Promise<void> {
  for (let turn = 0; !probe(); turn++) {
    if (turn > 2000) throw new Error(`never happened: ${probe.toString()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('a burst of edits becomes one analysis of the last version', async () => {
  const { docs, analyzer, published } = setup();
  open(docs);
  await until(() => analyzer.jobs.length === 1);
  analyzer.jobs[0].finish();
  await until(() => published.length === 1);
  for (let v = 2; v <= 5; v++) edit(docs, v, `x${v} `);
  await until(() => analyzer.jobs.length === 2);
  assert.equal(analyzer.jobs[1].job.version, 5);
  assert.equal(analyzer.jobs[1].job.text, 'x5 x4 x3 x2 int a;\n');
  analyzer.jobs[1].finish();
  await until(() => published.length === 2);
  assert.deepEqual(published.map((p) => p.version), [1, 5]);
});

test('an analysis superseded while running is dropped, not published', async () => {
  const { docs, analyzer, published } = setup();
  open(docs);
  await until(() => analyzer.jobs.length === 1);
  edit(docs, 2, 'y ');
  analyzer.jobs[0].finish();
  await until(() => analyzer.jobs.length === 2);
  analyzer.jobs[1].finish();
  await until(() => published.length === 1);
  await tick();
  assert.deepEqual(published.map((p) => p.version), [2]);
});

test('a request forces the debounced analysis and joins one already running', async () => {
  const { docs, analyzer } = setup(60_000);
  open(docs);
  await until(() => analyzer.jobs.length === 1);
  analyzer.jobs[0].finish();
  assert.equal((await docs.analysisFor(URI))?.version, 1);
  edit(docs, 2, 'z ');
  const first = docs.analysisFor(URI);
  const second = docs.analysisFor(URI);
  await until(() => analyzer.jobs.length === 2);
  analyzer.jobs[1].finish();
  assert.equal((await first)?.version, 2);
  assert.equal((await second)?.version, 2);
  assert.equal(analyzer.jobs.length, 2, 'the two requests shared one analysis, without waiting a minute of debounce');
  docs.dispose();
});

test('new settings supersede results made under the old ones', async () => {
  const { docs, analyzer, published, settings } = setup();
  open(docs);
  await until(() => analyzer.jobs.length === 1);
  analyzer.jobs[0].finish();
  await until(() => published.length === 1);
  settings.apply({ severity: { 'lock/back-to-back': 'off' } });
  docs.invalidateAll();
  await until(() => analyzer.jobs.length === 2);
  assert.equal(analyzer.jobs[1].job.settings, settings.current);
  analyzer.jobs[1].finish();
  await until(() => published.length === 2);
  assert.equal(published[1].settings.severity['lock/back-to-back'], 'off');
});

test('skipped files are not sent to the analyzer, and the notice is logged once', async () => {
  const { docs, analyzer, published, logs, settings } = setup();
  settings.apply({ maxFileBytes: 10 });
  open(docs, 'int a_long_name;\n');
  await until(() => published.length === 1);
  edit(docs, 2, 'x');
  await until(() => published.length === 2);
  assert.equal(analyzer.jobs.length, 0);
  assert.deepEqual(analyzer.closed, [URI, URI]);
  assert.equal(published[1].analysis.skipped, 'file is 18 bytes, over locklens.maxFileBytes (10)');
  assert.equal(logs.filter((l) => l.includes('skipped')).length, 1);
});

test('junk detection: C with UTF-8 comments passes, random bytes do not', () => {
  assert.equal(junkShare('/* übergroß — 日本語 */\nint a;\t\r\n'), 0);
  assert.equal(skipReason('int a;\n', DEFAULT_SETTINGS), null);
  assert.match(String(skipReason('\u0001\u0002\uFFFD'.repeat(100), DEFAULT_SETTINGS)?.message), /^not C text \(100%/);
  assert.equal(skipReason('a\u0000b', DEFAULT_SETTINGS)?.kind, 'binary');
});

test('settings: initializationOptions under the pulled or pushed section, nested objects merged', () => {
  const store = new SettingsStore();
  store.setInitializationOptions({ locklens: { maxFileBytes: 1000, codeLens: { simulate: false } } });
  assert.equal(store.current.maxFileBytes, 1000);
  store.apply({ codeLens: { enable: false } });
  assert.deepEqual(store.current.codeLens, { enable: false, simulate: false });
  assert.equal(store.current.maxFileBytes, 1000);
  store.apply(null);
  assert.deepEqual(store.current.codeLens, { enable: true, simulate: false });
  store.apply({ locklens: { enable: false, maxFileBytes: -5 } });
  assert.equal(store.current.enable, false);
  assert.equal(store.current.maxFileBytes, 4 * 1024 * 1024, 'an ill-typed value falls back to the default');
});

test('the worker analyzer drops a queued job that a newer version replaced', async () => {
  // The compiled server module doubles as the worker script, as the bundle does.
  const script = path.join(REPO_ROOT, 'out', 'server', 'src', 'server.js');
  const errors: string[] = [];
  const worker = new WorkerAnalyzer(script, (m) => errors.push(m));
  await worker.start();
  try {
    const job = (version: number, uri = URI): AnalysisJob => ({ uri, path: '/w/a.c', version, text: `int f${version}(void) { return 0; }\n`, settings: DEFAULT_SETTINGS });
    const other = worker.analyze(job(1, 'file:///w/other.c'));
    const v1 = worker.analyze(job(1));
    const v2 = worker.analyze(job(2));
    const v3 = worker.analyze(job(3));
    const outcomes = await Promise.all([other, v1, v2, v3]);
    assert.ok(outcomes[0] && 'analysis' in outcomes[0]);
    assert.equal(outcomes[1], null, 'replaced before it ran');
    assert.equal(outcomes[2], null, 'replaced before it ran');
    const last = outcomes[3];
    assert.ok(last && 'analysis' in last);
    assert.deepEqual(last.analysis.functions.map((f) => f.name), ['f3']);
    assert.deepEqual(errors, []);
  } finally {
    worker.dispose();
  }
});

test('when the worker cannot start, analyses run on the calling thread, with a warning', async () => {
  const logs: string[] = [];
  const log = { info: (m: string) => logs.push(`info ${m}`), warn: (m: string) => logs.push(`warn ${m}`), error: (m: string) => logs.push(`error ${m}`) };
  const analyzer = await startAnalyzer(path.join(REPO_ROOT, 'out', 'no-such-worker.js'), log);
  try {
    assert.ok(analyzer instanceof InThreadAnalyzer);
    assert.equal(logs.length, 1);
    assert.match(logs[0], /^warn Kernel Lock Lens analyses on the main thread: the worker did not start/);
    const outcome = await analyzer.analyze({ uri: URI, path: '/w/a.c', version: 1, text: 'int g(void) { return 1; }\n', settings: DEFAULT_SETTINGS });
    assert.ok(outcome && 'analysis' in outcome);
    assert.deepEqual(outcome.analysis.functions.map((f) => f.name), ['g']);
  } finally {
    analyzer.dispose();
  }
});
