/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * drivers/block/loop.c loop_global_lock_killable(): a lock helper takes a
 * global mutex when asked to, then the object's mutex, and returns the last
 * result as `return err;`. When that result is 0 both are held, by design
 * (its unlock twin drops them); when it is not, the global one is dropped.
 */
#include <linux/mutex.h>
#include <linux/types.h>

static DEFINE_MUTEX(bind_mutex);

struct unit {
	struct mutex mtx;
	int bound;
};

static int unit_lock_killable(struct unit *u, bool global)
{
	int err;

	if (global) {
		err = mutex_lock_killable(&bind_mutex);
		if (err)
			return err;
	}
	err = mutex_lock_killable(&u->mtx);
	if (err && global)
		mutex_unlock(&bind_mutex);
	return err;
}

static void unit_unlock(struct unit *u, bool global)
{
	mutex_unlock(&u->mtx);
	if (global)
		mutex_unlock(&bind_mutex);
}

int unit_bind(struct unit *u)
{
	int err = unit_lock_killable(u, true);

	if (err)
		return err;
	u->bound = 1;
	unit_unlock(u, true);
	return 0;
}
