/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/afs/validation.c afs_validate() and fs/xfs/xfs_inode.c xfs_create():
 * a local flag is set right after the lock is taken (only on some paths);
 * the lock is later released only `if (flag)`, early or on the error path.
 */
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/types.h>

struct volume {
	struct mutex check_lock;
	struct rw_semaphore validate_lock;
	int expired;
	int version;
};

void volume_touch(struct volume *v)
{
	bool locked = false;

	if (v->expired) {
		mutex_lock(&v->check_lock);
		locked = true;
	}
	v->version++;
	if (locked)
		mutex_unlock(&v->check_lock);
}

int volume_validate(struct volume *v)
{
	bool locked = false;
	int ret;

	ret = down_write_killable(&v->validate_lock);
	if (ret < 0)
		goto error;

	if (v->expired) {
		ret = mutex_lock_interruptible(&v->check_lock);
		if (ret < 0)
			goto error_unlock;
		locked = true;
	}

	/* Drop the volume lock as soon as it is no longer needed. */
	if (locked) {
		mutex_unlock(&v->check_lock);
		locked = false;
	}

	v->version++;
	up_write(&v->validate_lock);
	return 0;

error_unlock:
	if (locked)
		mutex_unlock(&v->check_lock);
	up_write(&v->validate_lock);
error:
	return ret;
}
