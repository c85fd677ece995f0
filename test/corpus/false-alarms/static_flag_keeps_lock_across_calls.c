/*
 * False-alarm shape (lock/held-at-return), seen in Linux 6.12
 * mm/damon/sysfs.c damon_sysfs_cmd_request_callback(): a periodic callback
 * keeps a global mutex from one call to the next while a file-static flag
 * says a multi-step job is running; a later call (or the teardown hook)
 * clears the flag and unlocks. Every return with the lock held sets the flag.
 */
#include <linux/mutex.h>
#include <linux/types.h>

struct job;

static DEFINE_MUTEX(job_lock);
static bool job_running;	/* true while this thread holds job_lock */

int job_start(struct job *j);
bool job_done(struct job *j);

int job_tick(struct job *j)
{
	int err = 0;

	if (!job_running && !mutex_trylock(&job_lock))
		return 0;
	if (!job_running) {
		err = job_start(j);
		if (!err) {
			job_running = true;
			goto keep;
		}
	} else if (!job_done(j)) {
		goto keep;
	} else {
		job_running = false;
	}
	mutex_unlock(&job_lock);
keep:
	return err;
}

void job_teardown(void)
{
	if (job_running) {
		job_running = false;
		mutex_unlock(&job_lock);
	}
}
