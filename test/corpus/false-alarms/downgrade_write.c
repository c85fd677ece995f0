/*
 * False-alarm shape (lock/mismatched-release), seen in Linux 6.12
 * drivers/block/rbd.c and fs/dlm/lowcomms.c: downgrade_write() turns the
 * write hold into a read hold, so up_read() is the matching release.
 */
#include <linux/rwsem.h>

struct owner_table {
	struct rw_semaphore sem;
	int owner;
	int pending;
};

void owner_table_claim(struct owner_table *t, int who)
{
	if (who) {
		down_write(&t->sem);
		t->owner = who;
		downgrade_write(&t->sem);
	} else {
		down_read(&t->sem);
	}
	t->pending = t->owner != 0;
	up_read(&t->sem);
}

int owner_table_publish(struct owner_table *t, int who)
{
	int pending;

	down_write(&t->sem);
	t->owner = who;
	downgrade_write(&t->sem);
	pending = t->pending;
	up_read(&t->sem);
	return pending;
}
