/*
 * False-alarm shape (atomic/sleep-in-atomic, lock/held-at-return), seen in
 * Linux 6.12 fs/smb/client/misc.c cifs_add_pending_open() (called from
 * fs/smb/client/dir.c cifs_atomic_open()): the lock is taken through the
 * `l` argument, a helper run under it stores `p->link = l`, and the release
 * goes through `p->link`: the same lock. The function is balanced, so the
 * caller's later allocation runs unlocked.
 */
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct session {
	spinlock_t open_lock;
	struct list_head pending;
};

struct link {
	struct session *sess;
};

struct pending_open {
	struct link *link;
	struct list_head node;
	int state;
};

static inline struct session *link_session(struct link *l)
{
	return l->sess;
}

static void note_pending_locked(struct link *l, struct pending_open *p)
{
	p->state = 0;
	p->link = l;
	list_add_tail(&p->node, &link_session(l)->pending);
}

static void note_pending(struct link *l, struct pending_open *p)
{
	spin_lock(&link_session(l)->open_lock);
	note_pending_locked(l, p);
	spin_unlock(&link_session(p->link)->open_lock);
}

int open_with_pending(struct link *l, struct pending_open *p, void **bufp)
{
	note_pending(l, p);
	*bufp = kzalloc(64, GFP_KERNEL);
	if (!*bufp)
		return -ENOMEM;
	return 0;
}
