/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/d_path.c __dentry_path(): `seq` starts at 0, so the first
 * read_seqbegin_or_lock() leaves it even (a lockless pass) and RCU is left
 * under `if (!(seq & 1))`; a retry sets `seq = 1`, jumps past rcu_read_lock()
 * and takes the seqlock instead, and need_seqretry() is false for an odd seq.
 * The RCU section is entered and left exactly once.
 */
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/string.h>

struct tag_node {
	struct tag_node *parent;
	const char *name;
};

static DEFINE_SEQLOCK(tag_tree_lock);

int tag_chain(const struct tag_node *leaf, char *buf, int size)
{
	const struct tag_node *n;
	int seq = 0;
	int len;

	rcu_read_lock();
restart:
	n = leaf;
	len = 0;
	read_seqbegin_or_lock(&tag_tree_lock, &seq);
	while (n->parent) {
		int l = strlen(n->name);

		if (len + l + 1 > size)
			break;
		memcpy(buf + len, n->name, l);
		buf[len + l] = '/';
		len += l + 1;
		n = READ_ONCE(n->parent);
	}
	if (!(seq & 1))
		rcu_read_unlock();
	if (need_seqretry(&tag_tree_lock, seq)) {
		seq = 1;
		goto restart;
	}
	done_seqretry(&tag_tree_lock, seq);
	return len;
}
