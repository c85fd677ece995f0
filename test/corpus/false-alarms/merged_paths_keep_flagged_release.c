/*
 * False-alarm shape (lock/release-unheld), seen in Linux 6.12
 * fs/f2fs/segment.c f2fs_flush_sit_entries() and mm/madvise.c
 * madvise_cold_or_pageout_pte_range(): after a first section of the journal
 * lock, a loop takes it under `if (to_journal)` and drops it under the same
 * test. The other branch tests enough independent conditions that its paths
 * pass the engine's state cap; merged there, the path forgets `to_journal`,
 * and the drop at the end of the pass looks like a second release of the lock
 * dropped before the loop. A release seen twice only across such a merge is
 * not a finding.
 */
#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/rwsem.h>

#define JOURNAL_SLOTS 16
#define REASON_DISCARD 0x1
#define REASON_UMOUNT 0x2
#define REASON_FASTBOOT 0x4

struct entry_set {
	struct list_head list;
	unsigned int start;
	unsigned int count;
};

struct journal {
	struct rw_semaphore rwsem;
	unsigned int used;
	unsigned int slots[JOURNAL_SLOTS];
};

struct flush_control {
	unsigned int reason;
	unsigned int trim_start;
	unsigned int trimmed;
	unsigned int discarded;
	unsigned int checked;
	unsigned int hot;
	unsigned int cold;
};

struct seg_table {
	struct journal *journal;
	struct list_head sets;
	unsigned long *dirty;
	unsigned int dirty_count;
	unsigned int per_block;
	unsigned int nr_segs;
};

void *next_table_page(struct seg_table *t, unsigned int start);
void put_table_page(void *page);
void write_entry(void *dst, unsigned int segno);
void queue_discard(struct flush_control *fc, unsigned int segno);
int check_entry(struct seg_table *t, unsigned int segno);
unsigned int compact_journal(struct journal *j);
bool entry_is_hot(struct seg_table *t, unsigned int segno);
bool entry_is_cold(struct seg_table *t, unsigned int segno);

static bool journal_has_room(struct journal *j, unsigned int n)
{
	return j->used + n <= JOURNAL_SLOTS;
}

void flush_entries(struct seg_table *t, struct flush_control *fc)
{
	struct journal *j = t->journal;
	struct entry_set *es, *tmp;
	bool to_journal;

	down_write(&j->rwsem);
	j->used = compact_journal(j);
	up_write(&j->rwsem);
	to_journal = journal_has_room(j, t->dirty_count);

	list_for_each_entry_safe(es, tmp, &t->sets, list) {
		void *page = NULL;
		unsigned int segno = es->start;
		unsigned int end = min(es->start + t->per_block, t->nr_segs);

		if (to_journal && !journal_has_room(j, es->count))
			to_journal = false;

		if (to_journal) {
			down_write(&j->rwsem);
		} else {
			page = next_table_page(t, es->start);
			if (!(fc->reason & REASON_DISCARD))
				fc->trim_start = segno;
			if (fc->reason & REASON_UMOUNT)
				fc->trimmed++;
			if (fc->reason & REASON_FASTBOOT)
				fc->discarded++;
			if (check_entry(t, segno))
				fc->checked++;
			if (entry_is_hot(t, segno))
				fc->hot++;
			if (entry_is_cold(t, segno))
				fc->cold++;
		}

		for_each_set_bit_from(segno, t->dirty, end) {
			if (to_journal)
				j->slots[j->used++] = segno;
			else
				write_entry(page, segno);
			__clear_bit(segno, t->dirty);
			t->dirty_count--;
			es->count--;
		}

		if (to_journal)
			up_write(&j->rwsem);
		else
			put_table_page(page);

		list_del(&es->list);
	}
}
