/*
 * False-alarm shape (lock/mismatched-release), seen in Linux 6.12
 * fs/quota/quota.c quotactl_block() with fs/super.c user_get_super(): a
 * lookup returns the object locked for reading or for writing, as its bool
 * argument asks (through two helpers); the caller releases it the same way.
 */
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct volume {
	struct rw_semaphore umount_sem;
	int id;
	int refs;
};

struct volume *volume_by_id(int id);

static void __volume_lock(struct volume *v, bool excl)
{
	if (excl)
		down_write(&v->umount_sem);
	else
		down_read(&v->umount_sem);
}

static bool volume_lock(struct volume *v, bool excl)
{
	__volume_lock(v, excl);
	if (v->refs)
		return true;
	if (excl)
		up_write(&v->umount_sem);
	else
		up_read(&v->umount_sem);
	return false;
}

static struct volume *volume_get_locked(int id, bool excl)
{
	struct volume *v = volume_by_id(id);

	if (v && volume_lock(v, excl))
		return v;
	return NULL;
}

int volume_command(int id, int cmd)
{
	bool excl = cmd > 1;
	struct volume *v = volume_get_locked(id, excl);

	if (!v)
		return -ENODEV;
	v->id = cmd;
	if (excl)
		up_write(&v->umount_sem);
	else
		up_read(&v->umount_sem);
	return 0;
}
