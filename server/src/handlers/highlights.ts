/** documentHighlight on a lock call: the call and its matching acquires/releases. */
import { DocumentHighlightKind, type DocumentHighlight, type Position } from 'vscode-languageserver-protocol';
import type { FileAnalysis } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { siteAtSpan } from './lockText';
import { functionAt, narrowestAt, toRange } from './positions';

/** Acquires are shown as writes and releases as reads, so the two stand apart. */
export function highlightsAt(analysis: FileAnalysis, pos: Position, settings: LockLensSettings): DocumentHighlight[] | null {
  if (!settings.enable) return null;
  const fn = functionAt(analysis, pos);
  const site = fn && narrowestAt(fn.sites, (s) => s.span, pos);
  if (!fn || !site) return null;
  const kindOf = (op: 'acquire' | 'release') => (op === 'acquire' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read);
  const out: DocumentHighlight[] = [{ range: toRange(site.span), kind: kindOf(site.op) }];
  for (const span of site.partners) {
    const partner = siteAtSpan(fn, span);
    out.push({ range: toRange(span), kind: kindOf(partner?.op ?? (site.op === 'acquire' ? 'release' : 'acquire')) });
  }
  return out;
}
