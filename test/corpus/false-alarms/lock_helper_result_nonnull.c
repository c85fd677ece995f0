/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * mm/khugepaged.c collapse_pte_mapped_thp(): the pmd lock is taken early only
 * in one mode, as `pml = pmd_lock(...)`, which always returns the lock it
 * took; `pml` starts NULL and doubles as the "held" flag. The later
 * `if (!pml) pml = pmd_lock(...)` runs only when it was not taken yet.
 */
#include <linux/errno.h>
#include <linux/mm.h>

bool table_must_stay_locked(struct vm_area_struct *vma);

int retire_table(struct vm_area_struct *vma, pmd_t *pmd, unsigned long haddr)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *pml = NULL, *ptl;
	pte_t *start, *pte;
	int i, cleared = 0;

	if (table_must_stay_locked(vma))
		pml = pmd_lock(mm, pmd);

	start = pte_offset_map_nolock(mm, pmd, haddr, &ptl);
	if (!start)
		goto abort;
	if (!pml)
		spin_lock(ptl);
	else if (ptl != pml)
		spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);

	for (i = 0, pte = start; i < PTRS_PER_PTE; i++, pte++) {
		if (pte_none(ptep_get(pte)))
			continue;
		pte_clear(mm, haddr + i * PAGE_SIZE, pte);
		cleared++;
	}
	pte_unmap(start);
	if (!pml)
		spin_unlock(ptl);

	if (!pml) {
		pml = pmd_lock(mm, pmd);
		if (ptl != pml)
			spin_lock_nested(ptl, SINGLE_DEPTH_NESTING);
	}
	pmd_clear(pmd);
	if (ptl != pml)
		spin_unlock(ptl);
	spin_unlock(pml);
	return cleared;
abort:
	if (pml)
		spin_unlock(pml);
	return -EAGAIN;
}
