/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * kernel/locking/rwbase_rt.c rwbase_write_lock(): the caller takes
 * `rtm->wait_lock` with `rtm = &rwb->mutex`; on the signal path a helper
 * given `rwb` releases `rwb->mutex.wait_lock`, the same lock.
 */
#include <linux/sched.h>
#include <linux/spinlock.h>

struct base_mutex {
	raw_spinlock_t wait_lock;
	int owner;
};

struct rw_base {
	struct base_mutex mutex;
	int readers;
};

static void write_unlock_base(struct rw_base *rwb, unsigned long flags)
{
	struct base_mutex *rtm = &rwb->mutex;

	rwb->readers = 0;
	raw_spin_unlock_irqrestore(&rtm->wait_lock, flags);
}

int rw_base_write_lock(struct rw_base *rwb, int interruptible)
{
	struct base_mutex *rtm = &rwb->mutex;
	unsigned long flags;

	raw_spin_lock_irqsave(&rtm->wait_lock, flags);
	for (;;) {
		if (interruptible && signal_pending(current)) {
			write_unlock_base(rwb, flags);
			return -EINTR;
		}
		if (!rwb->readers)
			break;
		raw_spin_unlock_irqrestore(&rtm->wait_lock, flags);
		schedule();
		raw_spin_lock_irqsave(&rtm->wait_lock, flags);
	}
	rtm->owner = 1;
	raw_spin_unlock_irqrestore(&rtm->wait_lock, flags);
	return 0;
}
