/*
 * False-alarm shape (lock/double-acquire), seen in Linux 6.12
 * fs/jbd2/journal.c jbd2_journal_destroy(): the callee (in checkpoint.c) is
 * called with the mutex held, drops it around I/O and re-takes it before it
 * returns. Net effect for the caller: none; the summary must not call it an
 * acquire.
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>

struct journal {
	struct mutex checkpoint_mutex;
	spinlock_t list_lock;
	void *checkpoint_list;
};

int write_out(struct journal *j);

/* Called with checkpoint_mutex held. */
int journal_do_checkpoint(struct journal *j)
{
	int err;

	spin_lock(&j->list_lock);
	if (!j->checkpoint_list) {
		spin_unlock(&j->list_lock);
		return 0;
	}
	spin_unlock(&j->list_lock);
	mutex_unlock(&j->checkpoint_mutex);
	err = write_out(j);
	mutex_lock(&j->checkpoint_mutex);
	return err;
}

void journal_destroy(struct journal *j)
{
	spin_lock(&j->list_lock);
	while (j->checkpoint_list) {
		spin_unlock(&j->list_lock);
		mutex_lock(&j->checkpoint_mutex);
		journal_do_checkpoint(j);
		mutex_unlock(&j->checkpoint_mutex);
		spin_lock(&j->list_lock);
	}
	spin_unlock(&j->list_lock);
}
