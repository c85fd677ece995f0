/** `locklens/functionReport`: a markdown lock report of the function at a position, plus a one-line summary. */
import type { Position } from 'vscode-languageserver-protocol';
import type { FileAnalysis, FunctionFacts } from '../analysis/types';
import type { LockLensSettings } from '../config';
import type { FunctionReportResult } from '../protocol';
import { effectiveSeverity } from './diagnostics';
import { BACK_TO_BACK_WHY, countPhrase, functionSummary, lineRange, takesLock } from './lockText';
import { functionAt } from './positions';

export function functionReportAt(analysis: FileAnalysis, pos: Position, settings: LockLensSettings): FunctionReportResult {
  const fn = functionAt(analysis, pos);
  if (!fn) return null;
  return { function: fn.name, summary: functionSummary(fn), markdown: functionReportMarkdown(analysis, fn, settings) };
}

export function functionReportMarkdown(analysis: FileAnalysis, fn: FunctionFacts, settings: LockLensSettings): string {
  const out: string[] = [`# \`${fn.name}\` — lock report`, '', `${lineRange(fn.startLine, fn.endLine)} · ${fn.maySleep ? 'may sleep' : 'does not sleep'}`, ''];
  if (fn.locks.length === 0) out.push('Takes no locks.', '');
  for (const lock of fn.locks) {
    out.push(`## \`${lock.lock}\` (${lock.kind})`, '');
    if (takesLock(lock)) out.push(`- Acquired ${countPhrase(lock)} on the common path.`);
    if (lock.heldOnEntry) out.push('- Held by the caller on entry.');
    if (lock.heldAtReturn) out.push('- Still held when the function returns.');
    if (lock.regions.length) out.push(`- Held over ${lock.regions.map((r) => lineRange(r.startLine, r.endLine)).join(', ')}.`);
    const sites = fn.sites.filter((s) => s.lock === lock.lock);
    if (sites.length) out.push('- Calls:');
    for (const s of sites) {
      const which = s.op === 'acquire'
        ? (s.commonPathIndex !== null ? `acquire #${s.commonPathIndex}` : 'acquire (not common path)')
        : `release${s.onCommonPath ? '' : ' (not common path)'}`;
      out.push(`  - line ${s.span.start.line}: \`${s.api}\` — ${which}`);
    }
    if (lock.backToBack) out.push('', `**Back-to-back:** the common path releases and re-takes it. ${BACK_TO_BACK_WHY}`);
    out.push('');
  }
  const findings = analysis.findings.filter((f) => f.function === fn.name && effectiveSeverity(f, settings) !== null);
  if (findings.length) {
    out.push('## Findings', '');
    for (const f of findings) out.push(`- line ${f.span.start.line}: ${f.message} \`[${f.code}]\``);
    out.push('');
  }
  if (fn.notes.length) {
    out.push('## Notes', '');
    for (const n of fn.notes) out.push(`- ${n}`);
    out.push('');
  }
  return out.join('\n');
}
