/** The benchmark's printed tables: medians, p90s and ratios against their goals. */
import type { FullAnalysisResult, IncrementalResult } from './analysisBench';
import type { CliThroughputResult } from './cliBench';
import type { LspLatencyResult, ServerMemoryResult } from './lspBench';
import type { Samples } from './measure';
import type { SimulatorRate } from './simulator';

export interface BenchResults {
  command: string;
  date: string;
  commit: string;
  node: string;
  cpus: number;
  cpuModel: string;
  seed: number;
  /** One-minute load average when the run started and ended: above the core count, other work shared the machine. */
  loadAverage: { start: number; end: number };
  fullAnalysis?: FullAnalysisResult[];
  incremental?: IncrementalResult[];
  lspLatency?: LspLatencyResult;
  serverMemory?: ServerMemoryResult;
  cliThroughput?: CliThroughputResult;
  simulator?: SimulatorRate[];
}

export const GOALS = { fullAnalysisRatio: 10, incrementalRatio: 2 } as const;

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const x = (n: number) => `${n.toFixed(n >= 10 ? 1 : 2)}×`;
const verdict = (ratio: number, goal: number) => (ratio <= goal ? `≤${goal}× ok` : `≤${goal}× MISSED`);
const medianP90 = (s: Samples) => `${ms(s.median)} / ${ms(s.p90)}`;

/** Left-aligns the first column, right-aligns the others. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

export function renderReport(r: BenchResults): string {
  const out: string[] = [];
  out.push(`Kernel Lock Lens benchmark: ${r.command}`);
  out.push(`commit ${r.commit}, node ${r.node}, ${r.cpus} × ${r.cpuModel}, seed ${r.seed}, ${r.date}`);
  const busy = Math.max(r.loadAverage.start, r.loadAverage.end) > r.cpus;
  out.push(`load average ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end`
    + (busy ? ` on ${r.cpus} cores: other work shared the machine, so absolute times are inflated and scaling is understated` : ''));
  out.push('Times are medians in ms (p90 after the slash) over the runs shown; ratios are of medians.');

  if (r.fullAnalysis) {
    out.push('', 'Full analysis / tree-sitter parse of the same file (analyzeText; parse = tree-sitter on the shape-rewritten code)');
    out.push(table(
      ['file', 'lines', 'functions', 'with locks', 'runs', 'parse', 'shapes', 'copy all', 'analysis', 'ratio', 'goal'],
      r.fullAnalysis.map((f) => [f.name, int(f.lines), int(f.functions), int(f.functionsWithLocks), String(f.parseMs.runs),
        medianP90(f.parseMs), ms(f.shapesMs.median), ms(f.copyMs.median), medianP90(f.analysisMs), x(f.ratio), verdict(f.ratio, GOALS.fullAnalysisRatio)]),
    ));
    out.push('  shapes = the kernel-shape rewrite; copy all = readFunctions, every function copied out of the tree (the engine copies');
    out.push('  only those that call something it tracks): parts of the analysis time, shown to say where it goes.');
  }
  if (r.incremental) {
    out.push('', 'Re-analysis after a one-character edit inside one function / tree-sitter incremental re-parse');
    out.push(table(
      ['file', 'lines', 'runs', 'incr. parse', 'doc update', 're-analysis', 'after full GC', 'ratio', 'goal'],
      r.incremental.map((f) => [f.name, int(f.lines), String(f.reanalysisMs.runs), medianP90(f.incrementalParseMs),
        medianP90(f.documentUpdateMs), medianP90(f.reanalysisMs), medianP90(f.reanalysisAfterGcMs), x(f.ratio), verdict(f.ratio, GOALS.incrementalRatio)]),
    ));
    out.push('  incr. parse = tree.edit + parse(code, oldTree); doc update = DocumentTree.update (shape rewrite + diff + incr. parse);');
    out.push('  re-analysis = InThreadAnalyzer.analyzeNow, what the analysis worker runs per edit, edits back to back (GC when V8');
    out.push('  decides); after full GC = the same with a forced full collection before each edit (not in the ratio).');
  }
  if (r.lspLatency) {
    const l = r.lspLatency;
    out.push('', `LSP latency on ${l.name} (${int(l.lines)} lines) through dist/server.js over JSON-RPC, at the client`);
    out.push(table(
      ['request', 'runs', 'median', 'p90'],
      [
        ['hover on a lock call', l.hoverLockCallMs],
        ['hover on a function name', l.hoverFunctionNameMs],
        ['inlay hints, 60-line viewport', l.inlayHintsViewportMs],
        ['code lenses, whole file', l.codeLensMs],
        ['one-char edit, then hover', l.editThenHoverMs],
      ].map(([label, s]) => [label as string, String((s as Samples).runs), ms((s as Samples).median), ms((s as Samples).p90)]),
    ));
    out.push(`  didOpen → first diagnostics: ${ms(l.openToDiagnosticsMs)} ms; answers: hover ${l.answered.hover ? 'yes' : 'null'}, `
      + `${l.answered.inlayHints} inlay hints in the viewport, ${l.answered.codeLenses} code lenses`);
  }
  if (r.serverMemory) {
    const m = r.serverMemory;
    const mb = (v: number | null) => (v === null ? 'n/a' : `${int(v)} MB`);
    out.push('', `Server memory with ${m.files} open ${int(m.linesPerFile)}-line files (${m.textMb.toFixed(1)} MB of text), resident set of the process`);
    out.push(`  idle ${mb(m.idleMb)}, peak ${mb(m.peakMb)}, settled ${mb(m.settledMb)}; all ${m.files} analysed in ${ms(m.analyseAllMs / 1000)} s`
      + (m.peakMb !== null && m.idleMb !== null ? ` (≈${((m.peakMb - m.idleMb) / m.files).toFixed(1)} MB per file at peak)` : ''));
  }
  if (r.cliThroughput) {
    const c = r.cliThroughput;
    out.push('', `CLI throughput: ${c.command}, ${int(c.files)} files, ${int(c.lines)} lines, ${c.megabytes.toFixed(1)} MB`);
    out.push(table(
      ['jobs', 'runs', 'wall ms', 'files/s', 'lines/s', 'speed-up', 'per core'],
      c.runs.map((run) => [String(run.jobs), String(run.wallMs.runs), medianP90(run.wallMs), int(run.filesPerSec), int(run.linesPerSec),
        x(run.speedUp), `${Math.round((100 * run.speedUp) / run.jobs)}%`]),
    ));
    out.push('  --jobs 1 analyses on the main thread; more use that many worker threads.');
  }
  if (r.simulator) {
    out.push('', 'Simulator (bench/simulator.ts): simulated alloc_pid()+free_pid() ops per wall-clock second, one core, 20 simulated CPUs');
    out.push(table(
      ['sample', 'runs', 'ops per run', 'ops/s (wall)', 'model ops/s'],
      r.simulator.map((s) => [s.file, String(s.repeats), int(s.ops), int(s.opsPerWallSecond), int(s.modelOpsPerSec)]),
    ));
  }
  return out.join('\n');
}
