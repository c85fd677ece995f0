/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * fs/dlm/recoverd.c dlm_recoverd(): the recovery thread holds a rwsem for
 * writing while recovery is pending; the recovery work, three calls down,
 * releases it when it succeeds and marks the space running; a stop request
 * asks for the rwsem again only after it cleared "running", so the thread
 * never takes the rwsem while it still holds it. (A protocol between threads:
 * the single-thread view sees a path that re-takes it.)
 */
#include <linux/kthread.h>
#include <linux/rwsem.h>
#include <linux/sched.h>

#define RECOVER_DOWN 0
#define RECOVER_WORK 1
#define RECOVER_LOCKED 2
#define SPACE_RUNNING 3

struct space {
	struct rw_semaphore in_recovery;
	unsigned long flags;
	int generation;
};

static void enable_access(struct space *s)
{
	clear_bit(RECOVER_LOCKED, &s->flags);
	set_bit(SPACE_RUNNING, &s->flags);
	up_write(&s->in_recovery);
}

void space_stop(struct space *s)
{
	if (test_and_clear_bit(SPACE_RUNNING, &s->flags))
		set_bit(RECOVER_DOWN, &s->flags);
	set_bit(RECOVER_WORK, &s->flags);
}

static int recover(struct space *s)
{
	if (s->generation < 0)
		return -EINTR;
	s->generation++;
	enable_access(s);
	return 0;
}

static void do_recovery(struct space *s)
{
	if (recover(s))
		s->generation = 0;
}

int recovery_thread(void *arg)
{
	struct space *s = arg;

	down_write(&s->in_recovery);
	set_bit(RECOVER_LOCKED, &s->flags);

	while (!kthread_should_stop()) {
		if (test_and_clear_bit(RECOVER_DOWN, &s->flags)) {
			down_write(&s->in_recovery);
			set_bit(RECOVER_LOCKED, &s->flags);
		}
		if (test_and_clear_bit(RECOVER_WORK, &s->flags))
			do_recovery(s);
		schedule();
	}

	if (test_bit(RECOVER_LOCKED, &s->flags))
		up_write(&s->in_recovery);
	return 0;
}
