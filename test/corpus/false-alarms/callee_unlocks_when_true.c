/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * fs/bcachefs/rcu_pending.c rcu_pending_work(): the loop condition calls a
 * helper that, when it returns true, has released the lock (two calls deep);
 * the loop then takes it again. When it returns false the lock is still held
 * and released after the loop.
 */
#include <linux/spinlock.h>
#include <linux/types.h>

struct pending_queue {
	spinlock_t lock;
	int ready;
	int done;
};

static void drain_ready(struct pending_queue *q, unsigned long flags)
{
	int n = q->ready;

	q->ready = 0;
	spin_unlock_irqrestore(&q->lock, flags);
	q->done += n;
}

static bool drain_if_ready(struct pending_queue *q, unsigned long flags)
{
	if (q->ready) {
		drain_ready(q, flags);
		return true;
	}
	return false;
}

void pending_queue_work(struct pending_queue *q)
{
	unsigned long flags;

	do {
		spin_lock_irqsave(&q->lock, flags);
	} while (drain_if_ready(q, flags));

	spin_unlock_irqrestore(&q->lock, flags);
}
