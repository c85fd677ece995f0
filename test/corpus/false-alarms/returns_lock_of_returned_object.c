/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * kernel/time/hrtimer.c switch_hrtimer_base(): entered with the current
 * base's CPU lock held, the function may move the object to another CPU's
 * base; it returns the base the object now lives on, with that base's lock
 * held. Every path returns holding the lock of the pointer it returns.
 */
#include <linux/spinlock.h>
#include <linux/types.h>

struct cpu_clock;

struct clock_base {
	struct cpu_clock *cpu_base;
	int index;
};

struct cpu_clock {
	raw_spinlock_t lock;
	struct clock_base bases[4];
};

struct alarm {
	struct clock_base *base;
	int running;
};

struct cpu_clock *target_cpu_clock(struct cpu_clock *this_cpu);
struct cpu_clock *this_cpu_clock(void);
static bool base_suitable(struct alarm *a, struct clock_base *b)
{
	if (b->cpu_base == this_cpu_clock())
		return true;
	return b->index >= a->running;
}

static struct clock_base *switch_base(struct alarm *a, struct clock_base *base)
{
	struct cpu_clock *this_cpu = this_cpu_clock();
	struct cpu_clock *new_cpu = target_cpu_clock(this_cpu);
	struct clock_base *new_base;
	int idx = base->index;

again:
	new_base = &new_cpu->bases[idx];
	if (base != new_base) {
		if (a->running)
			return base;
		raw_spin_unlock(&base->cpu_base->lock);
		raw_spin_lock(&new_base->cpu_base->lock);
		if (!base_suitable(a, new_base)) {
			raw_spin_unlock(&new_base->cpu_base->lock);
			raw_spin_lock(&base->cpu_base->lock);
			new_cpu = this_cpu;
			goto again;
		}
		a->base = new_base;
	} else {
		if (!base_suitable(a, new_base)) {
			new_cpu = this_cpu;
			goto again;
		}
	}
	return new_base;
}

void alarm_start(struct alarm *a)
{
	struct clock_base *base = a->base;

	raw_spin_lock(&base->cpu_base->lock);
	base = switch_base(a, base);
	a->running = 1;
	raw_spin_unlock(&base->cpu_base->lock);
}
