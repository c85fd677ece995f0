/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * fs/autofs/expire.c get_next_positive_dentry(): a hand-over-hand walk up a
 * tree (`unlock(p); lock(parent); p = parent;`) that stops at the root
 * (`if (ret || p == root) break;`) and then drops the lock it holds as
 * `p->d_lock`. The reference drop that may sleep runs after both unlocks.
 * Finding `p` equal to `root` must not make the engine forget that `p` is
 * the `parent` whose lock it took.
 */
#include <linux/dcache.h>
#include <linux/spinlock.h>

struct tree_info {
	spinlock_t lookup_lock;
};

struct tree_info *tree_info_of(struct dentry *root);
void entry_release(struct dentry *d);

/* Drops a reference; the last one frees the entry, which may sleep. */
static void put_entry(struct dentry *d)
{
	might_sleep();
	if (d && atomic_dec_and_test(&d->d_count))
		entry_release(d);
}

/* p->d_lock held */
static struct dentry *positive_after(struct dentry *p, struct dentry *child)
{
	child = child ? d_next_sibling(child) : d_first_child(p);

	hlist_for_each_entry_from(child, d_sib) {
		spin_lock_nested(&child->d_lock, DENTRY_D_LOCK_NESTED);
		if (simple_positive(child)) {
			dget_dlock(child);
			spin_unlock(&child->d_lock);
			return child;
		}
		spin_unlock(&child->d_lock);
	}

	return NULL;
}

static struct dentry *next_positive(struct dentry *prev, struct dentry *root)
{
	struct tree_info *ti = tree_info_of(root);
	struct dentry *p = prev, *ret = NULL, *d = NULL;

	if (prev == NULL)
		return dget(root);

	spin_lock(&ti->lookup_lock);
	spin_lock(&p->d_lock);
	while (1) {
		struct dentry *parent;

		ret = positive_after(p, d);
		if (ret || p == root)
			break;
		parent = p->d_parent;
		spin_unlock(&p->d_lock);
		spin_lock(&parent->d_lock);
		d = p;
		p = parent;
	}
	spin_unlock(&p->d_lock);
	spin_unlock(&ti->lookup_lock);
	put_entry(prev);
	return ret;
}
