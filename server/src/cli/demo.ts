/**
 * `locklens demo DIR`: a readable report on the pidmap samples — per function
 * the locks, acquires on the common path and in general, the lines held, the
 * findings — and, when the simulator is built, the simulated before/after run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SETTINGS } from '../config';
import { collectFiles } from './collectFiles';
import { analyzeInThread } from './runChecks';
import { buildReport, type JsonFile } from './jsonReport';
import { acquiresPhrase, linesPhrase } from './textReport';
import { loadSimulator } from './simulatorBridge';
import type { Output } from './output';
import { UsageError } from './args';

const RULE = '─'.repeat(72);

/** The report of one file: functions that take or drop locks first, in source order, then the rest in one line. */
export function fileSection(file: JsonFile): string[] {
  const out = [RULE, `${file.path}`, RULE];
  if (file.skipped) return [...out, `  not analysed: ${file.skipped}`, ''];
  const locking = file.functions.filter((f) => f.locks.length > 0);
  const quiet = file.functions.filter((f) => f.locks.length === 0);
  for (const fn of locking) {
    out.push(`  ${fn.name}()  ${linesPhrase(fn.startLine, fn.endLine)}${fn.maySleep ? ' · may sleep' : ''}`);
    for (const lock of fn.locks) {
      out.push(`    ${lock.lock} (${lock.kind})`);
      out.push(`      acquires: ${acquiresPhrase(lock)}`);
      if (lock.regions.length) out.push(`      held:     ${lock.regions.map((r) => linesPhrase(r.startLine, r.endLine)).join(', ')}`);
      const notes = [lock.backToBack && 'back-to-back on the common path', lock.heldAtReturn && 'held at return', lock.heldOnEntry && 'held by the caller on entry'].filter(Boolean);
      if (notes.length) out.push(`      note:     ${notes.join('; ')}`);
    }
    const findings = file.diagnostics.filter((d) => d.function === fn.name);
    for (const d of findings) {
      out.push(`    line ${d.line}: ${d.severity}: ${d.message} [${d.code}]`);
      for (const r of d.related) out.push(`      line ${r.line}: ${r.message}`);
    }
    out.push('');
  }
  if (quiet.length) out.push(`  no locks: ${quiet.map((f) => `${f.name}()`).join(', ')}`, '');
  const orphan = file.diagnostics.filter((d) => !file.functions.some((f) => f.name === d.function));
  for (const d of orphan) out.push(`  line ${d.line}: ${d.severity}: ${d.message} [${d.code}]`);
  return out;
}

/** `pid_before.c` and `pid_after.c` (any names containing before/after) and each function defined in both. */
export function beforeAfterPairs(files: JsonFile[]): Array<{ before: JsonFile; after: JsonFile; fn: string }> {
  const before = files.find((f) => /before/i.test(path.basename(f.path)));
  const after = files.find((f) => /after/i.test(path.basename(f.path)));
  if (!before || !after) return [];
  const names = new Set(before.functions.map((f) => f.name));
  // alloc_pid first: the simulator's calibrated workload is built around it.
  return after.functions.filter((f) => names.has(f.name)).map((f) => ({ before, after, fn: f.name }))
    .sort((a, b) => Number(b.fn === 'alloc_pid') - Number(a.fn === 'alloc_pid'));
}

export async function demoCommand(argv: string[], io: Output): Promise<number> {
  if (argv.length !== 1 || argv[0].startsWith('-')) throw new UsageError('demo takes one directory: locklens demo samples/pidmap');
  const dir = argv[0];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`demo: ${dir} is not a directory`);
  const { files, errors } = collectFiles([dir]);
  // The story reads before → after; otherwise name order.
  files.sort((a, b) => Number(/before/i.test(path.basename(b))) - Number(/before/i.test(path.basename(a))));
  const outcomes = await analyzeInThread(files, DEFAULT_SETTINGS);
  const analyses = outcomes.flatMap((o) => ('analysis' in o ? [o.analysis] : []));
  for (const o of outcomes) if ('error' in o) errors.push({ path: o.path, message: o.error });
  const report = buildReport(analyses, errors, DEFAULT_SETTINGS);

  io.out(`Kernel Lock Lens ${io.version} — lock report for ${dir}\n\n`);
  for (const file of report.files) io.out(fileSection(file).join('\n') + '\n');
  for (const e of errors) io.err(`locklens: ${e.message}\n`);

  const pairs = beforeAfterPairs(report.files).filter((p) => p.fn === 'alloc_pid');
  const simulator = loadSimulator();
  if (pairs.length === 0) {
    io.out('No before/after pair of files with a common locking function: no simulated comparison.\n');
  } else if (!simulator?.simulateDemo) {
    io.out('Simulated comparison: the contention simulator is not built yet (server/src/simulator/cli.ts).\n');
  } else {
    for (const { before, after, fn } of pairs) {
      io.out(`${RULE}\nSimulated contention: ${fn}() in ${after.path} against ${before.path}\n${RULE}\n`);
      try {
        io.out(await simulator.simulateDemo(before.path, after.path, fn));
      } catch (err) {
        // The static report above stands on its own: a failed simulation is reported, not fatal to it.
        io.err(`locklens: the simulation of ${fn}() failed: ${err instanceof Error ? err.message : String(err)}\n`);
        return 2;
      }
    }
  }
  return errors.length ? 2 : 0;
}
