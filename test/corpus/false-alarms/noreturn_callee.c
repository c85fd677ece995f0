/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * kernel/signal.c get_signal(): on the fatal path the lock is dropped and a
 * callee declared `__noreturn` is called (do_group_exit(), defined in another
 * file); the path ends there. It never goes round the loop again, so the
 * release after the loop is reached only with the lock held.
 */
#include <linux/compiler.h>
#include <linux/spinlock.h>

struct job_state {
	spinlock_t lock;
	int pending;
	int ignored;
};

void __noreturn job_abort_all(int code);

int job_drain(struct job_state *s)
{
	int code, ignored;

	spin_lock(&s->lock);
	for (;;) {
		code = s->pending;
		if (!code)
			break;
		s->pending = 0;
		if (code > 0) {
			s->ignored++;
			continue;
		}
		spin_unlock(&s->lock);
		job_abort_all(-code);
	}
	ignored = s->ignored;
	spin_unlock(&s->lock);
	return ignored;
}
