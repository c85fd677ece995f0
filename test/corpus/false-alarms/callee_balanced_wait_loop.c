/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * fs/smb/client/transport.c SendReceive()/SendReceiveBlockingLock(): the
 * callee takes a spinlock, and inside a `while (1)` loop drops it at the top,
 * re-takes it, drops it around a wait and re-takes it before `continue`;
 * every return and the `break` come after a release. It returns with the lock
 * released, so the caller's later wait is not under it.
 */
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

struct server {
	spinlock_t req_lock;
	spinlock_t srv_lock;
	wait_queue_head_t request_q;
	wait_queue_head_t response_q;
	int credits;
	int in_flight;
	int exiting;
	int answered;
};

static int wait_for_credit(struct server *s, long timeout)
{
	long rc;

	spin_lock(&s->req_lock);
	if (s->credits > 8) {
		s->credits--;
		spin_unlock(&s->req_lock);
		return 0;
	}
	while (1) {
		spin_unlock(&s->req_lock);

		spin_lock(&s->srv_lock);
		if (s->exiting) {
			spin_unlock(&s->srv_lock);
			return -ENOENT;
		}
		spin_unlock(&s->srv_lock);

		spin_lock(&s->req_lock);
		if (s->credits <= 0) {
			spin_unlock(&s->req_lock);
			rc = wait_event_killable_timeout(s->request_q, s->credits > 0, timeout);
			if (!rc)
				return -EBUSY;
			if (rc == -ERESTARTSYS)
				return -ERESTARTSYS;
			spin_lock(&s->req_lock);
		} else {
			s->credits--;
			s->in_flight++;
			spin_unlock(&s->req_lock);
			break;
		}
	}
	return 0;
}

int send_and_wait(struct server *s)
{
	int rc;

	rc = wait_for_credit(s, 1000);
	if (rc)
		return rc;
	rc = wait_event_interruptible(s->response_q, s->answered);
	return rc;
}
