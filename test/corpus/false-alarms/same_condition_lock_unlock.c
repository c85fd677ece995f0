/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/btrfs/inode.c btrfs_rename(): the rwsem is taken and released under the
 * same test of a local that never changes in between, with many branches,
 * `unlikely()` re-tests of that test, and error gotos between the two.
 */
#include <linux/errno.h>
#include <linux/rwsem.h>
#include <linux/types.h>

#define FIRST_FREE_ID 256ULL

struct fs_info {
	struct rw_semaphore subvol_sem;
};

struct node {
	u64 ino;
	struct fs_info *fs;
};

int start_trans(struct node *n, int items);
int unlink_ref(struct node *n);
int add_ref(struct node *n);
int update_node(struct node *n);
void end_trans(struct node *n);

int node_rename(struct node *old, struct node *dir, unsigned int flags)
{
	struct fs_info *fs = old->fs;
	u64 old_ino = old->ino;
	int items = 1;
	int ret;

	if (old_ino == 1 || old_ino == 2)
		return -EXDEV;
	if (flags & 4) {
		ret = update_node(dir);
		if (ret)
			goto out_names;
	}
	if (old_ino == FIRST_FREE_ID) {
		down_read(&fs->subvol_sem);
		items += 4;
	} else {
		items += 5;
	}
	ret = start_trans(dir, items);
	if (ret)
		goto out_notrans;
	if (unlikely(old_ino == FIRST_FREE_ID)) {
		ret = unlink_ref(old);
		if (ret)
			goto out_fail;
	} else {
		ret = update_node(old);
		if (ret)
			goto out_fail;
	}
	if (unlikely(old_ino == FIRST_FREE_ID))
		ret = add_ref(dir);
	else
		ret = update_node(dir);
out_fail:
	end_trans(dir);
out_notrans:
	if (old_ino == FIRST_FREE_ID)
		up_read(&fs->subvol_sem);
	if (flags & 4)
		update_node(old);
out_names:
	return ret;
}
