// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel Lock Lens sample: a pid allocator shaped like kernel/pid.c before
 * "pid: only take pidmap_lock once on alloc". Written for this project from
 * the patch's description; it is not the kernel's text.
 *
 * The global pidmap_lock is taken once per namespace level to allocate the
 * number, then once more to publish the pid: ns->level + 2 acquires per call.
 */
#include <linux/idr.h>
#include <linux/pid_namespace.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(pidmap_lock);

void free_pid(struct pid *pid)
{
	int lvl;
	unsigned long flags;

	spin_lock_irqsave(&pidmap_lock, flags);
	for (lvl = 0; lvl <= pid->level; lvl++) {
		struct upid *up = pid->numbers + lvl;
		struct pid_namespace *pns = up->ns;

		if (--pns->pid_allocated == PIDNS_ADDING)
			schedule_work(&pns->proc_work);
		idr_remove(&pns->idr, up->nr);
	}
	spin_unlock_irqrestore(&pidmap_lock, flags);

	call_rcu(&pid->rcu, delayed_put_pid);
}

struct pid *alloc_pid(struct pid_namespace *ns, pid_t *set_tid,
		      size_t set_tid_size)
{
	struct pid *pid;
	enum pid_type type;
	int i, nr;
	struct pid_namespace *tmp;
	struct upid *upid;
	int retval = -ENOMEM;

	/* A caller may ask for specific numbers, at most one per level. */
	if (set_tid_size > ns->level + 1)
		return ERR_PTR(-EINVAL);

	pid = kmem_cache_alloc(ns->pid_cachep, GFP_KERNEL);
	if (!pid)
		return ERR_PTR(retval);

	tmp = ns;
	pid->level = ns->level;

	/* One lock round trip per level, innermost namespace first. */
	for (i = ns->level; i >= 0; i--) {
		int tid = 0;
		int max = READ_ONCE(tmp->pid_max);

		if (set_tid_size) {
			tid = set_tid[ns->level - i];
			retval = -EINVAL;
			if (tid < 1 || tid >= max)
				goto out_free;
			if (tid != 1 && !tmp->child_reaper)
				goto out_free;
			retval = -EPERM;
			if (!checkpoint_restore_ns_capable(tmp->user_ns))
				goto out_free;
			set_tid_size--;
		}

		idr_preload(GFP_KERNEL);
		spin_lock(&pidmap_lock);
		if (tid) {
			nr = idr_alloc(&tmp->idr, NULL, tid, tid + 1, GFP_ATOMIC);
			/* The requested number is taken. */
			if (nr == -ENOSPC)
				nr = -EEXIST;
		} else {
			int lowest = 1;

			/* Skip the reserved low numbers once the counter has wrapped. */
			if (idr_get_cursor(&tmp->idr) > RESERVED_PIDS)
				lowest = RESERVED_PIDS;
			nr = idr_alloc_cyclic(&tmp->idr, NULL, lowest, max, GFP_ATOMIC);
		}
		spin_unlock(&pidmap_lock);
		idr_preload_end();

		if (nr < 0) {
			retval = (nr == -ENOSPC) ? -EAGAIN : nr;
			goto out_free;
		}

		pid->numbers[i].nr = nr;
		pid->numbers[i].ns = tmp;
		tmp = tmp->parent;
	}

	/* Allocation in a dying namespace fails with -ENOMEM, as it always has. */
	retval = -ENOMEM;

	get_pid_ns(ns);
	refcount_set(&pid->count, 1);
	spin_lock_init(&pid->lock);
	for (type = 0; type < PIDTYPE_MAX; ++type)
		INIT_HLIST_HEAD(&pid->tasks[type]);
	init_waitqueue_head(&pid->wait_pidfd);
	INIT_HLIST_HEAD(&pid->inodes);

	/* Second round trip: publish the pid at every level. */
	upid = pid->numbers + ns->level;
	idr_preload(GFP_KERNEL);
	spin_lock(&pidmap_lock);
	if (!(ns->pid_allocated & PIDNS_ADDING))
		goto out_unlock;
	pidfs_add_pid(pid);
	for ( ; upid >= pid->numbers; --upid) {
		idr_replace(&upid->ns->idr, pid, upid->nr);
		upid->ns->pid_allocated++;
	}
	spin_unlock(&pidmap_lock);
	idr_preload_end();

	return pid;

out_unlock:
	spin_unlock(&pidmap_lock);
	idr_preload_end();
	put_pid_ns(ns);

out_free:
	spin_lock(&pidmap_lock);
	while (++i <= ns->level) {
		upid = pid->numbers + i;
		idr_remove(&upid->ns->idr, upid->nr);
	}

	/* Nothing was ever allocated here: let the next allocation start over. */
	if (ns->pid_allocated == PIDNS_ADDING)
		idr_set_cursor(&ns->idr, 0);

	spin_unlock(&pidmap_lock);

	kmem_cache_free(ns->pid_cachep, pid);
	return ERR_PTR(retval);
}

void disable_pid_allocation(struct pid_namespace *ns)
{
	spin_lock(&pidmap_lock);
	ns->pid_allocated &= ~PIDNS_ADDING;
	spin_unlock(&pidmap_lock);
}
