/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * kernel/cgroup/cgroup.c cgroup_attach_task(): the kernel macro
 * `while_each_thread(g, t)` closes a `do { ... }` loop in place of
 * `while (...)`. Read as C, the `do` has no `while`, and the parse error made
 * the function swallow the two functions after it, so the spinlock it
 * releases looked held in them (here: no function of the file is found at
 * all).
 */
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(set_lock);
static DEFINE_MUTEX(attach_mutex);

void note_task(struct task_struct *t);

int count_threads(struct task_struct *leader)
{
	struct task_struct *t = leader;
	int n = 0;

	do {
		n++;
	} while_each_thread(leader, t);
	return n;
}

int collect_threads(struct task_struct *leader, bool threadgroup)
{
	struct task_struct *task;

	spin_lock_irq(&set_lock);
	rcu_read_lock();
	task = leader;
	do {
		note_task(task);
		if (!threadgroup)
			break;
	} while_each_thread(leader, task);
	rcu_read_unlock();
	spin_unlock_irq(&set_lock);
	return 0;
}

void attach_begin(void)
{
	mutex_lock(&attach_mutex);
}

void attach_end(void)
{
	mutex_unlock(&attach_mutex);
}
