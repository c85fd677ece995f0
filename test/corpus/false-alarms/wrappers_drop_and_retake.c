/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12 fs/pipe.c
 * pipe_wait_writable() (the shape of drivers/scsi/sg.c open_wait()): entered
 * with the object's mutex held by the caller, it drops it through the file's
 * own unlock wrapper, waits, and re-takes it through the lock wrapper. The
 * wrappers lock only objects that are shared (`if (c->users)`), so both are
 * conditional on the same unchanging field. Balanced: held (or not) on entry,
 * the same on return.
 */
#include <linux/mutex.h>
#include <linux/wait.h>

struct channel {
	struct mutex mutex;
	wait_queue_head_t wr_wait;
	int room;
	int users;
};

void channel_lock(struct channel *c)
{
	if (c->users)
		mutex_lock(&c->mutex);
}

void channel_unlock(struct channel *c)
{
	if (c->users)
		mutex_unlock(&c->mutex);
}

void channel_wait_writable(struct channel *c)
{
	channel_unlock(c);
	wait_event_interruptible(c->wr_wait, c->room > 0);
	channel_lock(c);
}

int channel_write(struct channel *c, int n)
{
	channel_lock(c);
	while (c->room < n)
		channel_wait_writable(c);
	c->room -= n;
	channel_unlock(c);
	return n;
}
