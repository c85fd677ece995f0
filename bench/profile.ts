/**
 * Where the analysis time goes: CPU-profiles the full analysis of a generated
 * file, or the re-analysis after one-character edits, and prints self time per
 * function and per source file. Also writes the .cpuprofile (open it in Chrome
 * DevTools or VS Code) to bench-results/.
 *
 *   node out/bench/profile.js [--edit] [--lines 30000] [--runs 5] [--top 25]
 *
 * Same as `node --cpu-prof`, but summarised here, with the profile covering
 * only the measured work (not start-up or file generation).
 */
import * as fs from 'fs';
import * as inspector from 'inspector';
import * as path from 'path';
import { analyzeText } from '../server/src/analysis/analyzeFile';
import { DEFAULT_SETTINGS } from '../server/src/config';
import { InThreadAnalyzer } from '../server/src/documents/analyzer';
import { createCParser } from '../server/src/parsing/parser';
import { REPO_ROOT } from '../test/lsp/harness';
import { generateKernelFile, oneCharEdit } from './kernelGen';
import { table } from './report';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function post<T>(session: inspector.Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

/** Self time (ms) per key, from the samples' time deltas. */
function selfTime(profile: CpuProfile, key: (n: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const k = key(byId.get(id)!);
    out.set(k, (out.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

function shortUrl(url: string): string {
  if (!url) return '(native / engine)';
  if (url.startsWith('wasm://')) return `WASM ${path.basename(url)} (tree-sitter)`;
  const s = url.replace(/^file:\/\//, '');
  const i = s.indexOf('/server/src/');
  if (i >= 0) return s.slice(i + 1).replace(/^out\//, '');
  const nm = s.lastIndexOf('node_modules/');
  return nm >= 0 ? s.slice(nm + 'node_modules/'.length) : path.basename(s);
}

function top(map: Map<string, number>, n: number, total: number): string[][] {
  return [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, ms]) => [k, ms.toFixed(1), `${((100 * ms) / total).toFixed(1)}%`]);
}

async function main(): Promise<void> {
  const edit = process.argv.includes('--edit');
  const lines = option('--lines', 30_000);
  const runs = option('--runs', 5);
  const n = option('--top', 25);
  const file = generateKernelFile({ seed: 102, lines });
  const parser = await createCParser();
  let work: () => void;
  if (edit) {
    const change = oneCharEdit(file);
    const analyzer = await InThreadAnalyzer.create();
    const job = (version: number) => ({ uri: 'file:///bench/p.c', path: 'p.c', version, text: version % 2 ? file.text : change.text, settings: DEFAULT_SETTINGS });
    analyzer.analyzeNow(job(1));
    let version = 1;
    work = () => { analyzer.analyzeNow(job(++version)); };
  } else {
    work = () => { analyzeText(parser, 'p.c', file.text); };
  }
  work(); // warm-up, unprofiled

  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
  await post(session, 'Profiler.start');
  for (let i = 0; i < runs; i++) work();
  const { profile } = await post<{ profile: CpuProfile }>(session, 'Profiler.stop');
  session.disconnect();

  const dir = path.join(REPO_ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${edit ? 'edit' : 'full'}-${file.lines}.cpuprofile`);
  fs.writeFileSync(out, JSON.stringify(profile));

  const byFunction = selfTime(profile, (node) => `${node.callFrame.functionName || '(anonymous)'}  ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`);
  const byFile = selfTime(profile, (node) => shortUrl(node.callFrame.url));
  const total = [...byFile.values()].reduce((a, b) => a + b, 0);
  console.log(`${edit ? 'Re-analysis after a one-char edit' : 'Full analysis (analyzeText)'} of a ${file.lines}-line generated file, ${runs} runs, ${total.toFixed(0)} ms sampled (${(total / runs).toFixed(0)} ms per run)`);
  console.log('\nSelf time by source file');
  console.log(table(['file', 'ms', 'share'], top(byFile, n, total)));
  console.log('\nSelf time by function');
  console.log(table(['function', 'ms', 'share'], top(byFunction, n, total)));
  console.log(`\nprofile: ${path.relative(process.cwd(), out)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
