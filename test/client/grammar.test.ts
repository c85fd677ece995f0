/**
 * The TextMate injection grammar: valid JSON, regexes that compile (they use only
 * syntax Oniguruma and JavaScript share), matching kernel primitives and not
 * identifiers that merely contain their names.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes', 'kernel-locking.injection.json');

interface Rule { match?: string; name?: string; include?: string; patterns?: Rule[]; captures?: Record<string, { name: string }> }
const grammar: { scopeName: string; injectionSelector: string; patterns: Rule[]; repository: Record<string, Rule> } =
  JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));

/** Every rule with a `match`, following includes, in the grammar's priority order. */
function leafRules(rules: Rule[], seen = new Set<string>()): Rule[] {
  const out: Rule[] = [];
  for (const rule of rules) {
    if (rule.include) {
      const key = rule.include.replace(/^#/, '');
      assert.ok(grammar.repository[key], `include ${rule.include} is defined`);
      if (!seen.has(key)) { seen.add(key); out.push(...leafRules([grammar.repository[key]], seen)); }
    } else if (rule.patterns) out.push(...leafRules(rule.patterns, seen));
    else if (rule.match) out.push(rule);
  }
  return out;
}

const rules = leafRules(grammar.patterns);

/**
 * Scopes the way a TextMate tokenizer would on one line: at each position the
 * earliest match wins, ties go to the earlier rule. Returns [text, scope] pairs.
 */
function tokenize(line: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let pos = 0;
  for (;;) {
    let best: { index: number; m: RegExpExecArray; rule: Rule } | null = null;
    for (const rule of rules) {
      const re = new RegExp(rule.match!, 'g');
      re.lastIndex = pos;
      const m = re.exec(line);
      if (m && (!best || m.index < best.index)) best = { index: m.index, m, rule };
    }
    if (!best || best.m[0].length === 0) return out;
    if (best.rule.captures) {
      for (const [group, { name }] of Object.entries(best.rule.captures)) if (best.m[Number(group)]) out.push([best.m[Number(group)], name]);
    } else out.push([best.m[0], best.rule.name!]);
    pos = best.index + best.m[0].length;
  }
}

const scopeOf = (line: string, word: string) => tokenize(line).find(([text]) => text === word)?.[1];

test('the grammar is an injection into C code outside comments and strings', () => {
  assert.equal(grammar.scopeName, 'kernel-locking.injection');
  assert.equal(grammar.injectionSelector, 'L:source.c -comment -string');
  assert.ok(rules.length >= 10);
  for (const r of rules) {
    assert.ok(r.name || r.captures, `rule ${r.match} has a scope`);
    // Constructs whose meaning differs between Oniguruma and JavaScript are avoided.
    assert.doesNotMatch(r.match!, /\\[AzZGhH]|\(\?[imx]|\\p\{|\(\?>/, r.match);
  }
});

test('lock primitives are scoped by what they do', () => {
  const cases: Array<[string, string, string]> = [
    ['\tspin_lock(&pidmap_lock);', 'spin_lock', 'support.function.lock.acquire.kernel-c'],
    ['spin_lock_irqsave(&pidmap_lock, flags);', 'spin_lock_irqsave', 'support.function.lock.acquire.kernel-c'],
    ['raw_spin_lock_irq(&rq->lock);', 'raw_spin_lock_irq', 'support.function.lock.acquire.kernel-c'],
    ['read_lock(&tasklist_lock);', 'read_lock', 'support.function.lock.acquire.kernel-c'],
    ['write_lock_irq(&tasklist_lock);', 'write_lock_irq', 'support.function.lock.acquire.kernel-c'],
    ['mutex_lock_interruptible(&dev->lock)', 'mutex_lock_interruptible', 'support.function.lock.acquire.kernel-c'],
    ['down_read(&mm->mmap_lock);', 'down_read', 'support.function.lock.acquire.kernel-c'],
    ['down(&sem);', 'down', 'support.function.lock.acquire.kernel-c'],
    ['spin_unlock_irqrestore(&pidmap_lock, flags);', 'spin_unlock_irqrestore', 'support.function.lock.release.kernel-c'],
    ['up_write(&mm->mmap_lock);', 'up_write', 'support.function.lock.release.kernel-c'],
    ['up (&sem);', 'up', 'support.function.lock.release.kernel-c'],
    ['mutex_unlock(&dev->lock);', 'mutex_unlock', 'support.function.lock.release.kernel-c'],
    ['if (!spin_trylock(&l))', 'spin_trylock', 'support.function.lock.try.kernel-c'],
    ['down_write_trylock(&s)', 'down_write_trylock', 'support.function.lock.try.kernel-c'],
    ['mutex_init(&m);', 'mutex_init', 'support.function.lock.other.kernel-c'],
    ['if (mutex_is_locked(&m))', 'mutex_is_locked', 'support.function.lock.other.kernel-c'],
    ['WARN_ON(!preempt_count());', 'preempt_count', 'support.function.atomic-context.kernel-c'],
    ['preempt_enable_no_resched();', 'preempt_enable_no_resched', 'support.function.atomic-context.kernel-c'],
    ['local_bh_enable();', 'local_bh_enable', 'support.function.atomic-context.kernel-c'],
    ['rcu_read_lock();', 'rcu_read_lock', 'support.function.rcu.kernel-c'],
    ['rcu_read_unlock_bh();', 'rcu_read_unlock_bh', 'support.function.rcu.kernel-c'],
    ['preempt_disable();', 'preempt_disable', 'support.function.atomic-context.kernel-c'],
    ['local_irq_save(flags);', 'local_irq_save', 'support.function.atomic-context.kernel-c'],
    ['idr_preload(GFP_KERNEL);', 'idr_preload', 'support.function.idr.preload.kernel-c'],
    ['idr_preload_end();', 'idr_preload_end', 'support.function.idr.preload.kernel-c'],
    ['nr = idr_alloc_cyclic(&tmp->idr, NULL, 1, max, GFP_ATOMIC);', 'idr_alloc_cyclic', 'support.function.idr.kernel-c'],
    ['ida_free(&ida, id);', 'ida_free', 'support.function.idr.kernel-c'],
    ['p = kmalloc(sizeof(*p), GFP_KERNEL);', 'kmalloc', 'support.function.alloc.kernel-c'],
    ['pid = kmem_cache_alloc(ns->pid_cachep, GFP_KERNEL);', 'kmem_cache_alloc', 'support.function.alloc.kernel-c'],
    ['static DEFINE_SPINLOCK(pidmap_lock);', 'DEFINE_SPINLOCK', 'storage.type.lock.kernel-c'],
    ['void f(void) __acquires(l)', '__acquires', 'storage.modifier.lock-annotation.kernel-c'],
  ];
  for (const [line, word, scope] of cases) assert.equal(scopeOf(line, word), scope, `${word} in ${JSON.stringify(line)}`);
});

test('GFP flags are constants, in any position', () => {
  const line = 'x = idr_alloc(&idr, NULL, 0, 0, GFP_ATOMIC | __GFP_NOWARN);';
  assert.equal(scopeOf(line, 'GFP_ATOMIC'), 'constant.language.gfp.kernel-c');
  assert.equal(scopeOf(line, '__GFP_NOWARN'), 'constant.language.gfp.kernel-c');
  assert.equal(scopeOf(line, 'idr_alloc'), 'support.function.idr.kernel-c');
});

test('guards scope the keyword and the lock class', () => {
  assert.deepEqual(tokenize('\tguard(spinlock_irqsave)(&pidmap_lock);'), [
    ['guard', 'keyword.control.guard.kernel-c'],
    ['spinlock_irqsave', 'entity.name.type.guard-class.kernel-c'],
  ]);
  assert.deepEqual(tokenize('scoped_guard (mutex, &dev->lock) {').slice(0, 2), [
    ['scoped_guard', 'keyword.control.guard.kernel-c'],
    ['mutex', 'entity.name.type.guard-class.kernel-c'],
  ]);
});

test('identifiers that merely contain a primitive name, members and non-calls are left alone', () => {
  const quiet = [
    'int my_spin_lock_helper_var = 0;',
    'my_spin_lock_helper_var(x);',
    'spin_lock_helper(x);',
    'struct spinlock spin_lock_count;',
    'dev->ops->up(dev);',
    'ops.down(dev);',
    'int up = down + 1;',
    'backup(x); setup(y); lockdown(z);',
    'myidr_alloc(x);',
    'NOT_GFP_KERNEL_FLAG | MYGFP_ATOMIC',
    'rcu_read_locked(x);',
    'guarded(x);',
    'my_mutex_helper(x); nonpreempt_disable(); mylocal_irq_save(f);',
  ];
  for (const line of quiet) assert.deepEqual(tokenize(line), [], line);
});

test('every primitive in the pidmap samples is scoped', () => {
  const text = fs.readFileSync(path.join(ROOT, 'samples', 'pidmap', 'pid_before.c'), 'utf8');
  const seen = new Set(text.split('\n').flatMap(tokenize).map(([word]) => word));
  for (const word of ['spin_lock', 'spin_unlock', 'spin_lock_irqsave', 'spin_unlock_irqrestore', 'idr_preload', 'idr_preload_end',
    'idr_alloc', 'idr_alloc_cyclic', 'idr_remove', 'GFP_KERNEL', 'GFP_ATOMIC', 'kmem_cache_alloc', 'DEFINE_SPINLOCK', 'call_rcu']) {
    assert.ok(seen.has(word), word);
  }
});
