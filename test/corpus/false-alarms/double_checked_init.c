/*
 * False-alarm shape (lock/back-to-back), seen in Linux 6.12
 * kernel/trace/ftrace.c ftrace_startup_subops(): a one-time initialiser
 * takes the mutex only when the object is not yet initialised, and re-checks
 * under the mutex (double-checked initialisation). On the common path the
 * object is already initialised and neither call takes the mutex.
 */
#include <linux/cleanup.h>
#include <linux/mutex.h>

#define OPS_INITIALIZED 1

static DEFINE_MUTEX(ops_mutex);

struct ops {
	unsigned long flags;
	struct mutex regex_lock;
};

static inline void ops_init(struct ops *ops)
{
	unsigned long flags = smp_load_acquire(&ops->flags);

	if (!(flags & OPS_INITIALIZED)) {
		guard(mutex)(&ops_mutex);
		if (unlikely(ops->flags & OPS_INITIALIZED))
			return;
		mutex_init(&ops->regex_lock);
		smp_store_release(&ops->flags, ops->flags | OPS_INITIALIZED);
	}
}

int ops_start_pair(struct ops *ops, struct ops *subops)
{
	ops_init(ops);
	ops_init(subops);
	return 0;
}
