/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * fs/ecryptfs/keystore.c ecryptfs_parse_packet_set(): a lookup hands back a
 * key with its semaphore held when it returns 0, through a wrapper that tries
 * a second source on -ENOENT and returns the result in a variable
 * (`rc = find(..); if (rc == -ENOENT) rc = other(..); return rc;`). The
 * caller drops the semaphore on each branch, and when decryption fails it
 * removes the candidate and goes back to the search (`goto retry`): each
 * pass's release follows that pass's successful lookup. The retry multiplies
 * the paths past the engine's state cap, where `found` is forgotten.
 */
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/slab.h>

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
	int strict;
};

struct candidate {
	struct list_head list;
	int id;
	int kind;
};

int token_from_keyring(struct token_key **keyp, int id);
int try_decrypt(struct candidate *c, struct token_key *key);
void token_key_put(struct token_key *key);

static int registry_find(struct registry *r, int id, struct token_key **keyp)
{
	struct reg_entry *e;
	int rc = -ENOENT;

	*keyp = NULL;
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

static int keyring_find(struct token_key **keyp, int id)
{
	int rc = token_from_keyring(keyp, id);

	if (rc)
		return rc;
	down_write(&(*keyp)->sem);
	return 0;
}

static int find_key(struct registry *r, int id, struct token_key **keyp)
{
	int rc;

	rc = registry_find(r, id, keyp);
	if (rc == -ENOENT) {
		if (r->strict)
			return -EINVAL;
		rc = keyring_find(keyp, id);
	}
	return rc;
}

int decrypt_with_any(struct registry *r, struct list_head *candidates)
{
	struct candidate *c, *tmp;
	struct token_key *key;
	int found, rc;

retry:
	found = 0;
	list_for_each_entry(c, candidates, list) {
		rc = find_key(r, c->id, &key);
		if (!rc) {
			found = 1;
			goto found_key;
		}
	}
	if (!found)
		return -EIO;
found_key:
	if (c->kind == 1) {
		up_write(&key->sem);
		token_key_put(key);
		rc = try_decrypt(c, key);
	} else if (c->kind == 2) {
		up_write(&key->sem);
		token_key_put(key);
		rc = try_decrypt(c, NULL);
	} else {
		up_write(&key->sem);
		token_key_put(key);
		rc = -EINVAL;
	}
	if (rc) {
		list_for_each_entry_safe(c, tmp, candidates, list) {
			if (c->id == rc) {
				list_del(&c->list);
				kfree(c);
				goto retry;
			}
		}
		return rc;
	}
	return 0;
}
