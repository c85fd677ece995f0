/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * mm/page_vma_mapped.c page_vma_mapped_walk(): the walker keeps the lock it
 * holds in a field; NULL means none is held. It releases only `if (w->ptl)`,
 * clears the field, and later stores and takes the next table's lock.
 */
#include <linux/spinlock.h>
#include <linux/types.h>

struct table_walk {
	spinlock_t *ptl;
	unsigned long addr;
	unsigned long end;
};

spinlock_t *table_lock_for(unsigned long addr);
bool slot_matches(struct table_walk *w);

bool table_walk_next(struct table_walk *w)
{
	spinlock_t *ptl;

restart:
	ptl = table_lock_for(w->addr);
	do {
		w->addr += 1;
		if (w->addr >= w->end) {
			if (w->ptl) {
				spin_unlock(w->ptl);
				w->ptl = NULL;
			}
			return false;
		}
		if ((w->addr & 511) == 0) {
			if (w->ptl) {
				spin_unlock(w->ptl);
				w->ptl = NULL;
			}
			goto restart;
		}
		if (!w->ptl) {
			w->ptl = ptl;
			spin_lock(w->ptl);
		}
	} while (!slot_matches(w));
	return true;
}
