/** The LSP handlers as pure functions over a hand-built analysis: content and positions. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, resolveSettings } from '../../server/src/config';
import { codeAnchor, codeHref } from '../../server/src/handlers/codeLinks';
import { diagnosticsFor } from '../../server/src/handlers/diagnostics';
import { hoverAt } from '../../server/src/handlers/hover';
import { highlightsAt } from '../../server/src/handlers/highlights';
import { inlayHintsIn } from '../../server/src/handlers/inlayHints';
import { codeLensesFor } from '../../server/src/handlers/codeLens';
import { lockRegionsFor } from '../../server/src/handlers/lockRegions';
import { functionReportAt } from '../../server/src/handlers/functionReport';
import { spanContains, toRange } from '../../server/src/handlers/positions';
import { COMMANDS } from '../../server/src/protocol';
import { analysis, span } from './handBuiltAnalysis';

const URI = 'file:///src/pid_before.c';
const S = DEFAULT_SETTINGS;
const hoverText = (line: number, character: number) => {
  const h = hoverAt(analysis(), { line, character }, S);
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : null;
};

test('analysis lines are 1-based, LSP lines 0-based; columns are shared', () => {
  assert.deepEqual(toRange(span(75, 2, 25)), { start: { line: 74, character: 2 }, end: { line: 74, character: 25 } });
  assert.ok(spanContains(span(75, 2, 25), { line: 74, character: 2 }));
  assert.ok(spanContains(span(75, 2, 25), { line: 74, character: 24 }));
  assert.ok(!spanContains(span(75, 2, 25), { line: 74, character: 25 }));
  assert.ok(!spanContains(span(75, 2, 25), { line: 75, character: 2 }));
});

test('diagnostics carry code, README link, related lines and the severity from settings', () => {
  const [d] = diagnosticsFor(analysis(), S, URI);
  assert.equal(d.code, 'lock/back-to-back');
  assert.equal(d.severity, 3);
  assert.equal(d.source, 'locklens');
  assert.equal(d.codeDescription?.href, 'https://github.com/kernel-lock-lens/kernel-lock-lens#lockback-to-back');
  assert.deepEqual(d.range.start, { line: 115, character: 1 });
  assert.deepEqual(d.relatedInformation, [{ location: { uri: URI, range: toRange(span(89, 2, 27)) }, message: 'released here' }]);
  assert.equal(diagnosticsFor(analysis(), resolveSettings({ severity: { 'lock/back-to-back': 'warning' } }), URI)[0].severity, 2);
  assert.deepEqual(diagnosticsFor(analysis(), resolveSettings({ severity: { 'lock/back-to-back': 'off' } }), URI), []);
  assert.deepEqual(diagnosticsFor(analysis(), resolveSettings({ enable: false }), URI), []);
});

test('code anchors follow GitHub heading slugs', () => {
  assert.equal(codeAnchor('idr/preload-multiple-allocs'), 'idrpreload-multiple-allocs');
  assert.equal(codeAnchor('atomic/sleep_in_atomic'), 'atomicsleep_in_atomic');
  assert.ok(codeHref('lock/double-acquire').endsWith('#lockdouble-acquire'));
});

test('hover at the second acquire: which lock, k of n, region, releases per path, why back-to-back costs', () => {
  const text = hoverText(115, 5)!;
  assert.match(text, /`pidmap_lock`\*\* \(spinlock\)/);
  assert.match(text, /acquire \*\*2 of 2\*\* on the common path of `alloc_pid`/);
  assert.match(text, /`ns->level \+ 2`/);
  assert.match(text, /Opens the region at lines 116–124/);
  assert.match(text, /line 124 `spin_unlock`, common path; line 130 `spin_unlock`, another path/);
  assert.match(text, /\*\*Back-to-back\.\*\* Released at line 89 and taken again here\. Under contention/);
  assert.match(hoverText(74, 3)!, /\*\*Back-to-back:\*\* taken again on the common path at line 116\.$/);
});

test('hover at an off-path acquire and at a release', () => {
  assert.match(hoverText(134, 3)!, /path other than the common path/);
  assert.doesNotMatch(hoverText(134, 3)!, /Back-to-back/);
  assert.match(hoverText(88, 4)!, /release on the common path[\s\S]*Ends the region opened at: line 75 `spin_lock`/);
});

test('hover at an idr call: GFP, locks held, preload coverage', () => {
  const text = hoverText(76, 10)!;
  assert.match(text, /`idr_alloc`\*\* · `GFP_ATOMIC`/);
  assert.match(text, /`pidmap_lock` held: atomic context/);
  assert.match(text, /Preloaded by `idr_preload\(GFP_KERNEL\)` at line 74, which covers one allocation; allocation 1 of 1/);
});

test('hover at a function name: lock summary', () => {
  const text = hoverText(34, 14)!;
  assert.match(text, /`alloc_pid`\*\* · lock summary/);
  assert.match(text, /`pidmap_lock` \(spinlock\): ×2 per call \(ns->level \+ 2 in general\); back-to-back/);
  assert.match(text, /May sleep/);
  assert.match(hoverText(150, 6)!, /Takes no locks/);
  assert.equal(hoverText(40, 0), null, 'nothing to say on a plain line');
  assert.equal(hoverAt(analysis(), { line: 34, character: 14 }, resolveSettings({ enable: false })), null);
});

test('documentHighlight on an acquire shows its releases on every path', () => {
  const h = highlightsAt(analysis(), { line: 115, character: 3 }, S)!;
  assert.deepEqual(h.map((x) => [x.range.start.line, x.kind]), [[115, 3], [123, 2], [129, 2]]);
  const r = highlightsAt(analysis(), { line: 88, character: 3 }, S)!;
  assert.deepEqual(r.map((x) => [x.range.start.line, x.kind]), [[88, 2], [74, 3]]);
  assert.equal(highlightsAt(analysis(), { line: 40, character: 0 }, S), null);
});

test('inlay hints sit at acquire sites, numbered on the common path, limited to the range', () => {
  const hints = inlayHintsIn(analysis(), null, S);
  assert.deepEqual(hints.map((h) => [h.position, h.label]), [
    [{ line: 74, character: 2 }, 'pidmap_lock #1'],
    [{ line: 115, character: 1 }, 'pidmap_lock #2'],
    [{ line: 134, character: 1 }, 'pidmap_lock (not common path)'],
  ]);
  const visible = inlayHintsIn(analysis(), { start: { line: 100, character: 0 }, end: { line: 120, character: 0 } }, S);
  assert.deepEqual(visible.map((h) => h.label), ['pidmap_lock #2']);
  assert.deepEqual(inlayHintsIn(analysis(), null, resolveSettings({ inlayHints: { enable: false } })), []);
});

test('code lenses: one per lock above functions that take locks', () => {
  const lenses = codeLensesFor(analysis(), S, URI);
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0].command?.title, 'pidmap_lock ×2 per call · back-to-back · ns->level + 2 in general');
  assert.equal(lenses[0].command?.command, COMMANDS.functionReportAt);
  assert.deepEqual(lenses[0].command?.arguments, [URI, { line: 34, character: 12 }]);
  assert.equal(lenses[0].range.start.line, 34);
  assert.deepEqual(codeLensesFor(analysis(), resolveSettings({ codeLens: { enable: false } }), URI), []);
});

test('lock regions go to the client 0-based', () => {
  const params = lockRegionsFor(analysis(), S, URI, 7);
  assert.equal(params.version, 7);
  assert.deepEqual(params.regions[0], { lock: 'pidmap_lock', kind: 'spinlock', function: 'alloc_pid', startLine: 74, endLine: 88 });
  assert.deepEqual(lockRegionsFor(null, S, URI, null).regions, []);
});

test('function report: summary line and markdown', () => {
  const report = functionReportAt(analysis(), { line: 60, character: 0 }, S)!;
  assert.equal(report.function, 'alloc_pid');
  assert.equal(report.summary, 'alloc_pid: pidmap_lock ×2 · back-to-back');
  assert.match(report.markdown, /## `pidmap_lock` \(spinlock\)/);
  assert.match(report.markdown, /line 116: `spin_lock` — acquire #2/);
  assert.match(report.markdown, /## Findings[\s\S]*\[lock\/back-to-back\]/);
  assert.equal(functionReportAt(analysis(), { line: 0, character: 0 }, S), null);
});
