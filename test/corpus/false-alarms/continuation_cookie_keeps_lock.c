/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * drivers/tty/n_tty.c n_tty_read(): a read that fills the caller's buffer
 * before the data runs out returns with its mutex still held and a non-NULL
 * continuation cookie stored for the caller (the cookie's own address, a mere
 * marker); the caller calls again with that
 * cookie, and the continuation ends by unlocking and clearing the cookie.
 */
#include <linux/mutex.h>
#include <linux/types.h>

struct ring;

struct reader {
	struct mutex read_lock;
	struct ring *ring;
};

ssize_t ring_copy(struct ring *ring, char *buf, size_t n);
bool ring_more(struct ring *ring);

ssize_t reader_read(struct reader *r, char *buf, size_t n, void **cookie)
{
	struct ring *ring = r->ring;
	ssize_t done;

	if (*cookie) {
		done = ring_copy(ring, buf, n);
		if (done == n && ring_more(ring))
			return done;
		*cookie = NULL;
		mutex_unlock(&r->read_lock);
		return done;
	}
	if (mutex_lock_interruptible(&r->read_lock))
		return -ERESTARTSYS;
	done = ring_copy(ring, buf, n);
	if (unlikely(done == n && ring_more(ring))) {
		/* More to read: keep the lock for the caller's next call. */
		*cookie = cookie;
		return done;
	}
	mutex_unlock(&r->read_lock);
	return done;
}
