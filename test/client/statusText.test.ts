/** Status-bar text for each server state and the current function's summary; debounced latest-only requests. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { statusView, truncate, MAX_STATUS_CHARS } from '../../client/src/statusText';
import { LatestOnly } from '../../client/src/latest';

test('starting, ready and error each say so', () => {
  assert.match(statusView({ state: 'starting' }, null).text, /sync~spin/);
  const ready = statusView({ state: 'ready' }, null);
  assert.equal(ready.text, '$(lock) Lock Lens');
  assert.equal(ready.isError, false);
  const error = statusView({ state: 'error', message: 'cannot load the C parser: bad wasm' }, null);
  assert.equal(error.isError, true);
  assert.match(error.tooltip, /cannot load the C parser: bad wasm/);
});

test('ready with a function: its summary, truncated to fit, the full text in the tooltip', () => {
  const report = { function: 'alloc_pid', summary: 'alloc_pid: pidmap_lock ×2 · back-to-back', markdown: '' };
  assert.equal(statusView({ state: 'ready' }, report).text, '$(lock) alloc_pid: pidmap_lock ×2 · back-to-back');
  const long = { ...report, summary: `alloc_pid: ${'a_very_long_lock_name ×1 · '.repeat(6)}` };
  const view = statusView({ state: 'ready' }, long);
  assert.ok(view.text.length <= MAX_STATUS_CHARS + '$(lock) '.length);
  assert.ok(view.text.endsWith('…'));
  assert.ok(view.tooltip.includes(long.summary));
  // A lock expression that looks like an icon reference must not render as one.
  assert.doesNotMatch(statusView({ state: 'ready' }, { ...report, summary: 'f: $(bug)->lock ×1' }).text.slice(8), /\$\(/);
  assert.equal(truncate('short'), 'short');
});

test('LatestOnly: only the last of a burst runs, and an older answer never overwrites a newer one', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const started: number[] = [];
  const delivered: number[] = [];
  const cancelled: number[] = [];
  const resolvers = new Map<number, (v: number) => void>();
  const latest = new LatestOnly<number>(250);
  const ask = (n: number) => latest.schedule((onCancel) => {
    started.push(n);
    onCancel({ cancel: () => cancelled.push(n) });
    return new Promise<number>((resolve) => resolvers.set(n, resolve));
  }, (v) => delivered.push(v));

  ask(1); ask(2); ask(3);
  t.mock.timers.tick(249);
  assert.deepEqual(started, []);
  t.mock.timers.tick(1);
  assert.deepEqual(started, [3], 'the burst ran once, for the last position');
  ask(4);
  t.mock.timers.tick(250);
  assert.deepEqual(started, [3, 4]);
  assert.deepEqual(cancelled, [3], 'the superseded request was cancelled');
  resolvers.get(4)!(4);
  resolvers.get(3)!(3);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(delivered, [4]);
  latest.dispose();
});
