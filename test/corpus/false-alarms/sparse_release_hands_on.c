/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/xfs/xfs_mru_cache.c xfs_mru_cache_lookup(): a lookup that finds an
 * element returns with the cache's spinlock held (the caller ends with a
 * "done" call) and says so to sparse with `__release(token);` on that path;
 * a miss unlocks. The lookup helper is a radix-tree call that cannot unlock.
 */
#include <linux/list.h>
#include <linux/radix-tree.h>
#include <linux/spinlock.h>

struct recent_cache {
	spinlock_t lock;
	struct radix_tree_root store;
	struct list_head lru;
	bool ready;
};

struct recent_elem {
	struct list_head node;
};

struct recent_elem *recent_lookup(struct recent_cache *c, unsigned long key)
{
	struct recent_elem *e;

	if (!c || !c->ready)
		return NULL;

	spin_lock(&c->lock);
	e = radix_tree_lookup(&c->store, key);
	if (e) {
		list_move_tail(&e->node, &c->lru);
		__release(recent_lock); /* the caller unlocks in recent_done() */
	} else
		spin_unlock(&c->lock);
	return e;
}

void recent_done(struct recent_cache *c)
	__releases(c->lock)
{
	spin_unlock(&c->lock);
}
