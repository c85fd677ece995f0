/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/erofs/zdata.c z_erofs_scan_folio(): a "begin" helper locks the current
 * cluster and records it in the caller's context (an existing cluster is
 * locked here; a new one comes back locked from its constructor); the "end"
 * helper unlocks it through a local copy of the pointer, possibly in a later
 * call. The scanning function deliberately returns with the current cluster
 * still locked; its caller ends it.
 */
#include <linux/errno.h>
#include <linux/mutex.h>

struct cluster {
	struct mutex lock;
	int pages;
};

struct scan_ctx {
	struct cluster *cur;
	struct cluster *(*lookup)(struct scan_ctx *, int);
};

int cluster_register(struct scan_ctx *f, int index);

static int cluster_begin(struct scan_ctx *f, int index)
{
	struct cluster *c = f->lookup(f, index);
	int ret;

	if (c) {
		f->cur = c;
		ret = -EEXIST;
	} else {
		ret = cluster_register(f, index);
	}
	if (ret == -EEXIST)
		mutex_lock(&f->cur->lock);
	else if (ret)
		return ret;
	f->cur->pages = 0;
	return 0;
}

static void cluster_end(struct scan_ctx *f)
{
	struct cluster *c = f->cur;

	if (!c)
		return;
	mutex_unlock(&c->lock);
	f->cur = NULL;
}

int scan_range(struct scan_ctx *f, int start, int end)
{
	int i = start, err = 0;

	do {
		if (f->cur && f->cur->pages >= 16)
			cluster_end(f);
		if (!f->cur) {
			err = cluster_begin(f, i);
			if (err)
				break;
		}
		f->cur->pages++;
	} while (++i < end);
	return err;
}

int scan_all(struct scan_ctx *f, int n)
{
	int err;

	f->cur = NULL;
	err = scan_range(f, 0, n);
	cluster_end(f);
	return err;
}
