/*
 * False-alarm shape (lock/double-acquire, lock/held-at-return), seen in
 * Linux 6.12 fs/xfs/xfs_log.c xlog_state_get_iclog_space() and
 * xlog_write_get_more_iclog_space() (through xlog_state_release_iclog()): the
 * callee is entered and left with the caller's spinlock held, but on one path
 * drops it around a helper that takes and releases the same lock itself. Net
 * effect for the caller: none, so its own unlock leaves the lock free.
 */
#include <linux/errno.h>
#include <linux/spinlock.h>

struct ring {
	spinlock_t lock;
	int refs;
	int dead;
	int room;
	int size;
};

static void ring_flush_done(struct ring *r)
{
	spin_lock(&r->lock);
	r->room = r->size;
	spin_unlock(&r->lock);
}

/* Called and returns with r->lock held. */
static int ring_release(struct ring *r)
{
	if (r->dead)
		return -EIO;
	if (--r->refs)
		return 0;
	spin_unlock(&r->lock);
	ring_flush_done(r);
	spin_lock(&r->lock);
	return 0;
}

int ring_get_space(struct ring *r, int len)
{
	int err;

restart:
	spin_lock(&r->lock);
	r->refs++;
	if (r->room < len) {
		err = ring_release(r);
		spin_unlock(&r->lock);
		if (err)
			return err;
		goto restart;
	}
	r->room -= len;
	spin_unlock(&r->lock);
	return 0;
}

int ring_write_more(struct ring *r, int len)
{
	int err;

	spin_lock(&r->lock);
	err = ring_release(r);
	spin_unlock(&r->lock);
	if (err)
		return err;
	return ring_get_space(r, len);
}
