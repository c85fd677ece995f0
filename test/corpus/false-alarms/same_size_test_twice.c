/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12 fs/stack.c
 * fsstack_copy_inode_size(): a lock is taken and dropped under the same
 * compile-time test (`sizeof(counter) > sizeof(long)`, true on 32-bit only)
 * written twice, around a copy; a variable named in the sizeof is assigned in
 * between, which does not change its size.
 */
#include <linux/spinlock.h>
#include <linux/types.h>

struct meter {
	spinlock_t lock;
	u64 total;
	u64 peak;
};

void meter_copy(struct meter *dst, const struct meter *src)
{
	u64 total;

	total = READ_ONCE(src->total);
	if (sizeof(total) > sizeof(long))
		spin_lock(&dst->lock);
	dst->total = total;
	total = src->peak;
	dst->peak = total;
	if (sizeof(total) > sizeof(long))
		spin_unlock(&dst->lock);
}
