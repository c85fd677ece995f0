/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * kernel/signal.c get_signal(): helpers annotated __releases() drop the lock
 * (one of them only when it returns true) and the caller jumps back to re-take
 * it. The helpers name the lock through `current`; the caller through a local
 * copy of the same pointer (`sig = current->sig_state`).
 */
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct sig_state {
	spinlock_t siglock;
	int stop_pending;
	int trap_pending;
	int queued;
};

static bool stop_if_pending(void)
	__releases(&current->sig_state->siglock)
{
	struct sig_state *sig = current->sig_state;

	if (!sig->stop_pending)
		return false;
	sig->stop_pending = 0;
	spin_unlock_irq(&sig->siglock);
	schedule();
	return true;
}

static void freezer_trap(void)
	__releases(&current->sig_state->siglock)
{
	current->sig_state->trap_pending = 0;
	spin_unlock_irq(&current->sig_state->siglock);
	schedule();
}

int next_signal(void)
{
	struct sig_state *sig = current->sig_state;
	int nr;

relock:
	spin_lock_irq(&sig->siglock);
	if (sig->stop_pending && stop_if_pending())
		goto relock;
	if (sig->trap_pending) {
		freezer_trap();
		goto relock;
	}
	nr = sig->queued;
	sig->queued = 0;
	spin_unlock_irq(&sig->siglock);
	return nr;
}
