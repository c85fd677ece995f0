// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel Lock Lens sample: the same allocator after "pid: only take
 * pidmap_lock once on alloc". Written for this project from the patch's
 * description; it is not the kernel's text.
 *
 * All checks run before the lock; one critical section allocates every
 * level and publishes the pid. Because idr_preload() only preloads memory
 * for one allocation, a GFP_ATOMIC allocation that fails with -ENOMEM drops
 * the lock, preloads again and retries once.
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

struct pid *alloc_pid(struct pid_namespace *ns, pid_t *arg_set_tid,
		      size_t arg_set_tid_size)
{
	int set_tid[MAX_PID_NS_LEVEL + 1] = {};
	int pid_max[MAX_PID_NS_LEVEL + 1] = {};
	struct pid *pid;
	enum pid_type type;
	int i, nr;
	struct pid_namespace *tmp;
	struct upid *upid;
	int retval = -ENOMEM;
	bool retried_preload;

	if (unlikely(arg_set_tid_size > ns->level + 1))
		return ERR_PTR(-EINVAL);

	/* Everything that needs no lock happens first. */
	pid = kmem_cache_alloc(ns->pid_cachep, GFP_KERNEL);
	if (unlikely(!pid))
		return ERR_PTR(retval);

	get_pid_ns(ns);
	pid->level = ns->level;
	refcount_set(&pid->count, 1);
	spin_lock_init(&pid->lock);
	for (type = 0; type < PIDTYPE_MAX; ++type)
		INIT_HLIST_HEAD(&pid->tasks[type]);
	init_waitqueue_head(&pid->wait_pidfd);
	INIT_HLIST_HEAD(&pid->inodes);

	/* Validate requested numbers and remember each level's pid_max. */
	for (tmp = ns, i = ns->level; i >= 0;) {
		pid_max[ns->level - i] = READ_ONCE(tmp->pid_max);

		if (arg_set_tid_size) {
			int tid = set_tid[ns->level - i] = arg_set_tid[ns->level - i];

			retval = -EINVAL;
			if (tid < 1 || tid >= pid_max[ns->level - i])
				goto out_abort;
			if (tid != 1 && !tmp->child_reaper)
				goto out_abort;
			retval = -EPERM;
			if (!checkpoint_restore_ns_capable(tmp->user_ns))
				goto out_abort;
			arg_set_tid_size--;
		}

		tmp = tmp->parent;
		i--;
	}

	/* One critical section for every level. */
	retried_preload = false;
	idr_preload(GFP_KERNEL);
	spin_lock(&pidmap_lock);
	for (tmp = ns, i = ns->level; i >= 0;) {
		int tid = set_tid[ns->level - i];

		if (tid) {
			nr = idr_alloc(&tmp->idr, NULL, tid, tid + 1, GFP_ATOMIC);
			if (nr == -ENOSPC)
				nr = -EEXIST;
		} else {
			int lowest = 1;

			if (idr_get_cursor(&tmp->idr) > RESERVED_PIDS)
				lowest = RESERVED_PIDS;
			nr = idr_alloc_cyclic(&tmp->idr, NULL, lowest,
					      pid_max[ns->level - i], GFP_ATOMIC);
			if (nr == -ENOSPC)
				nr = -EAGAIN;
		}

		if (unlikely(nr < 0)) {
			/* The preload covered one allocation; refill it once and retry. */
			if (nr == -ENOMEM && !retried_preload) {
				spin_unlock(&pidmap_lock);
				idr_preload_end();
				retried_preload = true;
				idr_preload(GFP_KERNEL);
				spin_lock(&pidmap_lock);
				continue;
			}
			retval = nr;
			goto out_free;
		}

		pid->numbers[i].nr = nr;
		pid->numbers[i].ns = tmp;
		tmp = tmp->parent;
		i--;
		retried_preload = false;
	}

	retval = -ENOMEM;
	if (unlikely(!(ns->pid_allocated & PIDNS_ADDING)))
		goto out_free;
	pidfs_add_pid(pid);
	for (upid = pid->numbers + ns->level; upid >= pid->numbers; --upid) {
		idr_replace(&upid->ns->idr, pid, upid->nr);
		upid->ns->pid_allocated++;
	}

	spin_unlock(&pidmap_lock);
	idr_preload_end();

	return pid;

out_free:
	while (++i <= ns->level) {
		upid = pid->numbers + i;
		idr_remove(&upid->ns->idr, upid->nr);
	}

	if (ns->pid_allocated == PIDNS_ADDING)
		idr_set_cursor(&ns->idr, 0);

	spin_unlock(&pidmap_lock);
	idr_preload_end();

out_abort:
	put_pid_ns(ns);
	kmem_cache_free(ns->pid_cachep, pid);
	return ERR_PTR(retval);
}

void disable_pid_allocation(struct pid_namespace *ns)
{
	spin_lock(&pidmap_lock);
	ns->pid_allocated &= ~PIDNS_ADDING;
	spin_unlock(&pidmap_lock);
}
