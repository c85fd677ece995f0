/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12 mm/z3fold.c
 * do_compact_page() and z3fold_page_putback(): the page header is locked,
 * then a put helper (named like a plain reference drop) calls kref_put()
 * with a release callback that, through one more helper, unlocks the header
 * before freeing it; when the put returns true the header is gone, unlocked,
 * and the caller returns at once.
 */
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/spinlock.h>

struct chunk_hdr {
	spinlock_t hdr_lock;
	struct kref refcount;
	struct list_head buddy;
	int pending;
};

static inline void chunk_unlock(struct chunk_hdr *h)
{
	spin_unlock(&h->hdr_lock);
}

static void __chunk_free(struct chunk_hdr *h, bool locked)
{
	list_del_init(&h->buddy);
	if (locked)
		chunk_unlock(h);
}

static void chunk_release_locked(struct kref *ref)
{
	struct chunk_hdr *h = container_of(ref, struct chunk_hdr, refcount);

	__chunk_free(h, true);
}

static inline int put_chunk_locked(struct chunk_hdr *h)
{
	return kref_put(&h->refcount, chunk_release_locked);
}

void chunk_compact(struct chunk_hdr *h)
{
	spin_lock(&h->hdr_lock);
	if (!h->pending) {
		chunk_unlock(h);
		return;
	}
	h->pending = 0;
	if (put_chunk_locked(h))
		return;
	chunk_unlock(h);
}
