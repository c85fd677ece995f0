/*
 * False-alarm shape (lock/mismatched-release), seen in Linux 6.12
 * fs/jffs2/xattr.c jffs2_listxattr()/do_jffs2_getxattr(): the walk starts
 * under the read lock; the first time it needs to load something it sets a
 * flag, trades the read lock for the write lock and restarts with `goto`.
 * The flag says which lock is held, both at the retry and at the release.
 */
#include <linux/rwsem.h>

struct name_entry {
	struct name_entry *next;
	const char *name;
};

struct name_cache {
	struct rw_semaphore sem;
	struct name_entry *head;
};

int load_name(struct name_cache *c, struct name_entry *e);

int count_names(struct name_cache *c)
{
	struct name_entry *e;
	int retried = 0;
	int n, rc;

	down_read(&c->sem);
retry:
	n = 0;
	for (e = c->head; e; e = e->next) {
		if (!e->name) {
			if (!retried) {
				retried = 1;
				up_read(&c->sem);
				down_write(&c->sem);
				goto retry;
			}
			rc = load_name(c, e);
			if (rc < 0) {
				n = rc;
				goto out;
			}
		}
		n++;
	}
out:
	if (!retried)
		up_read(&c->sem);
	else
		up_write(&c->sem);
	return n;
}
