/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * fs/ecryptfs/keystore.c ecryptfs_parse_packet_set(): a lookup helper returns
 * 0 with the found key's semaphore held for writing, handing the key back
 * through an out-parameter; the caller releases it on each branch and may go
 * back to look up the next candidate, which takes it again.
 */
#include <linux/errno.h>
#include <linux/rwsem.h>

struct token_key {
	struct rw_semaphore sem;
	int kind;
	int usable;
};

struct token_key *keyring_find(const char *sig);

static int find_key(struct token_key **keyp, const char *sig)
{
	struct token_key *key = keyring_find(sig);

	if (!key)
		return -ENOENT;
	down_write(&key->sem);
	if (!key->usable) {
		up_write(&key->sem);
		return -EINVAL;
	}
	*keyp = key;
	return 0;
}

int decrypt_with_first_key(const char **sigs, int n)
{
	struct token_key *key;
	int i = 0, rc;

next:
	for (; i < n; i++) {
		if (!find_key(&key, sigs[i]))
			goto found;
	}
	return -EIO;
found:
	if (key->kind == 1) {
		up_write(&key->sem);
		rc = 0;
	} else if (key->kind == 2) {
		up_write(&key->sem);
		rc = -EAGAIN;
	} else {
		up_write(&key->sem);
		rc = -EINVAL;
	}
	if (rc) {
		i++;
		goto next;
	}
	return 0;
}
