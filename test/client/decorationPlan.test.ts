/** Lock regions → decorations: grouped by lock, merged, clamped, ordered; stale versions ignored. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isCurrent, mergeRanges, planDecorations, type Region } from '../../client/src/decorationPlan';
import { colorForLock } from '../../client/src/lockColors';

const region = (lock: string, startLine: number, endLine: number, fn = 'alloc_pid'): Region => ({ lock, kind: 'spinlock', function: fn, startLine, endLine });

test('regions of one lock are grouped and merged where they touch or overlap; locks are sorted by name', () => {
  const plan = planDecorations([
    region('pidmap_lock', 112, 119), region('ns->lock', 10, 12), region('pidmap_lock', 73, 85),
    region('pidmap_lock', 86, 90), region('pidmap_lock', 88, 89),
  ], {}, 200);
  assert.deepEqual(plan.map((p) => p.lock), ['ns->lock', 'pidmap_lock']);
  assert.deepEqual(plan[1].ranges, [{ startLine: 73, endLine: 90 }, { startLine: 112, endLine: 119 }]);
  assert.deepEqual(plan[1].color, colorForLock('pidmap_lock'));
  assert.deepEqual(plan[1].kinds, ['spinlock']);
});

test('nested locks keep their own ranges (both are drawn, translucent over each other)', () => {
  const plan = planDecorations([region('outer', 5, 20), region('inner', 8, 10)], {}, 100);
  assert.deepEqual(plan.map((p) => [p.lock, p.ranges]), [['inner', [{ startLine: 8, endLine: 10 }]], ['outer', [{ startLine: 5, endLine: 20 }]]]);
});

test('ranges are clamped to the document and malformed regions dropped', () => {
  const plan = planDecorations([
    region('l', -3, 2), region('l', 8, 50), region('l', 60, 70),
    { lock: 'bad', kind: 'spinlock', function: 'f', startLine: 1.5, endLine: 3 } as Region,
    null as unknown as Region,
  ], {}, 10);
  assert.deepEqual(plan.map((p) => [p.lock, p.ranges]), [['l', [{ startLine: 0, endLine: 2 }, { startLine: 8, endLine: 9 }]]]);
});

test('colour overrides flow into the plan', () => {
  const [p] = planDecorations([region('pidmap_lock', 1, 2)], { pidmap_lock: '#ff0000' }, 10);
  assert.equal(p.color.mark, '#ff0000');
});

test('mergeRanges does not mutate its input', () => {
  const input = [{ startLine: 5, endLine: 6 }, { startLine: 1, endLine: 5 }];
  assert.deepEqual(mergeRanges(input), [{ startLine: 1, endLine: 6 }]);
  assert.deepEqual(input, [{ startLine: 5, endLine: 6 }, { startLine: 1, endLine: 5 }]);
});

test('a regions notification for an older document version is stale', () => {
  assert.equal(isCurrent(3, 3), true);
  assert.equal(isCurrent(2, 3), false);
  assert.equal(isCurrent(null, 3), true);
});
