/*
 * False-alarm shape (lock/mismatched-release), seen in Linux 6.12
 * kernel/time/timer.c __mod_timer()/add_timer_on(): a helper takes the
 * object's current base lock with irqsave; to migrate, the caller drops that
 * lock and takes the new base's lock with the plain variants (interrupts stay
 * off all along), and the final release restores the flags saved by the helper.
 */
#include <linux/spinlock.h>

struct queue_base {
	raw_spinlock_t lock;
	int cpu;
};

struct job {
	struct queue_base *base;
	unsigned long expires;
};

static struct queue_base *lock_job_base(struct job *j, unsigned long *flags)
	__acquires(&j->base->lock)
{
	for (;;) {
		struct queue_base *base = j->base;

		raw_spin_lock_irqsave(&base->lock, *flags);
		if (j->base == base)
			return base;
		raw_spin_unlock_irqrestore(&base->lock, *flags);
	}
}

void job_move(struct job *j, struct queue_base *target, unsigned long expires)
{
	struct queue_base *base;
	unsigned long flags;

	base = lock_job_base(j, &flags);
	if (base != target) {
		raw_spin_unlock(&base->lock);
		base = target;
		raw_spin_lock(&base->lock);
		j->base = base;
	}
	j->expires = expires;
	raw_spin_unlock_irqrestore(&base->lock, flags);
}
