/**
 * Hovers that teach: at a lock call, at an `idr_*`/allocation call, at a function name.
 * Pure: (analysis, position, settings) → Hover.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-protocol';
import type { AllocSite, FileAnalysis, FunctionFacts, LockSite } from '../analysis/types';
import type { LockLensSettings } from '../config';
import { BACK_TO_BACK_WHY, commonPathAcquire, countPhrase, lineRange, lockOf, siteAtSpan, takesLock } from './lockText';
import { functionAt, narrowestAt, spanContains, toRange } from './positions';

export function hoverAt(analysis: FileAnalysis, pos: Position, settings: LockLensSettings): Hover | null {
  if (!settings.enable) return null;
  const fn = functionAt(analysis, pos);
  if (!fn) return null;
  const site = narrowestAt(fn.sites, (s) => s.span, pos);
  if (site) return markdown(lockSiteHover(fn, site), toRange(site.span));
  const alloc = narrowestAt(fn.allocSites ?? [], (s) => s.span, pos);
  if (alloc) return markdown(allocSiteHover(alloc), toRange(alloc.span));
  if (spanContains(fn.nameSpan, pos)) return markdown(functionHover(fn), toRange(fn.nameSpan));
  return null;
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

/** `line 121 (spin_unlock)` for each partner, saying which are on the common path. */
function partnerList(fn: FunctionFacts, site: LockSite): string[] {
  return site.partners.map((span) => {
    const partner = siteAtSpan(fn, span);
    const api = partner ? ` \`${partner.api}\`` : '';
    const path = partner && !partner.onCommonPath ? ', another path' : partner ? ', common path' : '';
    return `line ${span.start.line}${api}${path}`;
  });
}

/** Points at the other side of the back-to-back pair; the why goes with the re-acquire. */
function backToBackNote(fn: FunctionFacts, site: LockSite): string {
  const index = site.commonPathIndex!;
  const next = commonPathAcquire(fn, site.lock, index + 1);
  if (index === 1) return `**Back-to-back:** taken again on the common path${next ? ` at line ${next.span.start.line}` : ''}.`;
  const previous = commonPathAcquire(fn, site.lock, index - 1);
  const releasedAt = previous?.partners.map((span) => siteAtSpan(fn, span)).find((p) => p?.onCommonPath);
  const where = releasedAt ? `Released at line ${releasedAt.span.start.line} and taken again here. ` : 'Released and taken again here. ';
  return `**Back-to-back.** ${where}${BACK_TO_BACK_WHY}`;
}

export function lockSiteHover(fn: FunctionFacts, site: LockSite): string {
  const lock = lockOf(fn, site.lock);
  const kind = lock ? ` (${lock.kind})` : '';
  const lines: string[] = [];
  if (site.op === 'acquire') {
    const n = lock?.acquiresOnCommonPath ?? 0;
    const where = site.commonPathIndex !== null
      ? `acquire **${site.commonPathIndex} of ${n}** on the common path of \`${fn.name}\``
      : `acquire on a path other than the common path of \`${fn.name}\``;
    lines.push(`**\`${site.lock}\`**${kind} · \`${site.api}\` · ${where}`);
    if (lock?.acquiresFormula) lines.push(`Acquires per call in general: \`${lock.acquiresFormula}\`.`);
    const region = lock?.regions.find((r) => r.startLine === site.span.start.line)
      ?? lock?.regions.find((r) => r.startLine <= site.span.start.line && site.span.start.line <= r.endLine);
    if (region) lines.push(`Opens the region at ${lineRange(region.startLine, region.endLine)}.`);
    if (lock?.writes?.length) lines.push(`In this function it protects ${lock.writes.map((w) => `\`${w}\``).join(', ')} (written with it held).`);
    const partners = partnerList(fn, site);
    lines.push(partners.length ? `Released at: ${partners.join('; ')}.` : 'Not released in this function: held at return.');
    if (lock?.backToBack && site.commonPathIndex !== null) lines.push(backToBackNote(fn, site));
  } else {
    lines.push(`**\`${site.lock}\`**${kind} · \`${site.api}\` · release${site.onCommonPath ? ' on the common path' : ' on another path'}`);
    const partners = partnerList(fn, site);
    if (partners.length) lines.push(`Ends the region opened at: ${partners.join('; ')}.`);
    else if (lock?.heldOnEntry) lines.push('Taken by the caller: held on entry to this function.');
  }
  return lines.join('\n\n');
}

export function allocSiteHover(site: AllocSite): string {
  const lines = [`**\`${site.api}\`**${site.gfp ? ` · \`${site.gfp}\`` : ''}`];
  if (site.locksHeld.length) lines.push(`Called with ${site.locksHeld.map((l) => `\`${l}\``).join(', ')} held${site.atomic ? ': atomic context, it must not sleep' : ''}.`);
  else if (site.atomic) lines.push('Called in atomic context: it must not sleep.');
  if (site.preload) {
    const use = site.preloadUse ? `; allocation ${site.preloadUse.index} of ${site.preloadUse.of} drawing on it` : '';
    lines.push(`Preloaded by \`idr_preload(${site.preload.gfp ?? ''})\` at line ${site.preload.span.start.line}, which covers one allocation${use}.`);
  } else if (site.api.startsWith('idr_alloc')) {
    lines.push('No `idr_preload()` covers this call.');
  }
  for (const note of site.notes) lines.push(note);
  return lines.join('\n\n');
}

export function functionHover(fn: FunctionFacts): string {
  const lines = [`**\`${fn.name}\`** · lock summary`];
  const taken = fn.locks.filter(takesLock);
  if (taken.length === 0 && !fn.locks.some((l) => l.heldOnEntry)) lines.push('Takes no locks.');
  const items: string[] = [];
  for (const lock of fn.locks) {
    if (takesLock(lock)) {
      const extra = [lock.backToBack ? 'back-to-back on the common path' : '', lock.heldAtReturn ? 'returns with it held' : '']
        .filter(Boolean).join(', ');
      items.push(`- \`${lock.lock}\` (${lock.kind}): ${countPhrase(lock)}${extra ? `; ${extra}` : ''}`);
    } else if (lock.heldOnEntry) {
      items.push(`- \`${lock.lock}\` (${lock.kind}): held by the caller on entry, released here`);
    }
  }
  if (items.length) lines.push(items.join('\n'));
  lines.push(fn.maySleep ? 'May sleep.' : 'Does not sleep on any path.');
  for (const note of fn.notes) lines.push(`_${note}_`);
  return lines.join('\n\n');
}
