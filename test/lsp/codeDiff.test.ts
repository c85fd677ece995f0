/**
 * changedRange skips common runs by comparing slices; it must find exactly the
 * prefix and suffix a character-by-character scan finds, wherever the change is.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { changedRange } from '../../server/src/documents/codeDiff';
import { Random } from '../../bench/kernelGen';

function naiveRange(a: string, b: string) {
  if (a === b) return null;
  const shorter = Math.min(a.length, b.length);
  let start = 0;
  while (start < shorter && a[start] === b[start]) start++;
  let suffix = 0;
  while (suffix < shorter - start && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { start, oldEnd: a.length - suffix, newEnd: b.length - suffix };
}

test('changedRange equals a character scan for changes anywhere in short and long texts', () => {
  const r = new Random(5);
  const alphabet = 'ab\n';
  for (let round = 0; round < 400; round++) {
    const length = r.pick([0, 1, 15, 16, 17, 1000, 65535, 65536, 65537, 200_000]);
    let a = '';
    while (a.length < length) a += alphabet[r.int(0, 2)].repeat(r.int(1, 40));
    a = a.slice(0, length);
    const at = r.int(0, a.length);
    const removed = r.chance(0.5) ? r.int(0, 20) : 0;
    // Inserting text equal to its neighbours makes the prefix and suffix compete for it.
    const inserted = r.chance(0.3) ? a.slice(at, at + r.int(0, 20)) : alphabet[r.int(0, 2)].repeat(r.int(0, 3));
    const b = a.slice(0, at) + inserted + a.slice(Math.min(a.length, at + removed));
    assert.deepEqual(changedRange(a, b), naiveRange(a, b), `round ${round}: length ${length}, at ${at}`);
  }
});
