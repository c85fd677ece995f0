/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/btrfs/free-space-cache.c write_cache_extent_entries(): a local pointer
 * is set to the object whose lock is then taken through it, and stays NULL
 * otherwise; every release tests that pointer (and clears it after). A
 * pointer just locked through is non-NULL, so the test means "held".
 */
#include <linux/errno.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct extra_set {
	spinlock_t lock;
	struct rb_root root;
};

struct extent {
	struct rb_node node;
	u64 start;
	u64 len;
};

int emit_extent(void *out, u64 start, u64 len);

int write_extents(void *out, struct rb_root *main_root,
		  struct extra_set *extra, int *count)
{
	struct extra_set *locked = NULL;
	struct rb_node *node = rb_first(main_root);

	if (!node && extra) {
		locked = extra;
		spin_lock(&locked->lock);
		node = rb_first(&extra->root);
		extra = NULL;
	}
	while (node) {
		struct extent *e = rb_entry(node, struct extent, node);

		if (emit_extent(out, e->start, e->len))
			goto fail;
		*count += 1;
		node = rb_next(node);
		if (!node && extra) {
			node = rb_first(&extra->root);
			locked = extra;
			spin_lock(&locked->lock);
			extra = NULL;
		}
	}
	if (locked) {
		spin_unlock(&locked->lock);
		locked = NULL;
	}
	return 0;
fail:
	if (locked)
		spin_unlock(&locked->lock);
	return -ENOSPC;
}
