/*
 * False-alarm shape (lock/release-unheld), seen 7 times in the Linux 6.12
 * sample (mm/hugetlb.c, mm/userfaultfd.c, mm/memcontrol-v1.c,
 * mm/debug_vm_pgtable.c, fs/proc/task_mmu.c): the page-table lock is taken by
 * a helper from the kernel's headers that returns it (`ptl = pmd_lock(...)`,
 * `huge_pte_lock()`, `pud_lock()`, or `pmd_trans_huge_lock()` which returns
 * NULL when it did not lock), then released with spin_unlock(ptl). The same
 * variable names a different lock after every such call.
 */
#include <linux/hugetlb.h>
#include <linux/mm.h>

int walk_huge_range(struct mm_struct *mm, struct hstate *h, pte_t **ptes, int n)
{
	spinlock_t *ptl;
	int i, cleared = 0;

	for (i = 0; i < n; i++) {
		ptl = huge_pte_lock(h, mm, ptes[i]);
		if (huge_pte_none(huge_ptep_get(mm, 0, ptes[i]))) {
			spin_unlock(ptl);
			continue;
		}
		cleared++;
		spin_unlock(ptl);
	}
	return cleared;
}

void touch_levels(struct mm_struct *mm, pmd_t *pmd, pud_t *pud)
{
	spinlock_t *ptl;

	ptl = pmd_lock(mm, pmd);
	pmd_clear(pmd);
	spin_unlock(ptl);

	ptl = pud_lock(mm, pud);
	pud_clear(pud);
	spin_unlock(ptl);
}

int split_huge_ones(struct vm_area_struct *vma, pmd_t **pmds, int n)
{
	spinlock_t *ptl;
	int i, split = 0;

	for (i = 0; i < n; i++) {
		ptl = pmd_trans_huge_lock(pmds[i], vma);
		if (ptl) {
			split++;
			spin_unlock(ptl);
			continue;
		}
	}
	return split;
}
