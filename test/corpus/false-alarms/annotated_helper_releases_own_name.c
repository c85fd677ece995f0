/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12 fs/ceph/caps.c
 * ceph_handle_caps() (with handle_cap_grant() and handle_cap_flush_ack()):
 * the handler takes the inode's spinlock and hands the inode to helpers
 * annotated __releases(ci->i_ceph_lock), which derive their own `ci` from the
 * inode and drop the lock on every path; the handler returns at once.
 */
#include <linux/fs.h>
#include <linux/spinlock.h>

struct vnode_info {
	spinlock_t vi_caps_lock;
	int caps;
	struct inode vfs;
};

static inline struct vnode_info *vnode_info(struct inode *inode)
{
	return container_of(inode, struct vnode_info, vfs);
}

static void grant_caps(struct inode *inode, int caps)
	__releases(vi->vi_caps_lock)
{
	struct vnode_info *vi = vnode_info(inode);

	vi->caps |= caps;
	spin_unlock(&vi->vi_caps_lock);
}

int handle_caps(struct inode *inode, int op, int caps)
{
	struct vnode_info *vi = vnode_info(inode);

	spin_lock(&vi->vi_caps_lock);
	if (op == 1) {
		grant_caps(inode, caps);
		return 0;
	}
	if (op == 2)
		vi->caps = 0;
	spin_unlock(&vi->vi_caps_lock);
	return 0;
}
