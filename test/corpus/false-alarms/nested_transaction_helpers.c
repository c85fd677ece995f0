/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/ocfs2/dir.c ocfs2_prepare_dx_dir_for_insert() (through
 * ocfs2_extend_dir()): "start transaction" takes the barrier rwsem unless the
 * transaction is nested, "commit" releases it unless nested (it reaches the
 * lock through `journal = fs->journal`). Start and commit pair up.
 */
#include <linux/err.h>
#include <linux/rwsem.h>

struct journal {
	struct rw_semaphore trans_barrier;
};

struct fs {
	struct journal *journal;
	int blocks;
};

struct handle {
	int ref;
};

struct handle *current_handle(void);
struct handle *journal_start(struct journal *j);
int journal_stop(struct handle *h);

struct handle *start_trans(struct fs *fs)
{
	struct handle *h;

	if (current_handle())
		return journal_start(fs->journal);
	down_read(&fs->journal->trans_barrier);
	h = journal_start(fs->journal);
	if (IS_ERR(h))
		up_read(&fs->journal->trans_barrier);
	return h;
}

int commit_trans(struct fs *fs, struct handle *h)
{
	struct journal *journal = fs->journal;
	int nested = h->ref > 1;
	int ret = journal_stop(h);

	if (!nested)
		up_read(&journal->trans_barrier);
	return ret;
}

int extend_dir(struct fs *fs)
{
	struct handle *h = start_trans(fs);

	if (IS_ERR(h))
		return PTR_ERR(h);
	fs->blocks++;
	return commit_trans(fs, h);
}

int prepare_insert(struct fs *fs, int full)
{
	int ret = 0;

	if (full) {
		ret = extend_dir(fs);
		if (ret)
			goto out;
	}
out:
	return ret;
}
