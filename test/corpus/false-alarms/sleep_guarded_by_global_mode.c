/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * kernel/panic.c panic(): the callee sleeps (takes the console semaphore) only
 * when a global "oops in progress" count is zero; the caller raised it before
 * disabling interrupts, so the callee takes the trylock branch.
 */
#include <linux/irqflags.h>
#include <linux/semaphore.h>

static int oops_in_progress;
static DEFINE_SEMAPHORE(console_sem, 1);

static void bust_locks(int on)
{
	if (on)
		++oops_in_progress;
	else
		--oops_in_progress;
}

void console_wake(void)
{
	if (oops_in_progress) {
		if (down_trylock(&console_sem))
			return;
	} else {
		down(&console_sem);
	}
	up(&console_sem);
}

void halt_all(void)
{
	bust_locks(1);
	local_irq_disable();
	console_wake();
	for (;;)
		cpu_relax();
}
