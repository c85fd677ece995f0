/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/kernfs/file.c kernfs_file_read_iter(): the preallocated buffer is used
 * (and its mutex taken) when it exists, else a buffer is allocated; at the end
 * `buf == of->prealloc_buf` tells which happened and releases accordingly.
 * In between, the read path has a dozen branches and error gotos.
 */
#include <linux/mutex.h>
#include <linux/slab.h>

struct open_node {
	struct mutex prealloc_mutex;
	char *prealloc_buf;
	long pos;
};

long fill(struct open_node *of, char *buf, size_t len);
int get_active(struct open_node *of);
void put_active(struct open_node *of);
int has_read(struct open_node *of);
int copy_out(char *buf, long n);

long node_read(struct open_node *of, size_t len)
{
	char *buf;
	long n;

	buf = of->prealloc_buf;
	if (buf)
		mutex_lock(&of->prealloc_mutex);
	else
		buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	if (!get_active(of)) {
		n = -ENODEV;
		goto out_free;
	}
	if (has_read(of))
		n = fill(of, buf, len);
	else
		n = -EINVAL;
	put_active(of);
	if (n < 0)
		goto out_free;
	if (n > (long)len)
		n = len;
	if (n == 0)
		goto out_free;
	if (of->pos < 0 || of->pos > 4096)
		of->pos = 0;
	if (copy_out(buf, n) != n) {
		n = -EFAULT;
		goto out_free;
	}
	if (of->pos + n > 8192)
		n = 8192 - of->pos;
	if (n < 0)
		n = 0;
	of->pos += n;
out_free:
	if (buf == of->prealloc_buf)
		mutex_unlock(&of->prealloc_mutex);
	else
		kfree(buf);
	return n;
}
