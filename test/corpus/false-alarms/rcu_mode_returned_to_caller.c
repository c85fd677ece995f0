/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/namei.c path_init(): in RCU mode (a flag the caller passes and the walk
 * state keeps) the function enters an RCU read-side section and returns in it
 * on every path; the caller leaves it when the walk ends. This function never
 * leaves it itself.
 */
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/rcupdate.h>

#define WALK_RCU 1

struct walk_state {
	unsigned int flags;
	const char *name;
	int depth;
};

const char *walk_start(struct walk_state *w, unsigned int flags)
{
	const char *s = w->name;

	if (!*s)
		flags &= ~WALK_RCU;
	if (flags & WALK_RCU)
		rcu_read_lock();
	else
		w->depth = 0;
	w->flags = flags;

	if (*s == '/') {
		w->depth = 1;
		return s;
	}
	if (*s == '.' && !s[1])
		return ERR_PTR(-ENOENT);
	w->depth = 2;
	return s;
}

void walk_end(struct walk_state *w)
{
	if (w->flags & WALK_RCU) {
		w->flags &= ~WALK_RCU;
		rcu_read_unlock();
	}
}
