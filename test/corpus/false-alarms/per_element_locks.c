/*
 * False-alarm shape (lock/double-acquire and lock/release-unheld), seen in
 * Linux 6.12 drivers/block/drbd/drbd_receiver.c conn_connect() and
 * fs/bcachefs/quota.c bch2_quota_transfer(): an iterator macro takes the lock
 * of every element, then a second walk releases each one. `m->dev->lock`
 * names a different lock on every iteration.
 */
#include <linux/idr.h>
#include <linux/mutex.h>

struct device_state {
	struct mutex *lock;
	int state;
};

struct member {
	struct device_state *dev;
};

struct group {
	struct idr members;
	int sent;
};

#define for_each_member_kind(g, i, m)			\
	for (i = 0; i < 3; i++)				\
		if (!((m) = idr_find(&(g)->members, i)))	\
			;					\
		else

void group_freeze_all(struct group *g)
{
	struct member *m;
	int id;

	idr_for_each_entry(&g->members, m, id)
		mutex_lock(m->dev->lock);

	g->sent = 1;

	idr_for_each_entry(&g->members, m, id)
		mutex_unlock(m->dev->lock);
}

void group_update_kinds(struct group *g)
{
	struct member *m;
	int i;

	for_each_member_kind(g, i, m)
		mutex_lock(m->dev->lock);

	g->sent++;

	for_each_member_kind(g, i, m)
		mutex_unlock(m->dev->lock);
}
