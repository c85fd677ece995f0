/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * mm/memory.c copy_pte_range(): pte_unmap_unlock(pte, ptl) releases the
 * page-table lock given as its second argument (a macro from the kernel's
 * headers); the cond_resched() after it runs with no lock held. The source
 * table's lock was taken with spin_lock_nested() on the pointer that
 * pte_offset_map_nolock() filled in.
 */
#include <linux/mm.h>
#include <linux/sched.h>

int copy_range(struct mm_struct *dst_mm, struct mm_struct *src_mm,
	       pmd_t *dst_pmd, pmd_t *src_pmd, unsigned long addr, unsigned long end)
{
	spinlock_t *src_ptl, *dst_ptl;
	pte_t *src_pte, *dst_pte, *orig_src, *orig_dst;

	dst_pte = pte_alloc_map_lock(dst_mm, dst_pmd, addr, &dst_ptl);
	if (!dst_pte)
		return -ENOMEM;
	src_pte = pte_offset_map_nolock(src_mm, src_pmd, addr, &src_ptl);
	if (!src_pte) {
		pte_unmap_unlock(dst_pte, dst_ptl);
		return 0;
	}
	spin_lock_nested(src_ptl, SINGLE_DEPTH_NESTING);
	orig_src = src_pte;
	orig_dst = dst_pte;
	do {
		set_pte_at(dst_mm, addr, dst_pte, ptep_get(src_pte));
	} while (dst_pte++, src_pte++, addr += PAGE_SIZE, addr != end);
	pte_unmap_unlock(orig_src, src_ptl);
	pte_unmap_unlock(orig_dst, dst_ptl);
	cond_resched();
	return 0;
}
