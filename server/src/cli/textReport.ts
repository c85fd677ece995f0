/**
 * GCC-style text output, which editors' problem matchers and `grep` understand:
 * `file:line:col: severity: message [code]`, related lines as `note:` after it.
 */
import type { JsonFile, JsonFunction, JsonLock, JsonReport } from './jsonReport';

export function diagnosticLines(file: JsonFile): string[] {
  const out: string[] = [];
  for (const d of file.diagnostics) {
    out.push(`${file.path}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
    for (const r of d.related) out.push(`${file.path}:${r.line}:${r.column}: note: ${r.message}`);
  }
  return out;
}

/** `lines 74-86` or `line 74`. */
export function linesPhrase(start: number, end: number): string {
  return start === end ? `line ${start}` : `lines ${start}-${end}`;
}

/** `×2 on the common path, ns->level + 2 in general`: the counts as the contract states them. */
export function acquiresPhrase(lock: JsonLock): string {
  const parts = [`×${lock.acquiresOnCommonPath} on the common path`];
  if (lock.acquiresFormula) parts.push(`${lock.acquiresFormula} in general`);
  if (lock.acquiresMax === null) parts.push('unbounded (acquired in a loop)');
  else if (lock.acquiresMax !== lock.acquiresOnCommonPath) parts.push(`at most ${lock.acquiresMax}`);
  return parts.join(', ');
}

/** One line per lock: counts, held lines and what is notable about it. */
export function lockSummaryLine(lock: JsonLock): string {
  const flags = [
    lock.backToBack ? 'back-to-back' : '',
    lock.heldAtReturn ? 'held at return' : '',
    lock.heldOnEntry ? 'held by the caller on entry' : '',
  ].filter(Boolean);
  const held = lock.regions.length ? `; held over ${lock.regions.map((r) => linesPhrase(r.startLine, r.endLine)).join(', ')}` : '';
  return `${lock.lock} (${lock.kind}): ${acquiresPhrase(lock)}${held}${flags.length ? `; ${flags.join(', ')}` : ''}`;
}

export function functionSummaryLines(file: JsonFile, fn: JsonFunction): string[] {
  const head = `${file.path}:${fn.startLine}: ${fn.name}() ${linesPhrase(fn.startLine, fn.endLine)}${fn.maySleep ? ', may sleep' : ''}`;
  if (fn.locks.length === 0) return [`${head}: no locks`];
  return [`${head}:`, ...fn.locks.map((l) => `    ${lockSummaryLine(l)}`)];
}

/** The whole text report; `summary` adds the per-function lock summary after each file's diagnostics. */
export function textReport(report: JsonReport, summary: boolean): string {
  const out: string[] = [];
  for (const file of report.files) {
    if (file.skipped) out.push(`${file.path}: note: not analysed: ${file.skipped}`);
    out.push(...diagnosticLines(file));
    if (summary) for (const fn of file.functions) out.push(...functionSummaryLines(file, fn));
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** `2 files: 1 error, 0 warnings, 3 other`, for stderr with --summary or --verbose. */
export function countsLine(report: JsonReport): string {
  const all = report.files.flatMap((f) => f.diagnostics);
  const n = (s: string) => all.filter((d) => d.severity === s).length;
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(report.files.length, 'file')}: ${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${n('information') + n('hint')} other`;
}
