/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * kernel/debug/debug_core.c kgdb_cpu_enter() line 700: the debugger session
 * (and the slave lock with it) is handed to another CPU, this CPU jumps back
 * to poll for the master role, and by the time it takes the slave lock again
 * the other CPU has released it. Seen from one CPU the path re-takes a held
 * lock; the protocol makes it a hand-off, not a self-deadlock.
 */
#include <linux/spinlock.h>

#define EV_SWITCH_CPU 1

static DEFINE_RAW_SPINLOCK(master_lock);
static DEFINE_RAW_SPINLOCK(slave_lock);

void hand_session_to(int cpu);

int debug_session(int cpu, int (*serve)(int, int *))
{
	int ev, next;

	while (1) {
cpu_loop:
		if (raw_spin_trylock(&master_lock))
			break;
		cpu_relax();
	}
	raw_spin_lock(&slave_lock);
	ev = serve(cpu, &next);
	if (ev == EV_SWITCH_CPU) {
		hand_session_to(next);
		goto cpu_loop;
	}
	raw_spin_unlock(&slave_lock);
	raw_spin_unlock(&master_lock);
	return ev;
}
