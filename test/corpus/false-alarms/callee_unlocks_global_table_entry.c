/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12 mm/hugetlb.c
 * hugetlb_fault() (with hugetlb_no_page()): the caller takes one mutex of a
 * file-scope table, indexed by a hash of the faulting key, and hands the
 * fault to a helper that recomputes the hash and unlocks that entry itself
 * before returning, as well as the region's rwsem it was given; the caller
 * returns the helper's result.
 */
#include <linux/mutex.h>
#include <linux/rwsem.h>

#define NR_FAULT_MUTEXES 64

static struct mutex fault_mutex_table[NR_FAULT_MUTEXES];

struct fault_key {
	unsigned long mapping;
	unsigned long index;
	struct rw_semaphore *region_sem;
};

static unsigned int fault_hash(const struct fault_key *k)
{
	return (k->mapping ^ k->index) % NR_FAULT_MUTEXES;
}

int fault_fill(const struct fault_key *k);

static int fault_missing(const struct fault_key *k)
{
	unsigned int hash = fault_hash(k);
	int ret = fault_fill(k);

	up_read(k->region_sem);
	mutex_unlock(&fault_mutex_table[hash]);
	return ret;
}

int fault_present(const struct fault_key *k);

int handle_fault(const struct fault_key *k)
{
	unsigned int hash = fault_hash(k);
	int ret;

	mutex_lock(&fault_mutex_table[hash]);
	down_read(k->region_sem);
	if (!fault_present(k))
		return fault_missing(k);
	ret = 0;
	up_read(k->region_sem);
	mutex_unlock(&fault_mutex_table[hash]);
	return ret;
}
