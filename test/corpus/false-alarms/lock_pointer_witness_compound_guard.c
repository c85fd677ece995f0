/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/ntfs3/record.c mi_read(): a local lock pointer stays NULL unless a
 * compound condition chose to lock, and is then set and taken; every later
 * release is `if (lock) up_read(lock)`, so NULL means "not held".
 */
#include <linux/errno.h>
#include <linux/rwsem.h>
#include <linux/types.h>

struct record_owner {
	struct rw_semaphore run_lock;
	bool mounted;
	bool is_root;
};

int record_fetch(struct record_owner *o);
int record_fix(struct record_owner *o);

int record_read(struct record_owner *o)
{
	struct rw_semaphore *rw_lock = NULL;
	int err;

	if (o->mounted && !o->is_root) {
		rw_lock = &o->run_lock;
		down_read(rw_lock);
	}
	err = record_fetch(o);
	if (rw_lock)
		up_read(rw_lock);
	if (!err)
		return 0;
	if (rw_lock)
		down_write(rw_lock);
	err = record_fix(o);
	if (rw_lock)
		up_write(rw_lock);
	if (err)
		return err;
	return 0;
}
