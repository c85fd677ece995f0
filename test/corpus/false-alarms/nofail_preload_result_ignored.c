/*
 * False-alarm shape (idr/preload-unbalanced), seen in Linux 6.12
 * fs/f2fs/checkpoint.c __add_ino_entry() and fs/f2fs/node.c add_free_nid():
 * radix_tree_preload(GFP_NOFS | __GFP_NOFAIL) cannot fail, so its result is
 * not tested: it always returns 0 with the preload open. Each pass through
 * `retry` opens one preload and ends it once.
 */
#include <linux/list.h>
#include <linux/radix-tree.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct id_entry {
	struct list_head node;
	unsigned long id;
};

struct id_index {
	spinlock_t lock;
	struct radix_tree_root root;
	struct list_head all;
	int count;
};

void id_index_add(struct id_index *ix, unsigned long id)
{
	struct id_entry *e, *fresh = NULL;

	rcu_read_lock();
	e = radix_tree_lookup(&ix->root, id);
	rcu_read_unlock();
retry:
	if (!e)
		fresh = kmalloc(sizeof(*fresh), GFP_NOFS | __GFP_NOFAIL);

	radix_tree_preload(GFP_NOFS | __GFP_NOFAIL);

	spin_lock(&ix->lock);
	e = radix_tree_lookup(&ix->root, id);
	if (!e) {
		if (!fresh) {
			spin_unlock(&ix->lock);
			radix_tree_preload_end();
			goto retry;
		}
		e = fresh;
		e->id = id;
		radix_tree_insert(&ix->root, id, e);
		list_add_tail(&e->node, &ix->all);
		ix->count++;
	}
	spin_unlock(&ix->lock);
	radix_tree_preload_end();

	if (fresh && e != fresh)
		kfree(fresh);
}
