/*
 * False-alarm shape (lock/mismatched-release), seen in Linux 6.12
 * fs/quota/quota_v2.c v2_write_dquot(): a local flag, set in the branch that
 * takes the write lock, later chooses the matching release. The flag is
 * assigned together with the lock, not only tested.
 */
#include <linux/rwsem.h>
#include <linux/types.h>

struct record_file {
	struct rw_semaphore io_sem;
	long offset;
};

int write_record(struct record_file *f, long (*store)(struct record_file *))
{
	bool allocating = false;
	long ret;

	if (!f->offset) {
		allocating = true;
		down_write(&f->io_sem);
	} else {
		down_read(&f->io_sem);
	}
	ret = store(f);
	if (allocating)
		up_write(&f->io_sem);
	else
		up_read(&f->io_sem);
	return ret;
}
