/* dossier_exports: er-dossier's --exports DIR: the tables found by their kind's name, raw
 * exports turned canonical on the way by er-ingest's own run. */
#include "credit/dossier.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"
#include "lib/writer.h"
#include "data/ingest.h"

/* 1 when R's header is canonical for S: every column named exactly as one of S's fields. */
static int
canonical(const er_reader *r, const struct er_schema *s)
{
	for (size_t i = 0; i < er_reader_ncols(r); i++)
		if (er_schema_field_index(s, er_reader_colname(r, i)) < 0)
			return 0;
	return 1;
}

static int
ingest(const char *path, const char *out, const struct er_schema *s, const struct er_reader_opts *in,
       const struct er_diag *diag, uint64_t *rejected, char *err)
{
	er_reader *r;
	int st = er_reader_open1(&r, path, in, err);
	if (st)
		return st;
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		er_reader_close(r);
		return er_fail(err, ER_EIO, "cannot create '%s': %s", out, strerror(errno));
	}
	struct er_writer_opts wo = {.format = ER_FMT_CSV};
	er_writer *w = er_writer_open(fd, out, &wo);
	if (!w) {
		close(fd);
		er_reader_close(r);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	struct er_ingest_opts o;
	memset(&o, 0, sizeof o);
	o.schema = s;
	o.keep_bad_ids = ER_IDS_KEEP_USCC;
	o.max_rejects = UINT64_MAX;
	o.quiet = 1;
	o.today = er_date_today();
	o.diag = diag;
	struct er_ingest_counts n;
	memset(&n, 0, sizeof n);
	st = er_ingest_run(r, w, NULL, &o, &n);
	*rejected += n.rejected;
	if (st == ER_EDATA && n.written + n.rejected + n.duplicate > 0)
		st = 0; /* rows rejected: reported to DIAG and counted, the rest is used */
	else if (st == ER_EDATA)
		er_fail(err, st, "cannot turn '%s' into a canonical %s table", path, s->name);
	else if (st)
		er_fail(err, st, "cannot turn '%s' into a canonical %s table", path, s->name);
	int cst = er_writer_close(w);
	if (close(fd) != 0 || cst)
		cst = ER_EIO;
	er_reader_close(r);
	if (!st && cst)
		st = er_fail(err, ER_EIO, "write error '%s'", out);
	return st;
}

int
er_dossier_exports(const char *dir, const char *tmpdir, const struct er_reader_opts *in, const struct er_diag *diag,
                   char *paths[ER_KIND_COUNT], uint64_t *rejected, char *err)
{
	static const enum er_kind kinds[] = {ER_KIND_READINGS,    ER_KIND_ACCOUNTS, ER_KIND_BILLS,
	                                     ER_KIND_INSPECTIONS, ER_KIND_EVENTS,   ER_KIND_LOANS};
	/* a folder that is missing or cannot be read is an input that cannot be read, as a
	 * missing --readings file is: not a usage error */
	DIR *dh = opendir(dir);
	if (!dh)
		return er_fail(err, ER_EIO, "cannot open folder '%s': %s", dir, strerror(errno));
	closedir(dh);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const struct er_schema *s = er_schema_get(kinds[i]);
		char path[4096];
		paths[kinds[i]] = NULL;
		snprintf(path, sizeof path, "%s/%s.csv", dir, s->name);
		if (access(path, F_OK) != 0)
			snprintf(path, sizeof path, "%s/%s.tsv", dir, s->name);
		if (access(path, F_OK) != 0)
			continue;
		er_reader *r;
		int st = er_reader_open1(&r, path, in, err);
		if (st)
			return st;
		/* in another encoding even a canonical table is converted: the files read after this
		 * (the converted ones and the tools' own outputs) are UTF-8 */
		int canon = in->encoding == ER_ENC_UTF8 && canonical(r, s);
		er_reader_close(r);
		if (!canon) {
			char out[4096];
			snprintf(out, sizeof out, "%s/%s.csv", tmpdir, s->name);
			if ((st = ingest(path, out, s, in, diag, rejected, err)) != 0)
				return st;
			memcpy(path, out, sizeof out);
		}
		if (!(paths[kinds[i]] = strdup(path)))
			return er_fail(err, ER_ENOMEM, "out of memory");
	}
	return 0;
}
