/** Lock colours: stable by name, spread over the palette, overridable, and safe. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { colorForLock, gutterBarSvg, hashName, isCssColor, LOCK_PALETTE, withAlpha } from '../../client/src/lockColors';

test('a lock keeps its colour whatever else is in the file and in whatever order', () => {
  const first = colorForLock('pidmap_lock');
  for (let i = 0; i < 5; i++) assert.deepEqual(colorForLock('pidmap_lock'), first);
  assert.equal(hashName('pidmap_lock'), hashName('pidmap_lock'));
  assert.ok(LOCK_PALETTE.includes(first.mark));
  assert.match(first.background, /^rgba\(\d+, \d+, \d+, 0\.13\)$/);
});

test('similar names spread over the palette', () => {
  const names = ['pidmap_lock', 'tasklist_lock', 'ns->lock', 'dev->lock', 'pid->lock', 'css_set_lock', 'rq->lock', 'mm->mmap_lock', 'inode->i_lock', 'sb_lock'];
  const used = new Set(names.map((n) => colorForLock(n).mark));
  assert.ok(used.size >= 6, `only ${used.size} colours for ${names.length} locks`);
});

test('locklens.highlightColors overrides: hex gets the translucent background, other forms are used as written', () => {
  assert.deepEqual(colorForLock('pidmap_lock', { pidmap_lock: '#ff0000' }), { background: 'rgba(255, 0, 0, 0.13)', mark: '#ff0000' });
  assert.deepEqual(colorForLock('pidmap_lock', { pidmap_lock: '#0f0' }), { background: 'rgba(0, 255, 0, 0.13)', mark: '#0f0' });
  assert.deepEqual(colorForLock('x', { x: 'rgba(10, 20, 30, 0.2)' }), { background: 'rgba(10, 20, 30, 0.2)', mark: 'rgba(10, 20, 30, 0.2)' });
  assert.deepEqual(colorForLock('other', { pidmap_lock: '#ff0000' }), colorForLock('other'));
});

test('invalid or hostile override values fall back to the palette', () => {
  for (const bad of ['red; background-image: url(x)', 'url(http://x)', 'expression(alert(1))', '#12', 42, null, '', 'inherit', '#gggggg']) {
    assert.equal(isCssColor(bad), false, String(bad));
    assert.deepEqual(colorForLock('pidmap_lock', { pidmap_lock: bad }), colorForLock('pidmap_lock'), String(bad));
  }
  assert.deepEqual(colorForLock('__proto__', {}), colorForLock('__proto__'));
  assert.equal(isCssColor('teal'), true);
  assert.equal(isCssColor('hsl(120, 50%, 40%)'), true);
});

test('withAlpha and the gutter bar', () => {
  assert.equal(withAlpha('#102030', 0.5), 'rgba(16, 32, 48, 0.5)');
  assert.equal(withAlpha('teal', 0.5), 'teal');
  const uri = gutterBarSvg('#e66101');
  assert.match(uri, /^data:image\/svg\+xml;base64,/);
  assert.match(Buffer.from(uri.split(',')[1], 'base64').toString(), /<rect [^>]*fill="#e66101"/);
});
