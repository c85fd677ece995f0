/**
 * `npm run corpus`: the analysis over Linux 6.12 (Debian's linux-source-6.12).
 * Installs the package when missing (root and apt-get), extracts the scanned
 * directories once into .cache/linux-6.12/, then analyses them on worker
 * threads and prints, per directory, files, functions, lines, time and
 * findings per code, then every exception, time-out, budget overrun and
 * skipped file. Exit status 1 when the analysis crashed or hung on a file.
 *
 *   node out/bench/corpus.js [--jobs N] [--only kernel,ipc] [--json FILE] [--sample K]
 *
 * Each directory is one workspace, as with `locklens check --jobs N DIR`;
 * `--jobs 1` analyses in this thread. `--json FILE` writes every diagnostic (kernel-relative paths);
 * `--sample K` prints up to K findings per code, spread evenly over the sorted
 * list: the sample test/corpus/ledger.md judges.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import { CACHE_DIR, CORPUS, LINUX_SOURCE_PACKAGE, ensureExtracted, ensureTarball } from '../test/corpus/linuxSource';
import { scanCorpus, type EntryScan } from '../test/corpus/corpusScan';
import { closingBlock, entryBlock, sampleBlock, scanFailed } from '../test/corpus/corpusReport';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function packageVersion(): string {
  const q = spawnSync('dpkg-query', ['-W', '-f', '${Version}', LINUX_SOURCE_PACKAGE], { encoding: 'utf8' });
  return q.status === 0 && q.stdout ? q.stdout : 'version unknown';
}

function jsonDump(scans: EntryScan[]): unknown {
  return {
    package: `${LINUX_SOURCE_PACKAGE} ${packageVersion()}`,
    entries: scans.map((s) => ({
      path: s.entry.path, files: s.files, functions: s.functions, lines: s.lines, ms: Math.round(s.ms),
      findingsByCode: s.findingsByCode, failures: s.failures, skipped: s.skipped, budgetOverruns: s.budgetOverruns,
      reanalysed: s.reanalysed,
      diagnostics: s.diagnostics,
    })),
  };
}

async function main(): Promise<number> {
  const jobs = Number(option('--jobs') ?? os.availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error('--jobs takes a positive integer');
  const only = option('--only')?.split(',');
  const entries = only ? CORPUS.filter((e) => only.includes(e.path)) : CORPUS;
  if (only && entries.length !== only.length) throw new Error(`--only: known entries are ${CORPUS.map((e) => e.path).join(', ')}`);

  console.log(`corpus: ${ensureTarball()}`);
  const t0 = performance.now();
  const extracted = ensureExtracted(CORPUS);
  console.log(extracted.length
    ? `corpus: extracted ${extracted.join(', ')} into ${CACHE_DIR} in ${((performance.now() - t0) / 1000).toFixed(1)} s`
    : `corpus: cached in ${CACHE_DIR}`);
  console.log(`corpus: Linux ${LINUX_SOURCE_PACKAGE} ${packageVersion()}, ${jobs === 1 ? 'main thread' : `${jobs} worker threads`}, ${os.cpus().length} cores\n`);

  const scans = await scanCorpus(entries, { jobs }, (s) => console.log(entryBlock(s)));
  console.log(closingBlock(scans));
  const sample = option('--sample');
  if (sample) console.log(sampleBlock(scans, Number(sample)));
  const jsonFile = option('--json');
  if (jsonFile) fs.writeFileSync(jsonFile, JSON.stringify(jsonDump(scans), null, 1) + '\n');
  return scanFailed(scans) ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (err) => {
  console.error(`corpus: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2;
});
