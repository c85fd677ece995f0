/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * drivers/block/drbd/drbd_main.c conn_prepare_command() and
 * mm/page_vma_mapped.c page_vma_mapped_walk(): the function returns with the
 * lock held exactly when its result says so (a non-NULL buffer, `true`), and
 * without it when the result is NULL or false. The caller's send or "done"
 * call drops it, in another file. Both returns are the design.
 */
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct chan {
	struct mutex mutex;
	void *sock;
	char buf[64];
};

static void *chan_buffer(struct chan *ch)
{
	if (!ch->sock)
		return NULL;
	return ch->buf;
}

/* Returns the send buffer with ch->mutex held, or NULL without it. */
void *chan_prepare(struct chan *ch)
{
	void *p;

	mutex_lock(&ch->mutex);
	p = chan_buffer(ch);
	if (!p)
		mutex_unlock(&ch->mutex);

	return p;
}

struct walk {
	struct mm_struct *mm;
	pmd_t *pmd;
	spinlock_t *ptl;
	unsigned long *table;
	unsigned long *slot;
	unsigned long addr;
	unsigned long end;
};

/* Drops w->ptl if set; defined in a header the file includes. */
void walk_done(struct walk *w);

static inline bool walk_stop(struct walk *w)
{
	walk_done(w);
	return false;
}

unsigned long *table_lookup(struct mm_struct *mm, unsigned long addr);

static unsigned long *table_of(struct walk *w)
{
	return table_lookup(w->mm, w->addr & ~63UL);
}

static bool slot_matches(struct walk *w)
{
	return *w->slot == w->addr;
}

static bool is_huge(struct walk *w)
{
	return pmd_trans_huge(*w->pmd);
}


/* Returns true with w->ptl held at a matching slot; false when the walk is over, unlocked. */
bool walk_next(struct walk *w)
{
	if (w->table && !w->slot)
		return walk_stop(w);

	if (is_huge(w)) {
		if (w->slot)
			return walk_stop(w);
		w->slot = table_of(w);
		if (!w->slot)
			return false;
		w->ptl = pmd_lock(w->mm, w->pmd);
		if (!slot_matches(w))
			return walk_stop(w);
		return true;
	}

	do {
		w->table = table_of(w);
		if (!w->table) {
			w->addr += 64;
			continue;
		}
		w->slot = w->table + (w->addr & 63);
		w->ptl = pmd_lock(w->mm, w->pmd);
		if (slot_matches(w))
			return true;
		spin_unlock(w->ptl);
		w->ptl = NULL;
		w->addr++;
	} while (w->addr < w->end);

	return walk_stop(w);
}
