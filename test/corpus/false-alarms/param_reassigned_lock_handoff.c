/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * fs/exportfs/expfs.c exportfs_decode_fh_raw() and fs/namei.c do_renameat2()
 * (through clear_disconnected() and dput()): a function locks the object its
 * parameter points to, then reassigns that variable to the parent (whose lock
 * it may hold, handed over by a callee) and releases through the new value.
 * Every path releases what it took; the summary must not say the caller's
 * object stays locked.
 */
#include <linux/spinlock.h>
#include <linux/types.h>

struct node {
	spinlock_t lock;
	struct node *parent;
	unsigned int flags;
	int refs;
};

void node_free(struct node *n);

static void clear_detached(struct node *n)
{
	while (n->flags & 1) {
		struct node *parent = n->parent;

		spin_lock(&n->lock);
		n->flags &= ~1;
		spin_unlock(&n->lock);
		n = parent;
	}
}

/* Returns the parent locked when the child was the parent's last reference, else NULL. */
static struct node *kill_node(struct node *n)
	__releases(&n->lock)
{
	struct node *parent = n->parent;

	spin_unlock(&n->lock);
	node_free(n);
	if (!parent)
		return NULL;
	spin_lock(&parent->lock);
	if (--parent->refs)
		return parent;
	spin_unlock(&parent->lock);
	return NULL;
}

void node_put(struct node *n)
{
	might_sleep();
	spin_lock(&n->lock);
	while (--n->refs == 0) {
		n = kill_node(n);
		if (!n)
			return;
	}
	spin_unlock(&n->lock);
}

int node_reconnect(struct node *dir, struct node *child)
{
	clear_detached(dir);
	node_put(child);
	might_sleep();
	return 0;
}
