/* dossier_csv: every series er-dossier's page draws, as CSV files, so the numbers can be
 * checked and reused. */
#include "credit/dossier.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/err.h"
#include "lib/writer.h"

static int
month_field(er_writer *w, int mi)
{
	char buf[16];
	size_t n = er_date_format_month(buf, mi);
	return er_writer_field(w, buf, n);
}

static int
day_field(er_writer *w, er_day day)
{
	char buf[16];
	size_t n = er_date_format(buf, day);
	return er_writer_field(w, buf, n);
}

static int
write_usage(const struct er_dossier *d, er_writer *w)
{
	static const char *const h[] = {"account_id", "month", "kwh"};
	int st = er_writer_row(w, h, 3);
	int first = d->last_month - ER_DOSSIER_MONTHS + 1;
	for (size_t k = 0; k < d->nacc && !st; k++)
		for (int m = 0; m < ER_DOSSIER_MONTHS && !st; m++) {
			size_t at = k * ER_DOSSIER_MONTHS + (size_t)m;
			if (!d->has[at])
				continue;
			if (!(st = er_writer_str(w, d->acc[k][ER_ACCOUNTS_ACCOUNT_ID])) &&
			    !(st = month_field(w, first + m)) && !(st = er_writer_double(w, d->kwh[at])))
				st = er_writer_end_row(w);
		}
	return st;
}

static int
write_industry(const struct er_dossier *d, er_writer *w)
{
	static const char *const h[] = {"industry", "month", "enterprises", "q1", "median", "q3"};
	int st = er_writer_row(w, h, 6);
	int first = d->last_month - ER_DOSSIER_MONTHS + 1;
	for (int m = 0; m < ER_DOSSIER_MONTHS && !st; m++) {
		if (!d->industry_n[m])
			continue;
		if ((st = er_writer_str(w, d->industry)) || (st = month_field(w, first + m)) ||
		    (st = er_writer_int(w, (long long)d->industry_n[m])))
			break;
		for (int q = 0; q < 3 && !st; q++)
			st = er_writer_double(w, d->industry_q[m][q]);
		if (!st)
			st = er_writer_end_row(w);
	}
	return st;
}

static int
write_curve(const struct er_dossier *d, er_writer *w)
{
	static const char *const h[] = {"hour", "kwh_last_3_months", "kwh_year_before"};
	int st = er_writer_row(w, h, 3);
	for (int i = 0; i < ER_DOSSIER_HOURS && !st && d->interval; i++)
		if (!(st = er_writer_int(w, i)) &&
		    !(st = d->days_recent ? er_writer_double(w, d->curve_recent[i]) : er_writer_str(w, "")) &&
		    !(st = d->days_before ? er_writer_double(w, d->curve_before[i]) : er_writer_str(w, "")))
			st = er_writer_end_row(w);
	return st;
}

static int
write_bills(const struct er_dossier *d, er_writer *w)
{
	static const char *const h[] = {"account_id", "month",    "amount",  "paid",
	                                "days_late",  "late_fee", "arrears", "unpaid"};
	int st = er_writer_row(w, h, 8);
	for (size_t i = 0; i < d->nbills && !st; i++) {
		const struct er_dossier_bill *b = &d->bills[i];
		if (b->month < d->last_month - ER_DOSSIER_MONTHS + 1)
			continue; /* before the months drawn: only in the arrears of the later bills */
		if ((st = er_writer_str(w, d->acc[b->acct][ER_ACCOUNTS_ACCOUNT_ID])) ||
		    (st = month_field(w, b->month)) || (st = er_writer_double(w, b->amount)) ||
		    (st = er_writer_double(w, b->paid)) || (st = er_writer_int(w, b->days_late)) ||
		    (st = er_writer_double(w, b->late_fee)) || (st = er_writer_double(w, b->arrears)) ||
		    (st = er_writer_int(w, b->unpaid)))
			break;
		st = er_writer_end_row(w);
	}
	return st;
}

static int
write_timeline(const struct er_dossier *d, er_writer *w)
{
	static const char *const h[] = {"date", "account_id", "source", "type", "detail"};
	int st = er_writer_row(w, h, 5);
	for (size_t i = 0; i < d->ntimeline && !st; i++) {
		const struct er_dossier_event *e = &d->timeline[i];
		const char *f[] = {d->acc[e->acct][ER_ACCOUNTS_ACCOUNT_ID], e->source, e->type, e->detail};
		if (!(st = day_field(w, e->date)))
			for (int k = 0; k < 4 && !st; k++)
				st = er_writer_str(w, f[k]);
		if (!st)
			st = er_writer_end_row(w);
	}
	return st;
}

static int
write_scores(const struct er_dossier *d, er_writer *w)
{
	static const char *const h[] = {"date", "source", "score", "grade", "level", "reasons"};
	int st = er_writer_row(w, h, 6);
	for (size_t i = 0; i < d->nscores && !st; i++) {
		const struct er_dossier_score *s = &d->scores[i];
		if ((st = day_field(w, s->date)) || (st = er_writer_str(w, "alert history")) ||
		    (st = er_writer_double(w, s->score)) || (st = er_writer_str(w, s->grade)) ||
		    (st = er_writer_str(w, s->level)) || (st = er_writer_str(w, s->reasons)))
			break;
		st = er_writer_end_row(w);
	}
	if (!st && d->has_row) {
		char g[2] = {d->grade, 0}, reasons[512] = "";
		for (size_t i = 0; i < d->nreasons; i++)
			snprintf(reasons + strlen(reasons), sizeof reasons - strlen(reasons), "%s%s", i ? " " : "",
			         d->reasons[i]);
		if (!(st = day_field(w, d->asof)) && !(st = er_writer_str(w, "this run")) &&
		    !(st = er_writer_double(w, d->score)) && !(st = er_writer_str(w, g)) &&
		    !(st = er_writer_str(w, d->level)) && !(st = er_writer_str(w, reasons)))
			st = er_writer_end_row(w);
	}
	return st;
}

int
er_dossier_csv(const struct er_dossier *d, const char *dir, char *err)
{
	static const struct {
		const char *name;
		int (*write)(const struct er_dossier *, er_writer *);
	} files[] = {{"usage_monthly.csv", write_usage}, {"industry_monthly.csv", write_industry},
	             {"load_curve.csv", write_curve},    {"bills.csv", write_bills},
	             {"timeline.csv", write_timeline},   {"scores.csv", write_scores}};
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return er_fail(err, ER_EIO, "cannot create directory '%s': %s", dir, strerror(errno));
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[4096];
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, files[i].name) >= sizeof path)
			return er_fail(err, ER_EIO, "path too long '%s'", dir);
		struct er_writer_opts wo = {.format = ER_FMT_CSV};
		er_writer *w;
		int st = er_writer_create(&w, path, 0666, &wo, err);
		if (!st) {
			st = files[i].write(d, w);
			if (st && st != ER_ENOMEM)
				st = er_fail(err, ER_EIO, "%s", er_writer_error(w));
			else if (st)
				st = er_fail(err, ER_ENOMEM, "out of memory writing '%s'", path);
			st = er_writer_finish(w, st, err);
		}
		if (st)
			return st;
	}
	return 0;
}
