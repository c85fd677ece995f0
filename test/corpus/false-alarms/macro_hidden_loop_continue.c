/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * drivers/tty/tty_jobctrl.c tty_signal_session_leader(): the iterator pair
 * do_each_pid_task() / while_each_pid_task() (from the kernel's headers) opens
 * a `do {` and a hidden inner loop; a `continue` after the per-task unlock
 * goes on to the next task, which takes its own lock again. The unlock at the
 * end of the body is reached only with the lock held.
 */
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>

struct seat {
	spinlock_t lock;
	int leaders;
	int members;
};

int seat_count_session(struct seat *s, struct pid *session)
{
	struct task_struct *p;
	int seen = 0;

	read_lock(&tasklist_lock);
	do_each_pid_task(session, PIDTYPE_SID, p) {
		spin_lock_irq(&p->sighand->siglock);
		seen++;
		if (!p->signal->leader) {
			spin_unlock_irq(&p->sighand->siglock);
			continue;
		}
		spin_lock(&s->lock);
		s->leaders++;
		spin_unlock(&s->lock);
		spin_unlock_irq(&p->sighand->siglock);
	} while_each_pid_task(session, PIDTYPE_SID, p);
	read_unlock(&tasklist_lock);

	spin_lock(&s->lock);
	s->members = seen;
	spin_unlock(&s->lock);
	return seen;
}
