/*
 * False-alarm shape (lock/double-acquire, atomic/sleep-in-atomic), seen in
 * Linux 6.12 fs/xfs/xfs_log_cil.c xlog_cil_push_work() and
 * xlog_cil_force_seq(): the callee that drops the lock lives in another file
 * (or is a static inline in a header); only its prototype, annotated
 * __releases(), is visible here. The caller re-takes the lock after it.
 */
#include <linux/spinlock.h>
#include <linux/wait.h>

struct log_ring {
	spinlock_t ring_lock;
	wait_queue_head_t force_wait;
	int pending;
};

struct log_buf {
	struct log_ring *ring;
	struct log_buf *prev;
	int flags;
};

int log_wait_on_buf(struct log_buf *b)
	__releases(b->ring->ring_lock);

void log_push_commit(struct log_buf *commit, int must_wait)
{
	struct log_ring *ring = commit->ring;

	spin_lock(&ring->ring_lock);
	if (must_wait) {
		log_wait_on_buf(commit->prev);
		spin_lock(&ring->ring_lock);
	}
	commit->flags |= 1;
	spin_unlock(&ring->ring_lock);
}
