/**
 * `npm run bench`: every measurement of issue 8, printed as one table of medians
 * and ratios, and written as JSON to bench-results/bench.json (git-ignored).
 *
 *   node --expose-gc out/bench/run.js [--quick] [--only parse,incremental,lsp,memory,cli,simulator] [--seed N]
 *
 * The server and CLI measurements run the webpack bundles in dist/; the in-process
 * ones the tsc output in out/. Build both first (`npm run bench` does).
 * --quick runs few repeats on a small CLI corpus: for checking the bench, not for figures.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCParser } from '../server/src/parsing/parser';
import { REPO_ROOT } from '../test/lsp/harness';
import { measureFullAnalysis, measureIncremental, type BenchFile } from './analysisBench';
import { measureCliThroughput, writeCorpus } from './cliBench';
import { generateKernelFile } from './kernelGen';
import { measureLspLatency, measureServerMemory } from './lspBench';
import { renderReport, type BenchResults } from './report';
import { measureSimulator } from './simulator';

const SECTIONS = ['parse', 'incremental', 'lsp', 'memory', 'cli', 'simulator'] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  only: Set<Section>;
  seed: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { quick: false, only: new Set(SECTIONS), seed: 1 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--only') {
      const names = (argv[++i] ?? '').split(',');
      for (const n of names) if (!(SECTIONS as readonly string[]).includes(n)) throw new Error(`unknown section '${n}' (expected ${SECTIONS.join(', ')})`);
      opts.only = new Set(names as Section[]);
    } else throw new Error(`unknown option '${a}'`);
  }
  if (!Number.isInteger(opts.seed)) throw new Error('--seed needs a whole number');
  return opts;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/**
 * The commit measured, marked `+dirty` when server sources differ from it (others' work in
 * progress is measured too). LOCKLENS_BENCH_COMMIT names it for a copy outside git (git archive).
 */
function commitMeasured(): string {
  const head = git(['rev-parse', '--short', 'HEAD']) || process.env.LOCKLENS_BENCH_COMMIT || 'unknown';
  return git(['status', '--porcelain', '--', 'server/src']) ? `${head}+dirty` : head;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const q = opts.quick;
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const results: BenchResults = {
    command,
    date: new Date().toISOString(),
    commit: commitMeasured(),
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    seed: opts.seed,
    loadAverage: { start: os.loadavg()[0], end: 0 },
  };
  const sizes = [
    { name: 'gen-1k', lines: 1_000, fullRuns: q ? 5 : 25, incrementalRuns: q ? 5 : 41 },
    { name: 'gen-10k', lines: 10_000, fullRuns: q ? 3 : 11, incrementalRuns: q ? 5 : 21 },
    { name: 'gen-30k', lines: 30_000, fullRuns: q ? 3 : 7, incrementalRuns: q ? 5 : 15 },
  ];
  const files: Array<BenchFile & (typeof sizes)[number]> = sizes.map((s, i) => ({
    ...s,
    file: generateKernelFile({ seed: opts.seed * 100 + i, lines: s.lines }),
  }));

  if (opts.only.has('parse') || opts.only.has('incremental')) {
    const parser = await createCParser();
    if (opts.only.has('parse')) {
      results.fullAnalysis = [];
      for (const f of files) {
        log(`full analysis vs parse: ${f.name}`);
        results.fullAnalysis.push(measureFullAnalysis(parser, f, f.fullRuns));
      }
    }
    if (opts.only.has('incremental')) {
      results.incremental = [];
      for (const f of files) {
        log(`one-char edit: ${f.name}`);
        results.incremental.push(await measureIncremental(parser, f, f.incrementalRuns));
      }
    }
    parser.delete();
  }
  if (opts.only.has('lsp')) {
    log('LSP latency on gen-30k');
    const big = files[files.length - 1];
    results.lspLatency = await measureLspLatency(big.name, big.file, q ? 5 : 30);
  }
  if (opts.only.has('memory')) {
    const count = q ? 10 : 50;
    log(`server memory with ${count} open 10k-line files`);
    const open = Array.from({ length: count }, (_, i) => generateKernelFile({ seed: opts.seed * 10_000 + i, lines: 10_000 }));
    results.serverMemory = await measureServerMemory(open);
  }
  if (opts.only.has('cli')) {
    const corpus = writeCorpus(opts.seed, q ? 24 : 64);
    try {
      log(`CLI throughput over ${corpus.files} files`);
      results.cliThroughput = measureCliThroughput(path.join(REPO_ROOT, 'dist', 'cli.js'), corpus, q ? 1 : 3);
    } finally {
      fs.rmSync(corpus.dir, { recursive: true, force: true });
    }
  }
  if (opts.only.has('simulator')) {
    log('simulator ops/s');
    results.simulator = await measureSimulator(q ? 20_000 : 200_000, q ? 2 : 5);
  }

  results.loadAverage.end = os.loadavg()[0];
  const text = renderReport(results);
  console.log(text);
  const dir = path.join(REPO_ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'bench.json'), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'bench.txt'), text + '\n');
  log(`results written to ${path.relative(process.cwd(), path.join(dir, 'bench.json'))}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err);
  process.exit(1);
});
