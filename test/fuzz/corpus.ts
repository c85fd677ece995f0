/**
 * The seed corpus the mutators start from: small kernel-style C functions written
 * for these tests (not kernel source), one locking pattern each, so mutations
 * land on the shapes the engine and the simulator care about.
 */

export const CORPUS: Record<string, string> = {
  spinlockIrqsave: `static DEFINE_SPINLOCK(stats_lock);
static unsigned long stats_total;

void stats_add(unsigned long n)
{
	unsigned long flags;

	spin_lock_irqsave(&stats_lock, flags);
	stats_total += n;
	spin_unlock_irqrestore(&stats_lock, flags);
}
`,

  gotoUnwind: `int widget_setup(struct widget_dev *wd, int count)
{
	struct widget *w;
	int err;

	mutex_lock(&wd->lock);
	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w) {
		err = -ENOMEM;
		goto out_unlock;
	}
	err = widget_register(wd, w, count);
	if (err)
		goto out_free;
	list_add_tail(&w->node, &wd->widgets);
	mutex_unlock(&wd->lock);
	return 0;

out_free:
	kfree(w);
out_unlock:
	mutex_unlock(&wd->lock);
	return err;
}
`,

  guardEarlyReturn: `static int queue_push(struct msg_queue *q, struct msg *m)
{
	guard(spinlock_irqsave)(&q->lock);

	if (q->len >= q->max)
		return -EBUSY;
	q->items[q->tail] = m;
	q->tail = (q->tail + 1) % q->max;
	q->len++;
	return 0;
}
`,

  scopedGuard: `static void sensor_refresh(struct sensor *s)
{
	int value = sensor_read_raw(s);

	scoped_guard (mutex, &s->lock) {
		if (value < 0)
			return;
		s->cached = value;
		s->stamp = jiffies;
	}
	sensor_notify(s);
}
`,

  listIteration: `struct session *session_find(struct session_table *t, u32 id)
{
	struct session *s, *found = NULL;

	spin_lock_bh(&t->lock);
	list_for_each_entry(s, &t->list, node) {
		if (s->id != id)
			continue;
		refcount_inc(&s->ref);
		found = s;
		break;
	}
	spin_unlock_bh(&t->lock);
	return found;
}
`,

  idrPreload: `static DEFINE_SPINLOCK(handle_lock);
static DEFINE_IDR(handle_idr);

int handle_install(struct handle *h, int levels)
{
	int i, id, ret = 0;

	idr_preload(GFP_KERNEL);
	spin_lock(&handle_lock);
	for (i = 0; i < levels; i++) {
		id = idr_alloc(&handle_idr, h, 1, 0, GFP_ATOMIC);
		if (id < 0) {
			ret = id;
			break;
		}
		h->ids[i] = id;
	}
	spin_unlock(&handle_lock);
	idr_preload_end();
	return ret;
}
`,

  ifdefInBody: `static long port_ioctl(struct port *p, unsigned int cmd)
{
	long ret = 0;

	spin_lock(&p->lock);
#ifdef CONFIG_PORT_DEBUG
	if (cmd == PORT_DUMP) {
		port_dump(p);
	} else
#endif
	if (cmd == PORT_RESET) {
		p->state = 0;
#if 0
		spin_unlock(&p->lock);
#else
		ret = port_reset_locked(p);
#endif
	}
	spin_unlock(&p->lock);
	return ret;
}
`,

  annotations: `static inline void table_lock(struct table *t)
	__acquires(&t->lock)
{
	spin_lock(&t->lock);
}

static inline void table_unlock(struct table *t)
	__releases(&t->lock)
{
	spin_unlock(&t->lock);
}

static int __must_check table_grow_locked(struct table *t, size_t n)
	__must_hold(&t->lock)
{
	if (n > t->cap)
		return -ENOSPC;
	t->len = n;
	return 0;
}
`,

  rcuAndTrylock: `static int cache_lookup(struct cache *c, unsigned long key, unsigned long *val)
{
	struct cache_entry *e;
	int tries = 0;

	rcu_read_lock();
	e = rcu_dereference(c->slots[key & c->mask]);
	if (!e || e->key != key) {
		rcu_read_unlock();
		return -ENOENT;
	}
	while (!spin_trylock(&e->lock)) {
		if (++tries > 8) {
			rcu_read_unlock();
			return -EAGAIN;
		}
		cpu_relax();
	}
	*val = e->val;
	spin_unlock(&e->lock);
	rcu_read_unlock();
	return 0;
}
`,

  switchCases: `static int fsm_step(struct fsm *m, int event)
{
	int next;

	write_lock(&m->lock);
	switch (m->state) {
	case FSM_IDLE:
		next = event == EV_START ? FSM_RUN : FSM_IDLE;
		break;
	case FSM_RUN:
		if (event == EV_STOP) {
			next = FSM_IDLE;
			break;
		}
		fallthrough;
	case FSM_WAIT:
		next = FSM_WAIT;
		break;
	default:
		write_unlock(&m->lock);
		return -EINVAL;
	}
	m->state = next;
	write_unlock(&m->lock);
	return next;
}
`,

  macros: `#define RING_LOCK(r, flags)				\\
	do {							\\
		spin_lock_irqsave(&(r)->lock, flags);		\\
	} while (0)

#define for_each_ring_slot(r, i) \\
	for ((i) = 0; (i) < (r)->size; (i)++)

void ring_clear(struct ring *r)
{
	unsigned long flags;
	int i;

	RING_LOCK(r, flags);
	for_each_ring_slot(r, i)
		r->slots[i] = NULL;
	spin_unlock_irqrestore(&r->lock, flags);
}
`,

  sleepingLocks: `static ssize_t config_store(struct config *cfg, const char *buf, size_t len)
{
	int ret;

	ret = mutex_lock_interruptible(&cfg->mutex);
	if (ret)
		return ret;
	down_write(&cfg->rwsem);
	ret = config_parse(cfg, buf, len);
	up_write(&cfg->rwsem);
	mutex_unlock(&cfg->mutex);
	return ret ? ret : len;
}

static int config_show(struct config *cfg, char *buf)
{
	int n;

	down_read(&cfg->rwsem);
	n = snprintf(buf, PAGE_SIZE, "%d\\n", cfg->value);
	up_read(&cfg->rwsem);
	return n;
}
`,

  nestedIrq: `static void link_move(struct link *from, struct link *to, struct item *it)
{
	unsigned long flags;

	local_irq_save(flags);
	spin_lock(&from->lock);
	spin_lock_nested(&to->lock, SINGLE_DEPTH_NESTING);
	list_move(&it->node, &to->items);
	spin_unlock(&to->lock);
	spin_unlock(&from->lock);
	local_irq_restore(flags);
	preempt_disable();
	this_cpu_inc(link_moves);
	preempt_enable();
}
`,

  declarations: `struct ops_table {
	int (*open)(struct device *dev, unsigned int flags);
	void (*release)(struct device *dev);
	const char *name;
};

static const struct ops_table default_ops = {
	.open = default_open,
	.release = default_release,
	.name = "default",
};

static struct device *device_of(struct list_head *pos)
{
	return container_of(pos, struct device, node);
}
`,

  retryLoop: `static int slot_claim(struct slot_map *map)
{
	int bit;

retry:
	spin_lock(&map->lock);
	bit = find_first_zero_bit(map->bits, map->size);
	if (bit >= map->size) {
		spin_unlock(&map->lock);
		if (slot_map_grow(map) == 0)
			goto retry;
		return -ENOSPC;
	}
	__set_bit(bit, map->bits);
	spin_unlock(&map->lock);
	return bit;
}
`,

  doubleLockBug: `static void counter_reset(struct counter *c)
{
	spin_lock(&c->lock);
	if (c->value < 0)
		spin_lock(&c->lock);
	c->value = 0;
	spin_unlock(&c->lock);
}

static void counter_leak(struct counter *c, int bad)
{
	spin_lock(&c->lock);
	if (bad)
		return;
	spin_unlock(&c->lock);
}
`,
};

/**
 * Tokens the mutators insert: the C and kernel shapes that steer parsing, the
 * kernel-shape rewrites and the lock engine, plus the characters that unbalance them.
 */
export const TOKENS: readonly string[] = [
  '{', '}', '(', ')', '[', ']', ';', ',', ':', '?', '*', '&', '->', '.', '=', '==', '!', '~', '<<', '>>=',
  '"', "'", '/*', '*/', '//', '\\\n', '\n', '\r', '\t', ' ', '#', '##',
  '#ifdef CONFIG_FOO\n', '#if 0\n', '#else\n', '#elif defined(X)\n', '#endif\n', '#define M(x) do { x; } while (0)\n', '#include <linux/x.h>\n',
  'if (x)', 'else', 'for (;;)', 'while (1)', 'do {', '} while (0);', 'switch (x) {', 'case 1:', 'default:',
  'break;', 'continue;', 'return;', 'return -ENOMEM;', 'goto out;', 'goto retry;', 'out:', 'retry:',
  'spin_lock(&l);', 'spin_unlock(&l);', 'spin_lock_irqsave(&p->lock, flags);', 'spin_unlock_irqrestore(&p->lock, flags);',
  'mutex_lock(&m);', 'mutex_unlock(&m);', 'spin_trylock(&l)', 'read_lock(&rw);', 'write_unlock(&rw);', 'rcu_read_lock();',
  'rcu_read_unlock();', 'local_irq_disable();', 'preempt_enable();', 'down_read(&sem);', 'up_write(&sem);',
  'guard(spinlock)(&l);', 'guard(mutex)(&m);', 'scoped_guard (spinlock_irqsave, &l) {', 'scoped_guard(mutex, &m)',
  'list_for_each_entry(p, &head, node) {', 'list_for_each_entry_safe(p, n, &head, node)', 'for_each_possible_cpu(cpu)',
  'idr_preload(GFP_KERNEL);', 'idr_preload_end();', 'idr_alloc(&idr, p, 1, 0, GFP_ATOMIC)', 'idr_alloc_cyclic(&idr, p, 1, 0, GFP_NOWAIT)',
  'kmalloc(sizeof(*p), GFP_KERNEL)', 'msleep(10);', 'schedule();', 'might_sleep();', 'BUG();',
  '__acquires(l)', '__releases(&p->lock)', '__must_hold(x)', '__cond_acquires(l)', '__user', '__rcu', '__attribute__((unused))',
  'static', 'inline', 'struct foo', 'union', 'enum { A, B }', 'typedef', 'unsigned long', 'int', 'void', 'const', 'sizeof',
  'container_of(p, struct foo, node)', 'likely(', 'unlikely(', 'READ_ONCE(x)', 'ERR_PTR(-EINVAL)', 'IS_ERR(p)',
  'x', 'p', 'l', 'flags', 'alloc_pid', 'pidmap_lock', '0', '1', '-1', '0x7fffffff', '"str"', "'c'", 'L"w"',
];

/** Byte sequences that are not valid UTF-8 (each decodes to one or more U+FFFD), and a few odd valid ones. */
export const ODD_BYTES: readonly number[][] = [
  [0xff], [0xfe], [0x80], [0xc3], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80],
  [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf], [0xe2, 0x80, 0xa8], [0xe2, 0x80, 0xa9], [0xc2, 0x85], [0xf0, 0x9f, 0x98, 0x80],
  [0x0b], [0x0c], [0x1b], [0x7f], [0x00],
];
