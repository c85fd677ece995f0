/*
 * False-alarm shape (atomic/sleep-in-atomic, lock/held-at-return), seen in
 * Linux 6.12 fs/xfs/xfs_icache.c xfs_iget(): as in callee_leaves_rcu_two_deep.c,
 * with the hit helper annotated __releases(RCU), so it is analysed as entered
 * in RCU: one of its returns passes on the second helper's result with the
 * caller's section possibly still held. No path re-enters RCU.
 */
#include <linux/err.h>
#include <linux/radix-tree.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct ent {
	spinlock_t flock;
	int reclaimable;
};

bool ent_try_lock(struct ent *e);
int ent_rebuild(struct ent *e);

static int ent_recycle(struct ent *e) __releases(&e->flock)
{
	if (!ent_try_lock(e))
		return -EAGAIN;
	spin_unlock(&e->flock);
	rcu_read_unlock();
	return ent_rebuild(e);
}

static int ent_hit(struct ent *e) __releases(RCU)
{
	int err;

	spin_lock(&e->flock);
	if (e->reclaimable) {
		err = ent_recycle(e);
		if (err == -EAGAIN)
			goto skip;
		return err;
	}
	spin_unlock(&e->flock);
	rcu_read_unlock();
	return 0;
skip:
	spin_unlock(&e->flock);
	rcu_read_unlock();
	return -EAGAIN;
}

struct ent *ent_get(struct radix_tree_root *root, unsigned long key)
{
	struct ent *e;
	int err;

again:
	rcu_read_lock();
	e = radix_tree_lookup(root, key);
	if (e) {
		err = ent_hit(e);
		if (err != -EAGAIN)
			return err ? ERR_PTR(err) : e;
		schedule_timeout_uninterruptible(1);
		goto again;
	}
	rcu_read_unlock();
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	return e ? e : ERR_PTR(-ENOMEM);
}
