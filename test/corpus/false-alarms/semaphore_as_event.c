/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * drivers/char/ipmi/ipmi_ipmb.c ipmi_ipmb_thread(): a counting semaphore used
 * as a wake-up signal. The thread downs it once per message and never ups it;
 * the producer ups it. A semaphore taken again is a wait, not a self-deadlock.
 */
#include <linux/kthread.h>
#include <linux/semaphore.h>
#include <linux/spinlock.h>

struct msg_pump {
	struct semaphore wake;
	spinlock_t lock;
	void *next;
	int stopping;
};

void handle_msg(void *msg);

int msg_pump_thread(void *data)
{
	struct msg_pump *p = data;

	while (!kthread_should_stop()) {
		void *msg = NULL;
		unsigned long flags;

		if (down_interruptible(&p->wake))
			continue;
		if (p->stopping)
			break;
		spin_lock_irqsave(&p->lock, flags);
		msg = p->next;
		p->next = NULL;
		spin_unlock_irqrestore(&p->lock, flags);
		if (msg)
			handle_msg(msg);
	}
	return 0;
}

void msg_pump_post(struct msg_pump *p, void *msg)
{
	unsigned long flags;

	spin_lock_irqsave(&p->lock, flags);
	p->next = msg;
	spin_unlock_irqrestore(&p->lock, flags);
	up(&p->wake);
}
