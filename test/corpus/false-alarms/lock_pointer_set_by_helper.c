/*
 * False-alarm shape (lock/release-unheld, lock/double-acquire,
 * lock/held-at-return), seen in Linux
 * 6.12 mm/page_vma_mapped.c page_vma_mapped_walk() once map_pte() is read as
 * "returns true holding the lock": the walker keeps the lock it holds in
 * w->ptl (NULL: none). A helper stores and takes the lock only when it returns
 * true, so after a false return w->ptl is still the NULL the walker left;
 * `if (!w->ptl)` after the lock was taken through w->ptl is false.
 */
#include <linux/mm.h>
#include <linux/spinlock.h>

struct slot_walk {
	struct mm_struct *mm;
	pmd_t *pmd;
	spinlock_t *ptl;
	unsigned long *slot;
	unsigned long addr;
	unsigned long end;
};

unsigned long *slot_map_nolock(struct mm_struct *mm, pmd_t *pmd, unsigned long addr, spinlock_t **ptlp);

static bool slot_is_mapped(struct slot_walk *w)
{
	return *w->slot != 0;
}

/* True with w->ptl stored and held; false leaves w->ptl alone. */
static bool map_slot(struct slot_walk *w, spinlock_t **ptlp)
{
	w->slot = slot_map_nolock(w->mm, w->pmd, w->addr, ptlp);
	if (!w->slot)
		return false;
	if (!*w->slot)
		return false;
	w->ptl = *ptlp;
	spin_lock(w->ptl);
	return true;
}

/* True with w->ptl held at a mapped slot; false at the end, unlocked. */
bool slot_walk_next(struct slot_walk *w)
{
	spinlock_t *ptl;

	if (w->slot)
		goto next_slot;
restart:
	do {
		if (!map_slot(w, &ptl)) {
			if (!w->slot)
				goto restart;
			goto next_slot;
		}
this_slot:
		if (slot_is_mapped(w))
			return true;
next_slot:
		do {
			w->addr++;
			if (w->addr >= w->end) {
				if (w->ptl) {
					spin_unlock(w->ptl);
					w->ptl = NULL;
				}
				return false;
			}
			if ((w->addr & 63) == 0) {
				if (w->ptl) {
					spin_unlock(w->ptl);
					w->ptl = NULL;
				}
				w->slot = NULL;
				goto restart;
			}
			w->slot++;
		} while (!*w->slot);

		if (!w->ptl) {
			w->ptl = ptl;
			spin_lock(w->ptl);
		}
		goto this_slot;
	} while (w->addr < w->end);

	return false;
}
