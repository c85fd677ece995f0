/**
 * Every C file of the corpus directories (Linux 6.12: kernel/, ipc/, mm/, fs/
 * and a drivers/ subset) is analysed on the CLI's worker threads without an
 * exception, a crashed worker or a hang, and a function whose analysis ran out
 * of its work budget says so and reports nothing from its partial result.
 * Skipped when the corpus tarball is absent.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CORPUS, corpusSkipReason } from './linuxSource';
import { scanCorpus, type EntryScan } from './corpusScan';

const skipReason = corpusSkipReason();

let scans: EntryScan[] | undefined;
async function scanAll(): Promise<EntryScan[]> {
  scans ??= await scanCorpus(CORPUS, { jobs: 2 });
  return scans;
}

const list = (xs: Array<{ path: string }>, f: (x: any) => string) => xs.slice(0, 20).map(f).join('\n');

test('every corpus file is analysed: no exception, crashed worker or time-out', skipReason ? { skip: skipReason } : {}, async () => {
  for (const s of await scanAll()) {
    assert.ok(s.files > 0, `${s.entry.path}: no C files found`);
    assert.deepEqual(s.failures, [], `${s.entry.path}:\n${list(s.failures, (f) => `${f.path}: ${f.message}`)}`);
    assert.deepEqual(s.skipped, [], `${s.entry.path}: skipped\n${list(s.skipped, (f) => `${f.path}: ${f.reason}`)}`);
  }
  const files = scans!.reduce((n, s) => n + s.files, 0);
  const functions = scans!.reduce((n, s) => n + s.functions, 0);
  assert.ok(files > 3000 && functions > 50_000, `the whole corpus was scanned (${files} files, ${functions} functions)`);
});

test('a function over its work budget is reported as partial and reports no finding from it', skipReason ? { skip: skipReason } : {}, async () => {
  for (const s of await scanAll()) {
    const noisy = s.budgetOverruns.filter((o) => o.findings > 0);
    assert.deepEqual(noisy, [], `${s.entry.path}:\n${list(noisy, (o) => `${o.path}:${o.line}: ${o.function}(): ${o.findings} findings`)}`);
  }
});
