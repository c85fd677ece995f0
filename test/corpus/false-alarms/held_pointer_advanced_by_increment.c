/*
 * False-alarm shape (atomic/sleep-in-atomic, lock/double-acquire,
 * lock/held-at-return, lock/release-unheld), seen in Linux 6.12
 * mm/madvise.c swapin_walk_pmd_entry(): the mapped entry pointer is non-NULL
 * exactly while the table lock is held, and it is also the cursor, stepped
 * with `p++` inside the test `if (!p++)`. A NULL pointer is mapped and locked
 * at once; each unlock sets it to NULL; the last release is `if (p)`.
 */
#include <linux/mm.h>
#include <linux/sched.h>

bool entry_wants_fetch(pte_t entry);
void fetch_one(struct vm_area_struct *vma, unsigned long addr);

int prefetch_range(struct vm_area_struct *vma, pmd_t *pmd,
		   unsigned long start, unsigned long end)
{
	pte_t *p = NULL;
	spinlock_t *ptl;
	unsigned long addr;
	int fetched = 0;

	for (addr = start; addr < end; addr += PAGE_SIZE) {
		if (!p++) {
			p = pte_offset_map_lock(vma->vm_mm, pmd, addr, &ptl);
			if (!p)
				break;
		}
		if (!entry_wants_fetch(ptep_get(p)))
			continue;

		/* the fetch may sleep: leave the table first */
		pte_unmap_unlock(p, ptl);
		p = NULL;
		fetch_one(vma, addr);
		fetched++;
	}
	if (p)
		pte_unmap_unlock(p, ptl);
	cond_resched();
	return fetched;
}
