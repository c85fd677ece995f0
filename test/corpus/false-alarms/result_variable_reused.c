/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * kernel/exit.c __do_wait() (through do_wait_thread() and
 * wait_consider_task()): the innermost helper drops the caller's read lock
 * exactly when it returns non-zero; the middle helper first uses `ret` for an
 * unrelated predicate, then for that helper's result, and passes a non-zero
 * one up. The caller returns such a result without unlocking: correct.
 */
#include <linux/list.h>
#include <linux/spinlock.h>

struct child {
	struct list_head node;
	int state;
	int id;
	int owner;
};

static DEFINE_RWLOCK(family_lock);

static int child_eligible(const struct child *c, int owner)
{
	return c->owner == owner;
}

/* Called with family_lock read-held; drops it when returning non-zero. */
static int reap_child(struct child *c)
{
	int id = c->id;

	if (c->state != 1 || !id)
		return 0;
	read_unlock(&family_lock);
	return id;
}

static int consider_child(struct child *c, int owner)
{
	int ret;

	ret = child_eligible(c, owner);
	if (!ret)
		return ret;
	ret = reap_child(c);
	if (ret)
		return ret;
	return 0;
}

int wait_for_child(struct list_head *children, int owner)
{
	struct child *c;
	int r;

	read_lock(&family_lock);
	list_for_each_entry(c, children, node) {
		r = consider_child(c, owner);
		if (r)
			return r;
	}
	read_unlock(&family_lock);
	return 0;
}
