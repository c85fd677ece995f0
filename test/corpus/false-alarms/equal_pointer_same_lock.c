/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * fs/fs-writeback.c writeback_sb_inodes(): at the end of each pass a helper
 * (annotated __acquires()) returns the owner an item now belongs to, with that
 * owner's list lock held; `if (cur != wb) { unlock(cur); lock(wb); }` puts
 * back the loop's own lock. On the equal branch `cur->list_lock` is
 * `wb->list_lock`, so `wb`'s lock is held at the loop top either way.
 */
#include <linux/list.h>
#include <linux/spinlock.h>

struct wb_owner {
	spinlock_t list_lock;
	struct list_head queue;
	struct list_head retry;
};

struct item {
	struct list_head node;
	struct wb_owner *owner;
	int dirty;
};

void write_item(struct item *it);

static struct wb_owner *item_owner_and_lock(struct item *it)
	__acquires(&it->owner->list_lock)
{
	struct wb_owner *o;

	for (;;) {
		o = READ_ONCE(it->owner);
		spin_lock(&o->list_lock);
		if (likely(o == it->owner))
			return o;
		spin_unlock(&o->list_lock);
	}
}

int write_queue(struct wb_owner *wb)
{
	struct wb_owner *cur;
	struct item *it;
	int done = 0;

	spin_lock(&wb->list_lock);
	while (!list_empty(&wb->queue)) {
		it = list_first_entry(&wb->queue, struct item, node);
		list_del_init(&it->node);
		spin_unlock(&wb->list_lock);

		write_item(it);

		cur = item_owner_and_lock(it);
		if (it->dirty)
			list_add_tail(&it->node, &cur->retry);
		done++;
		if (cur != wb) {
			spin_unlock(&cur->list_lock);
			spin_lock(&wb->list_lock);
		}
	}
	spin_unlock(&wb->list_lock);
	return done;
}
