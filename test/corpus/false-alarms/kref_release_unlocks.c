/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * drivers/base/firmware_loader/main.c free_fw_priv() and mm/z3fold.c
 * z3fold_page_putback(): kref_put() calls the release function when the count
 * drops to zero and returns 1; that release function drops the lock. So the
 * lock is released whichever way kref_put() goes.
 */
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct blob_cache {
	spinlock_t lock;
	struct list_head blobs;
};

struct blob {
	struct kref ref;
	struct list_head node;
	struct blob_cache *cache;
	spinlock_t page_lock;
};

static void blob_release(struct kref *ref)
	__releases(&b->cache->lock)
{
	struct blob *b = container_of(ref, struct blob, ref);
	struct blob_cache *c = b->cache;

	list_del(&b->node);
	spin_unlock(&c->lock);
	kfree(b);
}

void blob_put(struct blob *b)
{
	struct blob_cache *c = b->cache;

	spin_lock(&c->lock);
	if (!kref_put(&b->ref, blob_release))
		spin_unlock(&c->lock);
}

static void blob_free_locked(struct blob *b, bool locked)
{
	list_del(&b->node);
	if (locked)
		spin_unlock(&b->page_lock);
	kfree(b);
}

static void blob_release_locked(struct kref *ref)
{
	blob_free_locked(container_of(ref, struct blob, ref), true);
}

static int blob_put_locked(struct blob *b)
{
	return kref_put(&b->ref, blob_release_locked);
}

void blob_putback(struct blob *b)
{
	spin_lock(&b->page_lock);
	INIT_LIST_HEAD(&b->node);
	if (blob_put_locked(b))
		return;
	spin_unlock(&b->page_lock);
}
