/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * fs/bcachefs/btree_write_buffer.c fetch_wb_keys_from_journal() with
 * fs/bcachefs/journal.c: a helper locks the container it is given and
 * returns a found item with that container's mutex still held (NULL or an
 * error without it); a wrapper retries it inside wait_event(); the caller
 * loops while an item comes back and unlocks the container each time.
 */
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/wait.h>

struct item;

struct box {
	struct mutex mtx;
	wait_queue_head_t wq;
};

struct item *box_find_ready(struct box *b);
int item_use(struct item *it);

static struct item *__box_next(struct box *b)
{
	struct item *it;

	mutex_lock(&b->mtx);
	it = box_find_ready(b);
	if (IS_ERR_OR_NULL(it))
		mutex_unlock(&b->mtx);
	return it;
}

static struct item *box_next(struct box *b)
{
	struct item *it;

	wait_event(b->wq, (it = __box_next(b)) != ERR_PTR(-EAGAIN));
	return it;
}

int box_drain(struct box *b)
{
	struct item *it;
	int ret = 0;

	while (!ret && (it = box_next(b))) {
		ret = item_use(it);
		mutex_unlock(&b->mtx);
	}
	return ret;
}
