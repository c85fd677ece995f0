/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * kernel/debug/debug_core.c kgdb_cpu_enter(): a trylock reached on a path
 * where the lock may already be held cannot deadlock: it fails and the CPU
 * keeps polling (here until the CPU it handed the session to releases the
 * lock). Only blocking acquires can self-deadlock.
 */
#include <linux/spinlock.h>

#define EV_SWITCH_CPU 1

static DEFINE_RAW_SPINLOCK(master_lock);
static int active_cpu = -1;

void hand_session_to(int cpu);

int debug_enter(int cpu, int nested, int (*serve)(int, int *))
{
	int ev, next;

	if (nested) {
		if (raw_spin_trylock(&master_lock))
			active_cpu = cpu;
		goto serve_loop;
	}
	while (1) {
cpu_loop:
		if (raw_spin_trylock(&master_lock)) {
			active_cpu = cpu;
			break;
		}
		cpu_relax();
	}
serve_loop:
	ev = serve(cpu, &next);
	if (ev == EV_SWITCH_CPU) {
		hand_session_to(next);
		goto cpu_loop;
	}
	active_cpu = -1;
	raw_spin_unlock(&master_lock);
	return ev;
}
