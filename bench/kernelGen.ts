/**
 * A seeded generator of kernel-style C for the benchmarks: many functions with
 * spinlock, mutex, rwlock, rwsem and RCU regions, goto-heavy error paths, deep
 * nesting, long switch statements, list_for_each_entry loops, guard() and
 * scoped_guard(), idr_preload()/idr_alloc(), and pidmap-style back-to-back
 * acquires. Written for this project; it imitates the shapes of kernel code,
 * never its text. The same seed always gives the same file.
 *
 * Most generated functions are correct (as in a real tree); a small share carry
 * the mistakes the engine reports (a return with a lock held, several atomic
 * allocations under one preload), so the views have findings to show.
 */

/** mulberry32: small, fast, and the same on every platform. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
}

export type FunctionKind =
  | 'plain'
  | 'errorPaths'
  | 'listWalk'
  | 'ioctlSwitch'
  | 'deepNesting'
  | 'guards'
  | 'idrAlloc'
  | 'backToBack'
  | 'readSide';

/** Share of each kind: about a third of kernel functions take no lock at all. */
const KIND_WEIGHTS: ReadonlyArray<readonly [FunctionKind, number]> = [
  ['plain', 30],
  ['errorPaths', 15],
  ['listWalk', 12],
  ['ioctlSwitch', 7],
  ['deepNesting', 8],
  ['guards', 9],
  ['idrAlloc', 7],
  ['backToBack', 5],
  ['readSide', 7],
];

export interface GeneratedFunction {
  name: string;
  kind: FunctionKind;
  /** 0-based lines of the definition (first line is the signature, last the closing brace). */
  startLine: number;
  endLine: number;
  /** True when the function takes a lock. */
  locks: boolean;
}

export interface GeneratedFile {
  text: string;
  /** Number of lines (newline-terminated). */
  lines: number;
  functions: GeneratedFunction[];
}

export interface GenerateOptions {
  seed: number;
  /** Approximate size: functions are added until the file reaches this many lines. */
  lines: number;
  /** Share of functions that carry a deliberate locking mistake (default 0.03). */
  mistakeRate?: number;
}

/** Lines with a tab indent per nesting level (kernel style). */
class Emitter {
  readonly lines: string[] = [];
  depth = 0;

  line(text = ''): void {
    this.lines.push(text ? '\t'.repeat(this.depth) + text : '');
  }

  /** A line at one level less than the current one (labels, `case`). */
  outdented(text: string): void {
    this.lines.push('\t'.repeat(Math.max(0, this.depth - 1)) + text);
  }

  open(head: string): void {
    this.line(head ? `${head} {` : '{');
    this.depth++;
  }

  close(tail = ''): void {
    this.depth--;
    this.line(`}${tail}`);
  }
}

/** What the statement filler may do at the current point of a function. */
interface Context {
  /** The file's identifier prefix (`blkq`). */
  p: string;
  /** A spinlock, rwlock or RCU read side is held: nothing that sleeps. */
  atomic: boolean;
  /** A lock is held that a return would leak: exits only through `errorLabel`. */
  held: boolean;
  /** Lock expressions held here, which a nested region must not take again. */
  holding: readonly string[];
  /** Where an error jumps to, or null to return directly. */
  errorLabel: string | null;
  /** Current nesting depth of control statements. */
  depth: number;
  maxDepth: number;
  /** Earlier functions with the `(dev, unsigned long)` signature, callable from here. */
  callees: readonly string[];
  /** Inside a loop: `break`/`continue` are allowed. */
  inLoop: boolean;
}

const PREFIXES = ['blkq', 'netq', 'kvx', 'drm_ring', 'snd_pcmx', 'ext9', 'vfio_x', 'ipc_q', 'mmz', 'tty_x'];
const VERBS = ['setup', 'update', 'flush', 'lookup', 'reclaim', 'attach', 'detach', 'resize', 'sync', 'queue', 'drain', 'probe', 'scan', 'commit', 'reset'];
const NOUNS = ['ring', 'slot', 'entry', 'queue', 'map', 'ctx', 'buf', 'node', 'table', 'req', 'page', 'port'];
const ERRNOS = ['-EINVAL', '-EBUSY', '-ENOMEM', '-EAGAIN', '-ENOSPC', '-EIO', '-ENODEV', '-EEXIST'];

function condition(r: Random, c: Context): string {
  const n = r.int(1, 63);
  switch (r.int(0, 9)) {
    case 0: return `val > ${n}`;
    case 1: return '!dev->ready';
    case 2: return 'unlikely(ret < 0)';
    case 3: return `test_bit(${n & 15}, &dev->flags)`;
    case 4: return `dev->count >= ${n}`;
    case 5: return 'likely(val)';
    case 6: return `(val & ${n}) && !ret`;
    case 7: return `arg == ${n}`;
    case 8: return c.inLoop ? `it->id == (int)arg` : `READ_ONCE(dev->level) > ${n & 7}`;
    default: return `dev->stats[${n & 15}] != ${n}`;
  }
}

function simpleStatement(e: Emitter, r: Random, c: Context): void {
  const n = r.int(1, 15);
  switch (r.int(0, 13)) {
    case 0: e.line(`val += ${n};`); break;
    case 1: e.line(`val = READ_ONCE(dev->count) + ${n};`); break;
    case 2: e.line(`WRITE_ONCE(dev->count, dev->count + ${n});`); break;
    case 3: e.line(`dev->stats[${n}]++;`); break;
    case 4:
      e.line(`if (val > ${n * 4})`);
      e.line(`\tval -= ${n};`);
      break;
    case 5: e.line(`pr_debug("${c.p}: state %d count %d\\n", val, dev->count);`); break;
    case 6: e.line(r.chance(0.5) ? 'smp_wmb();' : 'smp_mb__after_atomic();'); break;
    case 7:
      if (c.callees.length && !c.atomic) {
        e.line(`ret = ${r.pick(c.callees)}(dev, val);`);
        e.line('if (ret)');
        e.line('\tval = ret;');
      } else {
        e.line(`val = min_t(int, val, ${n * 8});`);
      }
      break;
    case 8: e.line(`set_bit(${n}, &dev->flags);`); break;
    case 9: e.line(`atomic_inc(&dev->seq);`); break;
    case 10: e.line(`/* keep the ${r.pick(NOUNS)} count in step with the ${r.pick(NOUNS)} */`); break;
    case 11: e.line(`val = max_t(int, val, dev->stats[${n}] >> 1);`); break;
    case 12:
      if (!c.atomic && r.chance(0.3)) e.line(`cond_resched();`);
      else e.line(`clear_bit(${n}, &dev->flags);`);
      break;
    default: e.line(`dev->level = val & ${n};`); break;
  }
}

/** An early exit: a jump to the error label, or a return. Sets `ret` first. */
function errorExit(e: Emitter, r: Random, c: Context): void {
  e.open(`if (${condition(r, c)})`);
  e.line(`ret = ${r.pick(ERRNOS)};`);
  e.line(c.errorLabel ? `goto ${c.errorLabel};` : 'return ret;');
  e.close();
}

/**
 * Emits statements until about `budget` more lines are written, some of them
 * nested control statements that get a share of what is left. Bounded: the
 * nesting stops at `maxDepth`, so the output's size follows the budget.
 */
function fill(e: Emitter, r: Random, c: Context, budget: number): void {
  const start = e.lines.length;
  const left = () => budget - (e.lines.length - start);
  // A nested body's share: at most half of what is left, so siblings remain.
  const share = () => r.int(1, Math.max(1, Math.floor(left() / 2)));
  const inner = { ...c, depth: c.depth + 1 };
  do {
    const room = c.depth < c.maxDepth && left() > 3;
    const choice = r.weighted<string>([
      ['simple', 10],
      ['error', c.errorLabel || !c.held ? 1.5 : 0],
      ['if', room ? 2 : 0],
      ['for', room ? 1 : 0],
      ['list', room ? 1 : 0],
      ['switch', room ? 0.4 : 0],
      ['do', room ? 0.3 : 0],
      ['ifdef', 0.3],
      ['nestedLock', room && !c.atomic ? 0.6 : 0],
      ['loopExit', c.inLoop ? 0.7 : 0],
    ]);
    switch (choice) {
      case 'error': errorExit(e, r, c); break;
      case 'if':
        e.open(`if (${condition(r, c)})`);
        fill(e, r, inner, share());
        if (r.chance(0.35)) {
          e.depth--;
          e.open(`} else if (${condition(r, c)})`);
          fill(e, r, inner, share());
        }
        if (r.chance(0.4)) {
          e.depth--;
          e.open('} else');
          fill(e, r, inner, share());
        }
        e.close();
        break;
      case 'for':
        e.open(`for (i = 0; i < ${r.int(2, 64)}; i++)`);
        fill(e, r, { ...inner, inLoop: true }, share());
        e.close();
        break;
      case 'list':
        e.open(r.chance(0.7) ? 'list_for_each_entry(it, &dev->items, node)' : 'list_for_each_entry_safe(it, tmp, &dev->items, node)');
        fill(e, r, { ...inner, inLoop: true }, share());
        e.close();
        break;
      case 'switch': {
        e.open(`switch (val & ${r.int(3, 15)})`);
        const cases = r.int(2, 5);
        for (let k = 0; k < cases; k++) {
          e.outdented(`case ${k}:`);
          fill(e, r, { ...inner, inLoop: false }, r.int(1, 3));
          e.line('break;');
        }
        e.outdented('default:');
        e.line('break;');
        e.close();
        break;
      }
      case 'do':
        e.open('do');
        fill(e, r, { ...inner, inLoop: true }, share());
        e.close(` while (--val > ${r.int(0, 4)});`);
        break;
      case 'ifdef':
        e.lines.push(`#ifdef CONFIG_${c.p.toUpperCase()}_DEBUG`);
        e.line(`dev->stats[${r.int(0, 15)}] = val;`);
        e.lines.push('#endif');
        // tree-sitter sees the line after a blanked #endif; keep it a plain statement.
        simpleStatement(e, r, c);
        break;
      case 'nestedLock': {
        const free = ([
          ['spin_lock', 'spin_unlock', '&dev->lock', true],
          ['mutex_lock', 'mutex_unlock', '&dev->mutex', false],
          ['write_lock', 'write_unlock', `&${c.p}_rwlock`, true],
          ['down_read', 'up_read', `&${c.p}_sem`, false],
        ] as const).filter(([, , x]) => !c.holding.includes(x));
        if (!free.length) {
          simpleStatement(e, r, c);
          break;
        }
        const [lock, unlock, lockExpr, atomic] = r.pick(free);
        e.line(`${lock}(${lockExpr});`);
        fill(e, r, {
          ...c, atomic: c.atomic || atomic, held: true, holding: [...c.holding, lockExpr], errorLabel: null, inLoop: false,
          callees: atomic ? [] : c.callees, depth: c.depth + 1,
        }, r.int(1, Math.min(8, Math.max(1, left()))));
        e.line(`${unlock}(${lockExpr});`);
        break;
      }
      case 'loopExit':
        e.line(`if (${condition(r, c)})`);
        e.line(r.chance(0.5) ? '\tbreak;' : '\tcontinue;');
        break;
      default: simpleStatement(e, r, c);
    }
  } while (left() > 0);
}

function locals(e: Emitter, extra: string[] = []): void {
  e.line('struct P_item *it = NULL, *tmp;');
  for (const x of extra) e.line(x);
  e.line('int ret = 0, val = 0, i;');
  e.line('');
}

interface FunctionPlan {
  name: string;
  kind: FunctionKind;
  /** About how many lines of statements the body gets (its length follows). */
  size: number;
  mistake: boolean;
}

/** The body of one function, by kind. Returns true when it takes a lock. */
function emitFunction(e: Emitter, r: Random, plan: FunctionPlan, base: Context): boolean {
  const c: Context = { ...base, depth: 0, atomic: false, held: false, holding: [], errorLabel: null, inLoop: false };
  // Inside a region that must be left through its unlock.
  const locked = (extra: Partial<Context>): Context => ({ ...c, atomic: true, held: true, callees: [], ...extra });
  const p = base.p;
  const { name, size } = plan;
  const signature = `static int ${name}(struct P_dev *dev, unsigned long arg)`;
  switch (plan.kind) {
    case 'plain': {
      e.line(signature);
      e.open('');
      locals(e);
      fill(e, r, { ...c, maxDepth: 3 }, size);
      e.line('return val;');
      e.close();
      return false;
    }
    case 'errorPaths': {
      const irq = r.chance(0.5);
      e.line(signature);
      e.open('');
      locals(e, irq ? ['unsigned long flags;'] : []);
      e.line('it = kzalloc(sizeof(*it), GFP_KERNEL);');
      e.line('if (!it)');
      e.line('\treturn -ENOMEM;');
      e.line('');
      fill(e, r, { ...c, errorLabel: 'out_free', maxDepth: 3 }, Math.ceil(size / 3));
      e.line('');
      e.line(irq ? 'spin_lock_irqsave(&dev->lock, flags);' : 'spin_lock(&dev->lock);');
      fill(e, r, locked({ errorLabel: 'out_unlock', maxDepth: 3 }), Math.ceil(size / 3));
      if (plan.mistake) {
        // The classic mistake: an early return that skips the unlock.
        e.line('if (dev->count < 0)');
        e.line('\treturn -EINVAL;');
      }
      e.line('list_add_tail(&it->node, &dev->items);');
      e.line(irq ? 'spin_unlock_irqrestore(&dev->lock, flags);' : 'spin_unlock(&dev->lock);');
      e.line('');
      fill(e, r, { ...c, errorLabel: 'out', maxDepth: 3 }, Math.ceil(size / 3));
      e.line('return 0;');
      e.line('');
      e.outdented('out_unlock:');
      e.line(irq ? 'spin_unlock_irqrestore(&dev->lock, flags);' : 'spin_unlock(&dev->lock);');
      e.outdented('out_free:');
      e.line('kfree(it);');
      e.outdented('out:');
      e.line('return ret;');
      e.close();
      return true;
    }
    case 'listWalk': {
      e.line(signature);
      e.open('');
      locals(e);
      e.line('mutex_lock(&dev->mutex);');
      e.open('list_for_each_entry(it, &dev->items, node)');
      fill(e, r, { ...c, held: true, holding: ['&dev->mutex'], inLoop: true, depth: 1, maxDepth: 4 }, size);
      e.open('if (it->id == (int)arg)');
      e.line('val = it->seq;');
      e.line('break;');
      e.close();
      e.close();
      e.line('mutex_unlock(&dev->mutex);');
      e.line('return ret ? ret : val;');
      e.close();
      return true;
    }
    case 'ioctlSwitch': {
      e.line(`static long ${name}(struct P_dev *dev, unsigned int cmd, unsigned long arg)`);
      e.open('');
      locals(e, ['unsigned long flags;']);
      e.open('switch (cmd)');
      const cases = Math.max(8, Math.round(size / 4));
      for (let k = 0; k < cases; k++) {
        e.outdented(`case ${p.toUpperCase()}_CMD_BASE + ${k}:`);
        if (r.chance(0.25)) {
          e.line('spin_lock_irqsave(&dev->lock, flags);');
          fill(e, r, locked({ depth: 1, maxDepth: 3 }), r.int(1, 3));
          e.line('spin_unlock_irqrestore(&dev->lock, flags);');
        } else {
          fill(e, r, { ...c, depth: 1, maxDepth: 3 }, r.int(1, 3));
        }
        e.line(r.chance(0.15) ? 'return ret;' : 'break;');
      }
      e.outdented('default:');
      e.line('ret = -ENOTTY;');
      e.line('break;');
      e.close();
      e.line('return ret;');
      e.close();
      return true;
    }
    case 'deepNesting': {
      e.line(signature);
      e.open('');
      locals(e);
      const depth = r.int(6, 12);
      const lockAt = r.int(2, depth - 1);
      const closers: string[] = [];
      for (let d = 0; d < depth; d++) {
        if (d === lockAt) {
          e.line('spin_lock(&dev->lock);');
          closers.push('unlock');
        }
        fill(e, r, d > lockAt ? locked({ depth: d, maxDepth: d + 1 }) : { ...c, depth: d, maxDepth: d + 1 }, r.int(1, 2));
        const loop = r.int(0, 3);
        if (loop === 0) e.open(`if (${condition(r, c)})`);
        else if (loop === 1) e.open(`for (i = 0; i < ${r.int(2, 9)}; i++)`);
        else if (loop === 2) e.open('list_for_each_entry(it, &dev->items, node)');
        else e.open(`while (val-- > ${r.int(0, 9)})`);
        closers.push('brace');
      }
      fill(e, r, locked({ depth, maxDepth: depth + 1 }), Math.max(2, Math.ceil(size / 4)));
      while (closers.length) {
        if (closers.pop() === 'unlock') e.line('spin_unlock(&dev->lock);');
        else e.close();
      }
      e.line('return val;');
      e.close();
      return true;
    }
    case 'guards': {
      e.line(signature);
      e.open('');
      locals(e);
      if (r.chance(0.5)) {
        e.open('scoped_guard(mutex, &dev->mutex)');
        fill(e, r, { ...c, holding: ['&dev->mutex'], depth: 1, maxDepth: 3 }, Math.ceil(size / 2));
        e.close();
        e.line(`guard(spinlock_irqsave)(&dev->lock);`);
        fill(e, r, { ...c, atomic: true, callees: [], maxDepth: 3 }, Math.ceil(size / 2));
      } else {
        e.line(`guard(mutex)(&${p}_mutex);`);
        fill(e, r, { ...c, maxDepth: 3 }, Math.ceil(size / 2));
        e.open('scoped_guard(spinlock, &dev->lock)');
        fill(e, r, { ...c, atomic: true, callees: [], depth: 1, maxDepth: 3 }, Math.ceil(size / 2));
        e.close();
      }
      e.line('return val;');
      e.close();
      return true;
    }
    case 'idrAlloc': {
      const twoAllocs = plan.mistake;
      e.line(signature);
      e.open('');
      locals(e, ['int id;']);
      e.line('it = kzalloc(sizeof(*it), GFP_KERNEL);');
      e.line('if (!it)');
      e.line('\treturn -ENOMEM;');
      fill(e, r, { ...c, errorLabel: 'out_free', maxDepth: 2 }, Math.ceil(size / 2));
      e.line('');
      e.line('idr_preload(GFP_KERNEL);');
      e.line(`spin_lock(&${p}_lock);`);
      e.line(r.chance(0.5) ? 'id = idr_alloc(&dev->idr, it, 1, 0, GFP_ATOMIC);' : `id = idr_alloc_cyclic(&${p}_idr, it, 1, 0, GFP_ATOMIC);`);
      if (twoAllocs) e.line(`val = idr_alloc(&${p}_idr, it, 1, 0, GFP_ATOMIC);`);
      e.open('if (id < 0)');
      e.line(`spin_unlock(&${p}_lock);`);
      e.line('idr_preload_end();');
      e.line('ret = id;');
      e.line('goto out_free;');
      e.close();
      e.line('it->id = id;');
      fill(e, r, locked({ maxDepth: 2 }), r.int(1, 3));
      e.line(`spin_unlock(&${p}_lock);`);
      e.line('idr_preload_end();');
      e.line('return id;');
      e.line('');
      e.outdented('out_free:');
      e.line('kfree(it);');
      e.line('return ret;');
      e.close();
      return true;
    }
    case 'backToBack': {
      // Shaped like alloc_pid() before the pidmap patch: one round trip per level, then another.
      e.line(signature);
      e.open('');
      locals(e, ['int nr;']);
      e.open('for (i = dev->level; i >= 0; i--)');
      e.line('idr_preload(GFP_KERNEL);');
      e.line(`spin_lock(&${p}_lock);`);
      e.line(`nr = idr_alloc(&${p}_idr, NULL, 1, 0, GFP_ATOMIC);`);
      e.line(`spin_unlock(&${p}_lock);`);
      e.line('idr_preload_end();');
      e.line('if (nr < 0)');
      e.line('\treturn nr;');
      fill(e, r, { ...c, depth: 1, maxDepth: 2 }, Math.ceil(size / 2));
      e.close();
      e.line('');
      e.line(`spin_lock_irq(&${p}_lock);`);
      fill(e, r, locked({ maxDepth: 2 }), Math.ceil(size / 3));
      e.line(`spin_unlock_irq(&${p}_lock);`);
      e.line('return 0;');
      e.close();
      return true;
    }
    case 'readSide': {
      e.line(signature);
      e.open('');
      locals(e);
      e.line('rcu_read_lock();');
      e.open('hlist_for_each_entry_rcu(it, &dev->hash[arg & 15], hnode)');
      fill(e, r, locked({ inLoop: true, depth: 1, maxDepth: 3 }), Math.ceil(size / 3));
      e.close();
      e.line('rcu_read_unlock();');
      e.line('');
      e.line(`read_lock(&${p}_rwlock);`);
      fill(e, r, locked({ maxDepth: 3 }), Math.ceil(size / 3));
      e.line(`read_unlock(&${p}_rwlock);`);
      e.line(`down_write(&${p}_sem);`);
      fill(e, r, { ...c, held: true, holding: [`&${p}_sem`], maxDepth: 3 }, Math.ceil(size / 3));
      e.line(`up_write(&${p}_sem);`);
      e.line('return val;');
      e.close();
      return true;
    }
  }
}

function header(e: Emitter, p: string, seed: number): void {
  e.line('// SPDX-License-Identifier: GPL-2.0');
  e.line('/*');
  e.line(` * Generated by Kernel Lock Lens's benchmark (seed ${seed}): kernel-shaped`);
  e.line(' * locking code, written for the benchmark, not taken from the kernel.');
  e.line(' */');
  for (const h of ['linux/idr.h', 'linux/list.h', 'linux/mutex.h', 'linux/rculist.h', 'linux/rwsem.h', 'linux/slab.h', 'linux/spinlock.h']) e.line(`#include <${h}>`);
  e.line('');
  e.line(`#define ${p.toUpperCase()}_CMD_BASE 0x${(0x4000 + (seed & 0xfff)).toString(16)}`);
  e.line('');
  e.open('struct P_item');
  for (const f of ['struct list_head node;', 'struct hlist_node hnode;', 'int id;', 'int seq;']) e.line(f);
  e.close(';');
  e.line('');
  e.open('struct P_dev');
  for (const f of ['spinlock_t lock;', 'struct mutex mutex;', 'struct list_head items;', 'struct hlist_head hash[16];', 'struct idr idr;',
    'unsigned long flags;', 'atomic_t seq;', 'int count;', 'int level;', 'int ready;', 'int stats[16];']) e.line(f);
  e.close(';');
  e.line('');
  e.line(`static DEFINE_SPINLOCK(${p}_lock);`);
  e.line(`static DEFINE_MUTEX(${p}_mutex);`);
  e.line(`static DEFINE_RWLOCK(${p}_rwlock);`);
  e.line(`static DECLARE_RWSEM(${p}_sem);`);
  e.line(`static DEFINE_IDR(${p}_idr);`);
}

/** Generates one file of about `options.lines` lines. Deterministic in `options`. */
export function generateKernelFile(options: GenerateOptions): GeneratedFile {
  const r = new Random(options.seed);
  const mistakeRate = options.mistakeRate ?? 0.03;
  const p = r.pick(PREFIXES);
  const e = new Emitter();
  header(e, p, options.seed);
  const functions: GeneratedFunction[] = [];
  const callees: string[] = [];
  const used = new Set<string>();
  while (e.lines.length < options.lines) {
    const left = options.lines - e.lines.length;
    // Near the end, small functions, so small files land close to their target.
    const kind = left < 60 ? 'plain' : r.weighted(KIND_WEIGHTS);
    // Mostly short functions, some long ones, as in a kernel file.
    const size = left < 60 ? r.int(3, 10) : r.chance(0.12) ? r.int(60, 220) : r.int(8, 45);
    let name: string;
    do name = `${p}_${r.pick(VERBS)}_${r.pick(NOUNS)}_${r.int(0, 999)}`; while (used.has(name));
    used.add(name);
    e.line('');
    const startLine = e.lines.length;
    const locks = emitFunction(e, r, { name, kind, size, mistake: r.chance(mistakeRate) }, {
      p, atomic: false, held: false, holding: [], errorLabel: null, depth: 0, maxDepth: 3, callees: callees.slice(-24), inLoop: false,
    });
    functions.push({ name, kind, startLine, endLine: e.lines.length - 1, locks });
    if (kind !== 'ioctlSwitch') callees.push(name);
  }
  // Joined in one go, so the text is one flat string, as the server and the CLI receive
  // theirs (from JSON, a worker message or a file); a concatenated one is slower to scan.
  const text = [...e.lines, ''].join('\n').replace(/\bP_(item|dev)\b/g, `${p}_$1`);
  return { text, lines: e.lines.length, functions };
}

export interface OneCharEdit {
  /** The function edited. */
  function: GeneratedFunction;
  /** 0-based position of the changed character. */
  line: number;
  character: number;
  /** Offset into the text. */
  offset: number;
  oldChar: string;
  newChar: string;
  /** The whole text after the edit. */
  text: string;
}

/**
 * A one-character edit inside a lock-taking function near the middle of the file:
 * a digit of a numeric constant in the body becomes another digit, so the code
 * still parses and only that function's facts may change.
 */
export function oneCharEdit(file: GeneratedFile, which = 0.5): OneCharEdit {
  const candidates = file.functions.filter((f) => f.locks);
  if (!candidates.length) throw new Error('the generated file has no lock-taking function');
  const fn = candidates[Math.min(candidates.length - 1, Math.floor(candidates.length * which))];
  const lines = file.text.split('\n');
  for (let line = fn.startLine + 2; line < fn.endLine; line++) {
    const m = /(?<![\w.])([1-9])(?![\w.])/.exec(lines[line]);
    if (!m || lines[line].trimStart().startsWith('/*') || lines[line].includes('"')) continue;
    const character = m.index;
    let offset = 0;
    for (let i = 0; i < line; i++) offset += lines[i].length + 1;
    offset += character;
    const oldChar = m[1];
    const newChar = oldChar === '9' ? '8' : String(Number(oldChar) + 1);
    const text = [file.text.slice(0, offset), newChar, file.text.slice(offset + 1)].join('');
    return { function: fn, line, character, offset, oldChar, newChar, text };
  }
  throw new Error(`no digit to edit in ${fn.name}`);
}
