/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * mm/memory.c copy_pte_range(): pte_alloc_map_lock(mm, pmd, addr, &ptl), a
 * macro from the kernel's headers, takes `ptl` whenever it returns non-NULL
 * (as pte_offset_map_lock() does); after the release and a reschedule, a
 * `goto again` maps and locks the table once more, so every release matches
 * the take of its own pass.
 */
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/sched.h>

#define CLEAR_BATCH 64

int clear_range(struct mm_struct *mm, pmd_t *pmd, unsigned long addr,
		unsigned long end)
{
	spinlock_t *ptl;
	pte_t *start, *pte;
	int batch, cleared = 0;

again:
	batch = 0;
	start = pte = pte_alloc_map_lock(mm, pmd, addr, &ptl);
	if (!start)
		return -ENOMEM;
	do {
		if (++batch > CLEAR_BATCH)
			break;
		if (!pte_none(ptep_get(pte))) {
			ptep_get_and_clear(mm, addr, pte);
			cleared++;
		}
	} while (pte++, addr += PAGE_SIZE, addr != end);
	pte_unmap_unlock(start, ptl);
	cond_resched();

	if (addr != end)
		goto again;
	return cleared;
}
