/*
 * False-alarm shape (atomic/sleep-in-atomic), seen in Linux 6.12
 * fs/orangefs/devorangefs-req.c orangefs_devreq_read(): the loop takes each
 * element's lock and keeps it when it breaks out; the element is saved in
 * another variable (`cur = op`) and released as `cur->lock`, before copying
 * to user space.
 */
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct request_op {
	struct list_head node;
	spinlock_t lock;
	int state;
	long tag;
};

static LIST_HEAD(request_list);
static DEFINE_SPINLOCK(request_list_lock);

long next_request(char __user *buf)
{
	struct request_op *op, *tmp, *cur = NULL;

	spin_lock(&request_list_lock);
	list_for_each_entry_safe(op, tmp, &request_list, node) {
		spin_lock(&op->lock);
		if (op->state != 1) {
			spin_unlock(&op->lock);
			continue;
		}
		cur = op;
		break;
	}
	if (!cur) {
		spin_unlock(&request_list_lock);
		return -EAGAIN;
	}
	list_del_init(&cur->node);
	spin_unlock(&request_list_lock);
	spin_unlock(&cur->lock);

	if (copy_to_user(buf, &cur->tag, sizeof(cur->tag)))
		return -EFAULT;
	return 0;
}
