/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12 mm/pagewalk.c
 * folio_walk_start(): a walk returns the entry it found with the table lock
 * held and stores that lock's pointer in the walk state the caller passed
 * (`w->ptl = ptl`); the caller ends with a walk_end() that drops it. Paths
 * that find nothing unlock before returning NULL.
 */
#include <linux/spinlock.h>

struct table_walk {
	spinlock_t *ptl;
	unsigned long addr;
};

struct slot_table {
	spinlock_t lock;
	void *slots[64];
};

void *slot_walk_start(struct table_walk *w, struct slot_table *t, unsigned long addr)
{
	spinlock_t *ptl = &t->lock;
	void *entry;

	spin_lock(ptl);
	entry = t->slots[addr % 64];
	if (entry)
		goto found;
	spin_unlock(ptl);
	return NULL;
found:
	w->ptl = ptl;
	w->addr = addr;
	return entry;
}

void slot_walk_end(struct table_walk *w)
{
	spin_unlock(w->ptl);
}
