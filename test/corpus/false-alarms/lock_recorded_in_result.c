/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12 fs/file.c
 * fdget_pos() and fs/xfs/xfs_mru_cache.c xfs_mru_cache_lookup(): by design
 * the function returns with a lock held on some paths and says so in what it
 * returns (a flag bit in the result; a non-NULL element whose lock the caller
 * drops with a "done" call).
 */
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

#define HANDLE_UNLOCK_POS 1UL

struct open_file {
	struct mutex pos_lock;
	int shared;
};

struct handle {
	struct open_file *file;
	unsigned long word;
};

struct handle handle_get(unsigned int fd);

struct handle handle_get_pos(unsigned int fd)
{
	struct handle h = handle_get(fd);

	if (h.file && h.file->shared) {
		h.word |= HANDLE_UNLOCK_POS;
		mutex_lock(&h.file->pos_lock);
	}
	return h;
}

void handle_put_pos(struct handle h)
{
	if (h.word & HANDLE_UNLOCK_POS)
		mutex_unlock(&h.file->pos_lock);
}

struct cache_elem {
	struct list_head node;
	unsigned long key;
};

struct lru_cache {
	spinlock_t lock;
	struct list_head lru;
};

struct cache_elem *cache_find(struct lru_cache *c, unsigned long key);

/* On success the cache stays locked: the caller ends with lru_cache_done(). */
struct cache_elem *lru_cache_lookup(struct lru_cache *c, unsigned long key)
{
	struct cache_elem *e;

	spin_lock(&c->lock);
	e = cache_find(c, key);
	if (e) {
		list_move_tail(&e->node, &c->lru);
		__release(cache_lock);
	} else
		spin_unlock(&c->lock);
	return e;
}

void lru_cache_done(struct lru_cache *c)
	__releases(c->lock)
{
	spin_unlock(&c->lock);
}
