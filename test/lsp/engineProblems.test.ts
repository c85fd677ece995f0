/**
 * Internal errors the engine catches on one function (it notes them on the function
 * and analyses the rest) are logged by the server with what reproduces them: file,
 * version, function, settings and a saved copy of the input; once per problem, not
 * on every keystroke.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AnalysisJob, Analyzer, JobOutcome } from '../../server/src/documents/analyzer';
import { engineProblems } from '../../server/src/documents/engineProblems';
import { OpenDocuments, type AnalysisResult } from '../../server/src/documents/openDocuments';
import { SettingsStore } from '../../server/src/documents/settingsStore';
import { DEFAULT_SETTINGS } from '../../server/src/config';
import type { FileAnalysis, FunctionFacts } from '../../server/src/analysis/types';

function fn(name: string, notes: string[]): FunctionFacts {
  const point = { line: 3, column: 4 };
  return { name, startLine: 3, endLine: 9, nameSpan: { start: point, end: point }, locks: [], sites: [], maySleep: false, notes };
}

function analysis(problem: string | null): FileAnalysis {
  return {
    path: '/w/a.c',
    functions: [fn('helper', ['the common path passes a switch']), fn('alloc_pid', problem ? [`internal error while analysing this function: ${problem}`] : [])],
    findings: [],
    skipped: null,
  };
}

test('an engine note of an internal error becomes a report naming file, version, function and settings, with the input saved', (t) => {
  // A temp directory of its own: the saved inputs are capped per directory, and every run's input is new.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'locklens-test-'));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  t.after(() => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const text = `/* engine problem ${process.pid} ${Date.now()} */\nint alloc_pid(void)\n{\n\treturn 0;\n}\n`;
  const settings = { ...DEFAULT_SETTINGS, functionBudget: 1234 };
  const problems = engineProblems(analysis('x.y is undefined'), { uri: 'file:///w/a.c', version: 4, text, settings });
  assert.equal(problems.length, 1);
  const report = problems[0].report;
  assert.match(report, /^Kernel Lock Lens internal error in analysis of function alloc_pid\(\) \(lines 3-9\) of file:\/\/\/w\/a\.c; version 4; \d+ chars, input saved to (\S+\.c); settings \{"functionBudget":1234\}\ninternal error while analysing this function: x\.y is undefined\n/);
  assert.equal(fs.readFileSync(/input saved to (\S+\.c);/.exec(report)![1], 'utf8'), text);
  assert.deepEqual(engineProblems(analysis(null), { uri: 'file:///w/a.c', version: 4, text, settings }), []);
});

/** Answers every job with the analysis `next()` gives. */
class ScriptedAnalyzer implements Analyzer {
  constructor(private readonly next: (job: AnalysisJob) => FileAnalysis) {}
  analyze(job: AnalysisJob): Promise<JobOutcome> {
    const a = this.next(job);
    const problems = engineProblems(a, job);
    return Promise.resolve(problems.length ? { analysis: a, problems } : { analysis: a });
  }
  close(): void {}
  dispose(): void {}
}

test('the server logs each engine problem once while it persists, again when it comes back, and still publishes the analysis', async () => {
  const logs: string[] = [];
  const published: AnalysisResult[] = [];
  const log = { info: () => undefined, warn: () => undefined, error: (m: string) => logs.push(m) };
  const docs = new OpenDocuments(new SettingsStore(), log, (r) => published.push(r), 0);
  // Versions 1-2 fail in alloc_pid, 3 is fine, 4 fails again.
  docs.setAnalyzer(new ScriptedAnalyzer((job) => analysis(job.version === 3 ? null : 'boom')));
  const uri = 'file:///w/a.c';
  docs.open({ textDocument: { uri, languageId: 'c', version: 1, text: 'int a;\n' } });
  for (let version = 1; version <= 4; version++) {
    if (version > 1) docs.change({ textDocument: { uri, version }, contentChanges: [{ text: `int a${version};\n` }] });
    const r = await docs.analysisFor(uri);
    assert.equal(r?.version, version);
  }
  assert.equal(logs.length, 2, logs.join('\n---\n'));
  assert.match(logs[0], /analysis of function alloc_pid\(\) \(lines 3-9\) of file:\/\/\/w\/a\.c; version 1;/);
  assert.match(logs[1], /version 4;/);
  assert.deepEqual([...new Set(published.map((p) => p.version))], [1, 2, 3, 4]);
  docs.dispose();
});
