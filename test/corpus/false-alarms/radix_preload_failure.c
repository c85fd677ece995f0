/*
 * False-alarm shape (idr/preload-unbalanced), seen 7 times in Linux 6.12
 * (fs/btrfs/disk-io.c btrfs_insert_fs_root, fs/xfs/xfs_mru_cache.c, ...):
 * radix_tree_preload() returns non-zero when it could not preload, and then
 * preemption is NOT disabled, so the failure path has nothing to end.
 * Only the zero return opens the preload.
 */
#include <linux/radix-tree.h>
#include <linux/spinlock.h>

struct slot_table {
	spinlock_t lock;
	struct radix_tree_root slots;
};

int slot_table_insert(struct slot_table *t, unsigned long key, void *item)
{
	int err;

	if (radix_tree_preload(GFP_KERNEL))
		return -ENOMEM;

	spin_lock(&t->lock);
	err = radix_tree_insert(&t->slots, key, item);
	spin_unlock(&t->lock);
	radix_tree_preload_end();
	return err;
}

int slot_table_insert_retry(struct slot_table *t, unsigned long key, void *item)
{
	int err;

again:
	err = radix_tree_preload(GFP_NOFS);
	if (err)
		goto out;
	spin_lock(&t->lock);
	err = radix_tree_insert(&t->slots, key, item);
	spin_unlock(&t->lock);
	radix_tree_preload_end();
	if (err == -EEXIST && radix_tree_lookup(&t->slots, key) == NULL)
		goto again;
out:
	return err;
}
