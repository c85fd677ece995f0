/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * fs/xfs/xfs_inode.c xfs_create() and xfs_wait_dax_page(): one helper takes a
 * different lock for each mode bit it is given (xfs_ilock(ip, flags)), its
 * twin releases by the same bits. A call with one bit takes only that lock;
 * the "nowait" variant returns true with the locks taken (fs/xfs/scrub/
 * orphanage.c), and the bits may sit in a variable tested before the release
 * (fs/xfs/xfs_file.c xfs_file_fadvise()).
 */
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/types.h>

#define IOLOCK_EXCL	0x1
#define MMAPLOCK_EXCL	0x2
#define ILOCK_EXCL	0x4

struct inode_locks {
	struct rw_semaphore io;
	struct rw_semaphore mmap;
	struct rw_semaphore ilock;
	int size;
};

void inode_lock_modes(struct inode_locks *ip, unsigned int modes)
{
	if (modes & IOLOCK_EXCL)
		down_write(&ip->io);
	if (modes & MMAPLOCK_EXCL)
		down_write(&ip->mmap);
	if (modes & ILOCK_EXCL)
		down_write(&ip->ilock);
}

void inode_unlock_modes(struct inode_locks *ip, unsigned int modes)
{
	if (modes & ILOCK_EXCL)
		up_write(&ip->ilock);
	if (modes & MMAPLOCK_EXCL)
		up_write(&ip->mmap);
	if (modes & IOLOCK_EXCL)
		up_write(&ip->io);
}

int inode_grow(struct inode_locks *ip, int by)
{
	inode_lock_modes(ip, ILOCK_EXCL);
	ip->size += by;
	inode_unlock_modes(ip, ILOCK_EXCL);
	return ip->size;
}

/* Entered with MMAPLOCK_EXCL held by the caller: drop it around the wait. */
void inode_wait_mapping(struct inode_locks *ip)
{
	inode_unlock_modes(ip, MMAPLOCK_EXCL);
	schedule();
	inode_lock_modes(ip, MMAPLOCK_EXCL);
}

bool inode_lock_modes_nowait(struct inode_locks *ip, unsigned int modes)
{
	if ((modes & IOLOCK_EXCL) && !down_write_trylock(&ip->io))
		return false;
	if ((modes & ILOCK_EXCL) && !down_write_trylock(&ip->ilock)) {
		if (modes & IOLOCK_EXCL)
			up_write(&ip->io);
		return false;
	}
	return true;
}

struct repair_ctx {
	struct inode_locks *orphanage;
	unsigned int held;
};

bool repair_lock_orphanage_nowait(struct repair_ctx *sc, unsigned int modes)
{
	if (inode_lock_modes_nowait(sc->orphanage, modes)) {
		sc->held |= modes;
		return true;
	}
	return false;
}

int inode_advise(struct inode_locks *ip, int willneed)
{
	unsigned int modes = 0;
	int ret;

	if (willneed) {
		modes = IOLOCK_EXCL;
		inode_lock_modes(ip, modes);
	}
	ret = ip->size;
	if (modes)
		inode_unlock_modes(ip, modes);
	return ret;
}
