/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * fs/xfs/xfs_icache.c xfs_iget(): called inside an RCU read-side section, a
 * helper in the same file leaves it on every path (rcu_read_unlock() before
 * each return); the caller may then retry from the top, entering it again.
 * The later sleeping call runs outside any RCU section.
 */
#include <linux/errno.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

struct cache_entry {
	int ino;
	int busy;
};

struct cache {
	struct cache_entry *(*lookup)(struct cache *, int);
};

static int cache_hit(struct cache_entry *e)
{
	if (e->busy) {
		rcu_read_unlock();
		return -EAGAIN;
	}
	e->busy = 1;
	rcu_read_unlock();
	return 0;
}

static int cache_miss(struct cache *c, int ino, struct cache_entry **out)
{
	struct cache_entry *e = kzalloc(sizeof(*e), GFP_KERNEL);

	if (!e)
		return -ENOMEM;
	e->ino = ino;
	*out = e;
	return 0;
}

int cache_get(struct cache *c, int ino, struct cache_entry **out)
{
	struct cache_entry *e;
	int error;

again:
	rcu_read_lock();
	e = c->lookup(c, ino);
	if (e) {
		error = cache_hit(e);
		if (error)
			goto out_error_or_again;
	} else {
		rcu_read_unlock();
		error = cache_miss(c, ino, &e);
		if (error)
			goto out_error_or_again;
	}
	*out = e;
	return 0;

out_error_or_again:
	if (error == -EAGAIN)
		goto again;
	return error;
}
