/**
 * Every editor feature on the motivating case, end to end over JSON-RPC:
 * samples/pidmap/pid_before.c takes pidmap_lock twice per alloc_pid() call on
 * the common path (ns->level + 2 in general), back to back; pid_after.c once.
 * These expectations need the lock engine's facts (WAITS_ON_ENGINE until then).
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, positionOf, readRepoFile, WAITS_ON_ENGINE } from './harness';

const BEFORE = 'file:///work/samples/pidmap/pid_before.c';
const AFTER = 'file:///work/samples/pidmap/pid_after.c';
const beforeText = readRepoFile('samples/pidmap/pid_before.c');
const afterText = readRepoFile('samples/pidmap/pid_after.c');

/** 0-based positions in pid_before.c. */
const allocName = positionOf(beforeText, 'alloc_pid(struct');
const firstLock = positionOf(beforeText, 'spin_lock(&pidmap_lock);', 1, 'struct pid *alloc_pid');
const firstUnlock = positionOf(beforeText, 'spin_unlock(&pidmap_lock);', 1, 'struct pid *alloc_pid');
const secondLock = positionOf(beforeText, 'spin_lock(&pidmap_lock);', 2, 'struct pid *alloc_pid');
const publishUnlock = positionOf(beforeText, 'spin_unlock(&pidmap_lock);', 2, 'struct pid *alloc_pid');
const idrAlloc = positionOf(beforeText, 'idr_alloc(', 1, 'struct pid *alloc_pid');
const allocEnd = positionOf(beforeText, 'return ERR_PTR(retval);\n}', 1, 'out_free:');

function text(h: Hover | null): string {
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
}
const inside = (p: { line: number; character: number }) => ({ line: p.line, character: p.character + 3 });

let client: LspClient;
before(async () => {
  client = await LspClient.start({ settings: {} });
  await client.open(BEFORE, beforeText, 1);
  await client.open(AFTER, afterText, 1);
  await client.diagnosticsAt(BEFORE, 1);
  await client.diagnosticsAt(AFTER, 1);
});
after(async () => { await client.stop(); });

test('pid_before: a lock/back-to-back information diagnostic in alloc_pid, linked to the README, with related lines', WAITS_ON_ENGINE, async () => {
  const { diagnostics } = await client.diagnosticsAt(BEFORE, 1);
  const b2b = diagnostics.filter((d) => d.code === 'lock/back-to-back');
  assert.equal(b2b.length, 1);
  assert.equal(b2b[0].severity, 3);
  assert.equal(b2b[0].codeDescription?.href, 'https://github.com/kernel-lock-lens/kernel-lock-lens#lockback-to-back');
  assert.ok(b2b[0].range.start.line > allocName.line && b2b[0].range.start.line <= allocEnd.line);
  assert.ok((b2b[0].relatedInformation ?? []).length >= 1);
  assert.ok(b2b[0].relatedInformation!.every((r) => r.location.uri === BEFORE));
});

test('pid_after: no back-to-back diagnostic', WAITS_ON_ENGINE, async () => {
  const { diagnostics } = await client.diagnosticsAt(AFTER, 1);
  assert.deepEqual(diagnostics.filter((d) => d.code === 'lock/back-to-back'), []);
});

test('hover at the second acquire: acquire 2 of 2, its releases, why back-to-back costs', WAITS_ON_ENGINE, async () => {
  const value = text(await client.hover(BEFORE, inside(secondLock)));
  assert.match(value, /`pidmap_lock`\*\* \(spinlock\) · `spin_lock` · acquire \*\*2 of 2\*\* on the common path of `alloc_pid`/);
  assert.match(value, /Acquires per call in general: `ns->level \+ 2`/);
  assert.match(value, new RegExp(`Released at: .*line ${publishUnlock.line + 1} \`spin_unlock\`, common path`));
  assert.match(value, new RegExp(`\\*\\*Back-to-back\\.\\*\\* Released at line ${firstUnlock.line + 1} and taken again here\\. Under contention`));
});

test('hover at the first acquire: acquire 1 of 2 and the region it opens', WAITS_ON_ENGINE, async () => {
  const value = text(await client.hover(BEFORE, inside(firstLock)));
  assert.match(value, /acquire \*\*1 of 2\*\*/);
  assert.match(value, new RegExp(`Opens the region at lines ${firstLock.line + 1}–${firstUnlock.line + 1}`));
});

test('hover at alloc_pid: lock summary with count and formula', WAITS_ON_ENGINE, async () => {
  const value = text(await client.hover(BEFORE, inside(allocName)));
  assert.match(value, /`pidmap_lock` \(spinlock\): ×2 per call \(ns->level \+ 2 in general\); back-to-back on the common path/);
  const after = text(await client.hover(AFTER, inside(positionOf(afterText, 'alloc_pid(struct'))));
  assert.match(after, /`pidmap_lock` \(spinlock\): ×1 per call/);
  assert.doesNotMatch(after, /back-to-back/);
});

test('hover at idr_alloc under the lock: GFP_ATOMIC, pidmap_lock held, the preload', WAITS_ON_ENGINE, async () => {
  const value = text(await client.hover(BEFORE, inside(idrAlloc)));
  assert.match(value, /`GFP_ATOMIC`/);
  assert.match(value, /`pidmap_lock` held/);
  assert.match(value, /Preloaded by `idr_preload\(GFP_KERNEL\)`/);
});

test('inlay hints number the common-path acquires of alloc_pid', WAITS_ON_ENGINE, async () => {
  const hints = (await client.inlayHints(BEFORE, { start: allocName, end: allocEnd })) ?? [];
  const numbered = hints.filter((h) => /^pidmap_lock #\d+$/.test(String(h.label)));
  assert.deepEqual(numbered.map((h) => [h.label, h.position]), [
    ['pidmap_lock #1', firstLock],
    ['pidmap_lock #2', secondLock],
  ]);
});

test('code lenses: ×2 back-to-back before the patch, ×1 after', WAITS_ON_ENGINE, async () => {
  // The lock lenses run the report command; the simulate lens after them is tested in simulate.test.ts.
  const beforeLenses = ((await client.codeLenses(BEFORE)) ?? []).filter((l) => l.command?.command !== 'locklens.simulate');
  const alloc = beforeLenses.filter((l) => l.range.start.line === allocName.line).map((l) => l.command?.title);
  assert.equal(alloc.length, 1);
  assert.match(String(alloc[0]), /^pidmap_lock ×2 per call · back-to-back/);
  const free = beforeLenses.find((l) => l.range.start.line === positionOf(beforeText, 'free_pid(').line);
  assert.equal(free?.command?.title, 'pidmap_lock ×1 per call');
  const afterLenses = (await client.codeLenses(AFTER)) ?? [];
  const afterAlloc = afterLenses.find((l) => l.range.start.line === positionOf(afterText, 'alloc_pid(struct').line);
  assert.match(String(afterAlloc?.command?.title), /^pidmap_lock ×1 per call/);
  assert.doesNotMatch(String(afterAlloc?.command?.title), /back-to-back/);
  // The simulate lens follows the lock lens (test/lsp/simulate.test.ts runs it).
  assert.ok(afterLenses.some((l) => l.command?.title === '▶ Simulate contention' && l.range.start.line === afterAlloc?.range.start.line));
});

test('documentHighlight on an acquire shows it and its release', WAITS_ON_ENGINE, async () => {
  const highlights = (await client.highlights(BEFORE, inside(firstLock))) ?? [];
  assert.deepEqual(highlights.map((h) => [h.range.start, h.kind]), [[firstLock, 3], [firstUnlock, 2]]);
  const onRelease = (await client.highlights(BEFORE, inside(firstUnlock))) ?? [];
  assert.deepEqual(onRelease.map((h) => h.range.start), [firstUnlock, firstLock]);
});

test('lock regions reach the client for both sections of alloc_pid', WAITS_ON_ENGINE, async () => {
  const { regions } = await client.regionsAt(BEFORE, 1);
  const alloc = regions.filter((r) => r.function === 'alloc_pid' && r.lock === 'pidmap_lock');
  assert.ok(alloc.some((r) => r.startLine === firstLock.line && r.endLine === firstUnlock.line), JSON.stringify(alloc));
  assert.ok(alloc.some((r) => r.startLine === secondLock.line && r.endLine === publishUnlock.line), JSON.stringify(alloc));
  assert.ok(alloc.every((r) => r.kind === 'spinlock'));
});

test('severity overrides from settings re-publish diagnostics without restart', WAITS_ON_ENGINE, async () => {
  const count = () => client.diagnostics.filter((d) => d.uri === BEFORE).length;
  let seen = count();
  client.settings = { severity: { 'lock/back-to-back': 'warning' } };
  await client.changeConfiguration(null);
  const warned = await client.waitFor(() => count() > seen && client.diagnostics.filter((d) => d.uri === BEFORE).at(-1), 'diagnostics under new settings');
  assert.equal(warned.diagnostics.find((d) => d.code === 'lock/back-to-back')?.severity, 2);
  seen = count();
  client.settings = { severity: { 'lock/back-to-back': 'off' } };
  await client.changeConfiguration(null);
  const off = await client.waitFor(() => count() > seen && client.diagnostics.filter((d) => d.uri === BEFORE).at(-1), 'diagnostics with the code off');
  assert.equal(off.diagnostics.find((d) => d.code === 'lock/back-to-back'), undefined);
  seen = count();
  client.settings = {};
  await client.changeConfiguration(null);
  await client.waitFor(() => count() > seen, 'diagnostics on defaults');
});
