/* feat_dupkey: exact duplicate keys of readings, by an interned owner (account and meter) and
 * a day bitmap for date-only readings or a packed 64-bit key for interval readings. */
#include "features/feat_dupkey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/keyset.h"
#include "lib/strmap.h"
#include "lib/vec.h"

struct er_feat_dupkeys {
	er_strmap *owners; /* account, or account US meter */
	er_dayset *days;   /* date-only readings: (owner, day) */
	er_u64set *times;  /* interval readings: owner, day and second packed */
	/* With a window: the generation before (days, times are the current one), begun
	 * at gen_start; a reading WINDOW days past it starts a new one and drops the old. */
	er_dayset *old_days;
	er_u64set *old_times;
	int window;
	er_day gen_start;
	long last; /* the previous row's owner: sorted files repeat it */
	char *buf;
	size_t cap;
	uint64_t count;
	char first[ER_ERRLEN]; /* the first repeated key and its place */
};

er_feat_dupkeys *
er_feat_dupkeys_new(int window)
{
	er_feat_dupkeys *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	d->window = window;
	d->gen_start = ER_NO_DAY;
	d->owners = er_strmap_new();
	d->days = er_dayset_new();
	d->times = er_u64set_new();
	d->last = -1;
	if (!d->owners || !d->days || !d->times) {
		er_feat_dupkeys_free(d);
		return NULL;
	}
	return d;
}

/* The index of the owner ACCT US METER, or -1 when out of memory. */
static long
owner(er_feat_dupkeys *d, const char *acct, size_t alen, const char *meter, size_t mlen)
{
	if (ER_GROW(d->buf, d->cap, alen + mlen + 1) < 0)
		return -1;
	memcpy(d->buf, acct, alen);
	size_t n = alen;
	if (mlen) {
		d->buf[n++] = '\x1f';
		memcpy(d->buf + n, meter, mlen);
		n += mlen;
	}
	size_t klen;
	const char *k = d->last >= 0 ? er_strmap_key(d->owners, (size_t)d->last, &klen) : NULL;
	if (k && klen == n && memcmp(k, d->buf, n) == 0)
		return d->last;
	long o = er_strmap_intern(d->owners, d->buf, n, NULL);
	if (o >= 0)
		d->last = o;
	return o;
}

int
er_feat_dupkeys_check(er_feat_dupkeys *d, const er_reader *r, long cacct, long cmeter, long ctime, er_day day,
                      int dsecs)
{
	size_t alen = er_reader_field_len(r, (size_t)cacct);
	const char *acct = er_reader_field(r, (size_t)cacct);
	size_t mlen = cmeter >= 0 ? er_reader_field_len(r, (size_t)cmeter) : 0;
	const char *meter = cmeter >= 0 ? er_reader_field(r, (size_t)cmeter) : "";
	int secs = dsecs;
	size_t tlen = ctime >= 0 ? er_reader_field_len(r, (size_t)ctime) : 0;
	if (tlen && er_time_parse(er_reader_field(r, (size_t)ctime), tlen, &secs) != ER_DATE_OK)
		return 0; /* not a time: no key to compare */
	if (d->window) {
		if (d->gen_start == ER_NO_DAY)
			d->gen_start = day;
		if (day >= d->gen_start + d->window) {
			er_dayset *nd = er_dayset_new();
			er_u64set *nt = er_u64set_new();
			if (!nd || !nt) {
				er_dayset_free(nd);
				er_u64set_free(nt);
				return -1;
			}
			er_dayset_free(d->old_days);
			er_u64set_free(d->old_times);
			d->old_days = d->days, d->old_times = d->times;
			d->days = nd, d->times = nt;
			d->gen_start = day;
		}
		if (day < d->gen_start - d->window)
			return 0; /* older than the keys kept */
	}
	long o = owner(d, acct, alen, meter, mlen);
	if (o < 0)
		return -1;
	int added;
	if (secs < 0) {
		added = d->old_days && er_dayset_has(d->old_days, (size_t)o, day)
			? 0
			: er_dayset_add(d->days, (size_t)o, day);
	} else {
		/* a key outside the packed ranges is not checked */
		uint64_t key;
		if (er_u64set_pack_interval((size_t)o, day, secs, &key) < 0)
			return 0;
		added = d->old_times && er_u64set_has(d->old_times, key) ? 0 : er_u64set_add(d->times, key);
	}
	if (added < 0)
		return -1;
	if (added)
		return 0;
	if (d->count++ == 0) {
		char date[16], where[ER_WHERELEN];
		er_date_format(date, day);
		char t[9] = "";
		if (secs >= 0)
			er_time_format(t, secs);
		snprintf(d->first, sizeof d->first, "'%.*s%s%.*s %s%s%s'%s", (int)(alen < 40 ? alen : 40), acct,
		         mlen ? " " : "", (int)(mlen < 40 ? mlen : 40), meter, date, secs >= 0 ? " " : "", t,
		         er_reader_where(r, NULL, where, sizeof where));
	}
	return 1;
}

void
er_feat_dupkeys_report(const er_feat_dupkeys *d, const struct er_diag *diag)
{
	if (d && d->count)
		er_diag_msg(diag,
		            "%llu readings repeat the key (account, meter, date, time) of an earlier one, the first "
		            "%s: the later ones are dropped, not counted twice (er-ingest checks readings)",
		            (unsigned long long)d->count, d->first);
}

void
er_feat_dupkeys_free(er_feat_dupkeys *d)
{
	if (!d)
		return;
	er_strmap_free(d->owners);
	er_dayset_free(d->days);
	er_u64set_free(d->times);
	er_dayset_free(d->old_days);
	er_u64set_free(d->old_times);
	free(d->buf);
	free(d);
}
