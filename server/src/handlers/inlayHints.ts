/** Inlay hints at acquire sites: `pidmap_lock #2` before the call. */
import type { InlayHint, Range } from 'vscode-languageserver-protocol';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { lockOf } from './lockText';
import { toPosition, toRange } from './positions';

function overlaps(a: Range, b: Range): boolean {
  return !(a.end.line < b.start.line || a.start.line > b.end.line);
}

/** Hints for acquire sites whose line falls in `range` (the whole file when null). */
export function inlayHintsIn(analysis: FileAnalysis, range: Range | null, settings: LockLensSettings): InlayHint[] {
  if (!settings.enable || !settings.inlayHints.enable) return [];
  const out: InlayHint[] = [];
  for (const fn of analysis.functions) {
    for (const site of fn.sites) {
      if (site.op !== 'acquire' || (range && !overlaps(toRange(site.span), range))) continue;
      const lock = lockOf(fn, site.lock);
      const label = site.commonPathIndex !== null ? `${site.lock} #${site.commonPathIndex}` : `${site.lock} (not common path)`;
      const tooltip = site.commonPathIndex !== null
        ? `acquire ${site.commonPathIndex} of ${lock?.acquiresOnCommonPath ?? '?'} of ${site.lock} on the common path of ${fn.name}`
        : `acquire of ${site.lock} off the common path of ${fn.name}`;
      out.push({ position: toPosition(site.span.start), label, tooltip, paddingRight: true });
    }
  }
  return out;
}
