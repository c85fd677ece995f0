/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * fs/btrfs/block-group.c btrfs_inc_block_group_ro(): the loop repeats only
 * when the body released the mutex (the flag is set right after the unlock),
 * so the mutex_lock() at the top never runs with the mutex held.
 */
#include <linux/mutex.h>
#include <linux/types.h>

struct group_table {
	struct mutex ro_mutex;
	unsigned long flags;
	int readonly;
};

int wait_for_flush(struct group_table *t);

int group_set_readonly(struct group_table *t)
{
	bool busy;
	int ret;

	do {
		busy = false;
		mutex_lock(&t->ro_mutex);
		if (test_bit(0, &t->flags)) {
			mutex_unlock(&t->ro_mutex);
			ret = wait_for_flush(t);
			if (ret)
				return ret;
			busy = true;
		}
	} while (busy);

	t->readonly++;
	mutex_unlock(&t->ro_mutex);
	return 0;
}
