/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * fs/ecryptfs/keystore.c ecryptfs_parse_packet_set() and
 * ecryptfs_generate_key_packet_set() (via ecryptfs_find_auth_tok_for_sig()):
 * a lookup walks a list, takes the found entry's key semaphore through the
 * cursor (`e->key->sem`), stores `*keyp = e->key` and returns 0; a wrapper
 * passes that on. The caller's later release of `key->sem` is the same lock.
 */
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>

struct token_key {
	struct rw_semaphore sem;
	int kind;
};

struct reg_entry {
	struct list_head node;
	struct token_key *key;
	int id;
};

struct registry {
	struct mutex lock;
	struct list_head entries;
};

static int registry_find(struct registry *r, int id, struct token_key **keyp)
{
	struct reg_entry *e;
	int rc = -ENOENT;

	mutex_lock(&r->lock);
	list_for_each_entry(e, &r->entries, node) {
		if (e->id != id)
			continue;
		down_write(&e->key->sem);
		*keyp = e->key;
		rc = 0;
		break;
	}
	mutex_unlock(&r->lock);
	return rc;
}

static int find_key(struct registry *r, int id, struct token_key **keyp)
{
	return registry_find(r, id, keyp);
}

int count_usable(struct registry *r, const int *ids, int n)
{
	struct token_key *key;
	int i, usable = 0;

	for (i = 0; i < n; i++) {
		if (find_key(r, ids[i], &key))
			continue;
		if (key->kind != 1) {
			up_write(&key->sem);
			continue;
		}
		usable++;
		up_write(&key->sem);
	}
	return usable;
}
