/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * drivers/block/swim3.c grab_drive() and fs/eventfd.c eventfd_read(): the
 * wait_event_*lock_irq() and wait_event_*_locked*() macros are called with
 * the spinlock held and release it while they sleep, re-taking it before
 * they return.
 */
#include <linux/spinlock.h>
#include <linux/wait.h>

struct drive {
	spinlock_t lock;
	wait_queue_head_t wait;
	int state;
	int wanted;
};

int drive_grab(struct drive *d, int interruptible)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	if (d->state != 0) {
		++d->wanted;
		if (!interruptible)
			wait_event_lock_irq(d->wait, d->state == 0, d->lock);
		else if (wait_event_interruptible_lock_irq(d->wait, d->state == 0, d->lock)) {
			--d->wanted;
			spin_unlock_irqrestore(&d->lock, flags);
			return -EINTR;
		}
		--d->wanted;
	}
	d->state = 1;
	spin_unlock_irqrestore(&d->lock, flags);
	return 0;
}

struct counter_file {
	wait_queue_head_t wqh;
	unsigned long count;
};

int counter_read(struct counter_file *c, unsigned long *out)
{
	spin_lock_irq(&c->wqh.lock);
	if (!c->count) {
		if (wait_event_interruptible_locked_irq(c->wqh, c->count)) {
			spin_unlock_irq(&c->wqh.lock);
			return -ERESTARTSYS;
		}
	}
	*out = c->count;
	c->count = 0;
	spin_unlock_irq(&c->wqh.lock);
	return 0;
}
