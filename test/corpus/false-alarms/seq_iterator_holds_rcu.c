/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * kernel/bpf/hashtab.c bpf_hash_map_seq_find_next(): a seq_file iterator's
 * find-next returns the element it stopped at inside an RCU read-side section
 * so the element stays valid while it is shown; the next call leaves that
 * section before moving on, and stop() leaves it when an element is current.
 */
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>

struct bucket {
	struct hlist_head head;
};

struct entry {
	struct hlist_node node;
	int key;
};

struct table_iter {
	struct bucket *buckets;
	unsigned int n_buckets;
	unsigned int bucket;
	unsigned int skip;
};

static struct entry *table_find_next(struct table_iter *it, struct entry *prev)
{
	struct entry *e;
	unsigned int i, count;

	if (prev) {
		e = hlist_entry_safe(rcu_dereference_raw(hlist_next_rcu(&prev->node)), struct entry, node);
		if (e)
			return e;
		rcu_read_unlock();
		it->bucket++;
		it->skip = 0;
	}
	for (i = it->bucket; i < it->n_buckets; i++) {
		count = 0;
		rcu_read_lock();
		hlist_for_each_entry_rcu(e, &it->buckets[i].head, node) {
			if (count++ >= it->skip) {
				it->bucket = i;
				it->skip = count;
				return e;
			}
		}
		rcu_read_unlock();
		it->skip = 0;
	}
	return NULL;
}

static void *table_seq_start(struct seq_file *seq, loff_t *pos)
{
	return table_find_next(seq->private, NULL);
}

static void *table_seq_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	return table_find_next(seq->private, v);
}

static void table_seq_stop(struct seq_file *seq, void *v)
{
	if (v)
		rcu_read_unlock();
}
