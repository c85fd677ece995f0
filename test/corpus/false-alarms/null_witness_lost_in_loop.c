/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * mm/madvise.c madvise_cold_or_pageout_pte_range(): the mapped table pointer
 * is stored twice (`first = pte = pte_offset_map_lock(...)`), and `first` is
 * NULL exactly when the table lock is not held. In a branchy loop the function
 * may unlock and `goto again`, or unlock, clear `first`, sleep, map again and
 * break if that fails; the final release is `if (first)`.
 */
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/sched.h>

bool folio_worth_splitting(struct folio *f);

int age_range(struct vm_area_struct *vma, pmd_t *pmd, unsigned long addr,
	      unsigned long end, bool anon_only)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned int tick = 0;
	pte_t *first, *pte;
	spinlock_t *ptl;
	int aged = 0;

again:
	first = pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!first)
		goto out;
	for (; addr < end; pte++, addr += PAGE_SIZE) {
		pte_t entry = ptep_get(pte);
		struct folio *f;

		if (++tick == 32) {
			tick = 0;
			if (need_resched()) {
				pte_unmap_unlock(first, ptl);
				cond_resched();
				goto again;
			}
		}
		if (!pte_present(entry))
			continue;
		f = vm_normal_folio(vma, addr, entry);
		if (!f)
			continue;
		if (folio_test_large(f) && folio_worth_splitting(f)) {
			if (anon_only && !folio_test_anon(f))
				continue;
			if (!folio_trylock(f))
				continue;
			folio_get(f);
			pte_unmap_unlock(first, ptl);
			first = NULL;
			split_folio(f);
			folio_unlock(f);
			folio_put(f);
			first = pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
			if (!first)
				break;
			continue;
		}
		folio_clear_referenced(f);
		aged++;
	}
out:
	if (first)
		pte_unmap_unlock(first, ptl);
	cond_resched();
	return aged;
}
