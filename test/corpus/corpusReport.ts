/** The corpus run's text report: one block per directory, totals, then every problem by name. */
import type { EntryScan } from './corpusScan';

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function codesPhrase(byCode: Record<string, number>): string {
  const codes = Object.keys(byCode).sort();
  return codes.length ? codes.map((c) => `${c} ${byCode[c]}`).join(', ') : 'none';
}

function sum(scans: EntryScan[], key: 'files' | 'functions' | 'lines' | 'ms'): number {
  return scans.reduce((n, s) => n + s[key], 0);
}

function mergeCounts(scans: EntryScan[], key: 'findingsByCode' | 'findingsBySeverity'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of scans) for (const [k, v] of Object.entries(s[key])) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The block for one directory, printed as soon as it is scanned. */
export function entryBlock(s: EntryScan): string {
  const rate = s.ms > 0 ? (s.files / (s.ms / 1000)).toFixed(1) : '-';
  const lines = [
    `${s.entry.path}: ${s.files} files, ${s.functions} functions, ${s.lines} lines, ${secs(s.ms)} (${rate} files/s${s.workers ? `, ${s.workers} worker threads` : ', main thread'}; ${s.reanalysed} files re-analysed with the others' summaries)`,
    `  findings: ${codesPhrase(s.findingsByCode)}`,
  ];
  const problems = [
    s.failures.length && `${s.failures.length} failed (exception or time limit)`,
    s.budgetOverruns.length && `${s.budgetOverruns.length} functions over budget`,
    s.skipped.length && `${s.skipped.length} files skipped`,
  ].filter(Boolean);
  lines.push(`  problems: ${problems.length ? problems.join(', ') : 'none'}`);
  return lines.join('\n') + '\n';
}

/** Totals and the full list of problems, after every directory. */
export function closingBlock(scans: EntryScan[]): string {
  const ms = sum(scans, 'ms');
  const files = sum(scans, 'files');
  const out = [
    `total: ${files} files, ${sum(scans, 'functions')} functions, ${sum(scans, 'lines')} lines, ${secs(ms)} (${(files / (ms / 1000)).toFixed(1)} files/s)`,
    `  findings: ${codesPhrase(mergeCounts(scans, 'findingsByCode'))}`,
    `  by severity: ${codesPhrase(mergeCounts(scans, 'findingsBySeverity'))}`,
  ];
  const failures = scans.flatMap((s) => s.failures);
  const overruns = scans.flatMap((s) => s.budgetOverruns);
  const skipped = scans.flatMap((s) => s.skipped);
  out.push(`exceptions and time-outs: ${failures.length}`);
  for (const f of failures) out.push(`  ${f.path}: ${f.message}`);
  out.push(`functions over the work budget (reported partially): ${overruns.length}`);
  for (const o of overruns) out.push(`  ${o.path}:${o.line}: ${o.function}(): ${o.note}${o.findings ? ` — yet ${o.findings} findings reported` : ''}`);
  out.push(`skipped files: ${skipped.length}`);
  for (const s of skipped) out.push(`  ${s.path}: ${s.reason}`);
  return out.join('\n') + '\n';
}

/**
 * Up to `k` findings per code, evenly spread over the findings sorted by path
 * and line, so the sample covers every directory rather than the first file.
 */
export function sampleBlock(scans: EntryScan[], k: number): string {
  const all = scans.flatMap((s) => s.diagnostics)
    .sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.code.localeCompare(b.code));
  const out: string[] = [];
  for (const code of [...new Set(all.map((d) => d.code))].sort()) {
    const of = all.filter((d) => d.code === code);
    const picks = of.length <= k ? of : k <= 1 ? of.slice(0, 1) : Array.from({ length: k }, (_, i) => of[Math.round((i * (of.length - 1)) / (k - 1))]);
    out.push(`sample of ${code}: ${picks.length} of ${of.length}`);
    for (const d of picks) out.push(`  ${d.path}:${d.line}: ${d.function}(): ${d.message}`);
  }
  return out.join('\n') + '\n';
}

/** True when the run shows a defect: an exception, a hang, or findings from a partial analysis. */
export function scanFailed(scans: EntryScan[]): boolean {
  return scans.some((s) => s.failures.length > 0 || s.budgetOverruns.some((o) => o.findings > 0));
}
