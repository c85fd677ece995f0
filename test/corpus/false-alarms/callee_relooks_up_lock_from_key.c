/*
 * False-alarm shape (atomic/sleep-in-atomic, lock/double-acquire), seen in
 * Linux 6.12 mm/userfaultfd.c move_pages() (through mm/huge_memory.c
 * move_pages_huge_pmd()): the caller gets the table lock as the result of
 * pmd_trans_huge_lock() and passes only the pmd; the callee looks the same
 * lock up again with pmd_lockptr() and releases it on every path. The
 * reschedule and the next iteration's take run with it released.
 */
#include <linux/errno.h>
#include <linux/huge_mm.h>
#include <linux/mm.h>
#include <linux/sched.h>

/* Called with the pmd's table lock held; returns with it released. */
static int shift_huge(struct mm_struct *mm, pmd_t *pmd, pmd_t *dst)
{
	spinlock_t *l = pmd_lockptr(mm, pmd);
	pmd_t val = *pmd;

	lockdep_assert_held(l);
	if (!pmd_trans_huge(val)) {
		spin_unlock(l);
		return -EAGAIN;
	}
	*dst = val;
	pmd_clear(pmd);
	spin_unlock(l);
	return 0;
}

int shift_range(struct vm_area_struct *vma, pmd_t **src, pmd_t **dst, int n)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	int i, err = 0;

	for (i = 0; i < n; i++) {
		ptl = pmd_trans_huge_lock(src[i], vma);
		if (ptl) {
			if (pmd_devmap(*src[i])) {
				spin_unlock(ptl);
				err = -ENOENT;
				break;
			}
			err = shift_huge(mm, src[i], dst[i]);
		}
		cond_resched();
		if (err == -EAGAIN) {
			err = 0;
			continue;
		}
		if (err)
			break;
	}
	return err;
}
