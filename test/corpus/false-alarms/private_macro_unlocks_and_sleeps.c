/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * fs/jffs2/readinode.c jffs2_do_read_inode(): a subsystem's own macro (from
 * its private header, not a catalogued API) queues the task, drops the
 * spinlock and sleeps; the caller then jumps back to take the lock again. The
 * lock is held once, and released before the allocation that may sleep.
 */
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#define nap_and_unlock(wq, l)					\
	do {							\
		DECLARE_WAITQUEUE(__nap, current);		\
		add_wait_queue((wq), &__nap);			\
		set_current_state(TASK_UNINTERRUPTIBLE);	\
		spin_unlock(l);					\
		schedule();					\
		remove_wait_queue((wq), &__nap);		\
	} while (0)

enum slot_state { SLOT_IDLE, SLOT_FILLING, SLOT_READY };

struct slot_cache {
	spinlock_t lock;
	wait_queue_head_t state_wait;
	enum slot_state state;
	void *payload;
};

int slot_cache_fill(struct slot_cache *c, size_t size)
{
	void *buf;

retry:
	spin_lock(&c->lock);
	switch (c->state) {
	case SLOT_IDLE:
		c->state = SLOT_FILLING;
		break;
	case SLOT_FILLING:
		/* another task is filling it: wait for it to finish */
		nap_and_unlock(&c->state_wait, &c->lock);
		goto retry;
	case SLOT_READY:
		spin_unlock(&c->lock);
		return 0;
	}
	spin_unlock(&c->lock);

	buf = kmalloc(size, GFP_KERNEL);

	spin_lock(&c->lock);
	c->payload = buf;
	c->state = buf ? SLOT_READY : SLOT_IDLE;
	spin_unlock(&c->lock);
	wake_up(&c->state_wait);
	return buf ? 0 : -ENOMEM;
}
