/*
 * False-alarm shape (lock/release-unheld, lock/double-acquire), seen in Linux 6.12
 * fs/gfs2/bmap.c sweep_bh_for_rgrps(): a per-task field is NULL when no
 * transaction is open; the function opens one (a callee sets the field) and
 * takes the lock only then, and later releases the lock `if (field)`. The
 * first test's answer does not survive the callee that writes the field.
 * (Called inside an open transaction, the caller holds map_sem, as the
 * kernel's callers do.)
 */
#include <linux/errno.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>

struct journal_owner {
	void *open_trans;
};

struct store {
	struct rw_semaphore map_sem;
	struct journal_owner *owner;
	int dirty;
};

/*
 * In the kernel these live in another file of the workspace (whose summaries
 * the caller's analysis reads); here in this one, for the single-file test.
 */

/* Sets s->owner->open_trans when it returns 0. */
int trans_open(struct store *s)
{
	void *t = kzalloc(64, GFP_NOFS);

	if (!t)
		return -ENOMEM;
	s->owner->open_trans = t;
	return 0;
}

/* Clears it. */
void trans_close(struct store *s)
{
	void *t = s->owner->open_trans;

	s->owner->open_trans = NULL;
	kfree(t);
}

int store_flush(struct store *s, int rounds)
{
	int ret = 0;

again:
	if (s->owner->open_trans == NULL) {
		ret = trans_open(s);
		if (ret)
			return ret;
		down_write(&s->map_sem);
	}
	s->dirty = 0;
	if (--rounds > 0) {
		if (s->owner->open_trans) {
			up_write(&s->map_sem);
			trans_close(s);
		}
		goto again;
	}
	up_write(&s->map_sem);
	trans_close(s);
	return 0;
}
