/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * mm/compaction.c isolate_freepages() through isolate_freepages_block(): the
 * "locked" flag is assigned the result of a local helper that takes the lock
 * and returns true on every path, so the flag is true exactly while the lock
 * is held and the final `if (locked)` unlock always runs.
 */
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct scan_ctl {
	spinlock_t zone_lock;
	int contended;
	int taken;
};

static bool take_zone_lock(spinlock_t *lock, unsigned long *flags, struct scan_ctl *sc)
	__acquires(lock)
{
	if (!sc->contended && spin_trylock_irqsave(lock, *flags))
		return true;
	spin_lock_irqsave(lock, *flags);
	return true;
}

static int scan_block(struct scan_ctl *sc, int n)
{
	unsigned long flags = 0;
	bool locked = false;
	int i;

	for (i = 0; i < n; i++) {
		if (i & 1)
			continue;
		if (!locked)
			locked = take_zone_lock(&sc->zone_lock, &flags, sc);
		sc->taken++;
	}
	if (locked)
		spin_unlock_irqrestore(&sc->zone_lock, flags);
	return sc->taken;
}

void scan_zone(struct scan_ctl *sc, int high)
{
	int block;

	for (block = high; block >= 0; block--) {
		if (!(block % 32))
			cond_resched();
		if (sc->contended)
			continue;
		if (scan_block(sc, block) < 2)
			break;
	}
}
