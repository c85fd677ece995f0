/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * fs/btrfs/volumes.c btrfs_relocate_sys_chunks(): the mutex is released
 * `if (ret)`, and the next two tests (`ret < 0` returns, `ret > 0` breaks)
 * cover every non-zero value. The rest of the body runs only with ret == 0,
 * that is with the mutex still held, and releases it once.
 */
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct chunk_tree {
	struct mutex reclaim_lock;
	int failed;
};

/* 0: found the previous key (stored in *key); 1: none left; < 0: error */
int tree_find_prev(struct chunk_tree *t, u64 *key);
int relocate_one(struct chunk_tree *t, u64 key);

int relocate_all(struct chunk_tree *t)
{
	u64 key = (u64)-1;
	int ret;

	while (1) {
		mutex_lock(&t->reclaim_lock);
		ret = tree_find_prev(t, &key);
		if (ret)
			mutex_unlock(&t->reclaim_lock);
		if (ret < 0)
			return ret;
		if (ret > 0)
			break;

		if (relocate_one(t, key) == -ENOSPC)
			t->failed++;
		mutex_unlock(&t->reclaim_lock);

		if (key == 0)
			break;
		key--;
	}
	return t->failed ? -ENOSPC : 0;
}
