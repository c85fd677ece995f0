/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * kernel/signal.c get_signal(): an outer test on the union of two bits guards
 * `if (bit A) ... else if (bit B) ...`; each branch releases the lock (the
 * second through a helper annotated __releases()) before the `goto` back to
 * the re-take. The missing final `else` cannot run: one of the bits is set,
 * and the field does not change while the lock is held.
 */
#include <linux/sched.h>
#include <linux/spinlock.h>

#define EV_TRAP		0x1
#define EV_FREEZE	0x2

struct event_box {
	spinlock_t lock;
	unsigned int pending;
	int handled;
};

static void handle_trap(struct event_box *b)
{
	b->pending &= ~EV_TRAP;
	b->handled++;
}

static void freeze_and_wait(struct event_box *b) __releases(&b->lock)
{
	b->pending &= ~EV_FREEZE;
	spin_unlock(&b->lock);
	schedule_timeout_interruptible(HZ);
}

int event_box_run(struct event_box *b)
{
	int rounds = 0;

again:
	spin_lock(&b->lock);
	if (b->pending & (EV_TRAP | EV_FREEZE)) {
		if (b->pending & EV_TRAP) {
			handle_trap(b);
			spin_unlock(&b->lock);
		} else if (b->pending & EV_FREEZE)
			freeze_and_wait(b);

		rounds++;
		goto again;
	}
	spin_unlock(&b->lock);
	return rounds;
}
