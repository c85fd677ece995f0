/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/btrfs/tree-mod-log.c tree_mod_dont_log() and
 * drivers/block/drbd/drbd_main.c conn_prepare_command(): a helper returns
 * with a lock held on one kind of result (false; a non-NULL buffer) and
 * without it on the other, and its callers in the same file release the lock
 * on that branch. The common path is the other result, so the hold looks
 * like a leak unless the callers are read.
 */
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct change_log {
	rwlock_t log_lock;
	struct list_head readers;
	unsigned long flags;
};

/* Returns true if nothing needs logging; otherwise false with log_lock write-held. */
static bool log_not_needed(struct change_log *cl)
{
	if (!test_bit(0, &cl->flags))
		return true;
	write_lock(&cl->log_lock);
	if (list_empty(&cl->readers)) {
		write_unlock(&cl->log_lock);
		return true;
	}
	return false;
}

int log_change(struct change_log *cl, int what)
{
	if (log_not_needed(cl))
		return 0;
	cl->flags |= what;
	write_unlock(&cl->log_lock);
	return 0;
}

struct channel {
	struct mutex send_mutex;
	char *buf;
	bool up;
};

/* Returns the send buffer with send_mutex held, or NULL without it. */
static char *channel_prepare(struct channel *ch)
{
	char *p;

	mutex_lock(&ch->send_mutex);
	p = ch->up ? ch->buf : NULL;
	if (!p)
		mutex_unlock(&ch->send_mutex);
	return p;
}

int channel_send(struct channel *ch, char c)
{
	char *p = channel_prepare(ch);

	if (!p)
		return -EIO;
	*p = c;
	mutex_unlock(&ch->send_mutex);
	return 0;
}
