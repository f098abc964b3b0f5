/* registry_sql: the statement templates and their formatter. */
#include "credit/registry_sql.h"

#include <stdlib.h>
#include <string.h>

#define STATUS_COLS "subject_id, platform, status, platform_grade, monthly_repayment, updated_at"

static const char *const templates[ER_SQL_COUNT] = {
	[ER_SQL_STATUS_GET] = "SELECT status, platform_grade, monthly_repayment, updated_at FROM status "
			      "WHERE subject_id = ?1 AND platform = ?2",
	[ER_SQL_STATUS_INSERT] = "INSERT INTO status (" STATUS_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ER_SQL_STATUS_ADD_NEW] = "INSERT INTO status (" STATUS_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
				  "ON CONFLICT (subject_id, platform) DO NOTHING",
	[ER_SQL_STATUS_UPDATE] = "UPDATE status SET status = ?3, platform_grade = ?4, monthly_repayment = ?5, "
				 "updated_at = ?6 WHERE subject_id = ?1 AND platform = ?2",
	[ER_SQL_STATUS_TOUCH] = "UPDATE status SET updated_at = ?3 WHERE subject_id = ?1 AND platform = ?2",
	[ER_SQL_HISTORY_ADD] = "INSERT INTO status_history (" STATUS_COLS ", previous_status, import_id) "
			       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ER_SQL_PRODUCT_GET] = "SELECT min_grade, min_monthly_repayment, max_amount, annual_rate, term_months "
			       "FROM products WHERE product = ?1",
	[ER_SQL_PRODUCT_INSERT] = "INSERT INTO products (product, min_grade, min_monthly_repayment, max_amount, "
				  "annual_rate, term_months, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, @now)",
	[ER_SQL_PRODUCT_UPDATE] = "UPDATE products SET min_grade = ?2, min_monthly_repayment = ?3, max_amount = ?4, "
				  "annual_rate = ?5, term_months = ?6, updated_at = @now WHERE product = ?1",
	[ER_SQL_IMPORT] =
		"INSERT INTO imports (id, kind, platform, source, checksum, actor, rows_read, inserted, "
		"updated, unchanged, older, rejected, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		"?10, ?11, ?12, @now)",
	[ER_SQL_IMPORT_NEXT] = "SELECT @next_import_id",
	[ER_SQL_IMPORTS] = "SELECT id, kind, platform, source, checksum, actor, imported_at, rows_read, inserted, "
			   "updated, unchanged, older, rejected FROM imports ORDER BY id",
	[ER_SQL_META_GET] = "SELECT value FROM er_registry_meta WHERE key = ?1",
	[ER_SQL_META_SET] = "INSERT INTO er_registry_meta (key, value) VALUES (?1, ?2) "
			    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[ER_SQL_RENAME_STATUS] = "UPDATE status SET subject_id = ?2 WHERE subject_id = ?1",
	[ER_SQL_RENAME_HISTORY] = "UPDATE status_history SET subject_id = ?2 WHERE subject_id = ?1",
	[ER_SQL_STATUS_NOW] = "SELECT " STATUS_COLS " FROM status ORDER BY subject_id, platform",
	/* The last change of each key at ?1; id breaks ties of equal times in import order. */
	[ER_SQL_STATUS_ASOF] = "SELECT " STATUS_COLS " FROM "
			       "(SELECT *, row_number() OVER (PARTITION BY subject_id, platform "
			       "ORDER BY updated_at DESC, id DESC) AS newest FROM status_history "
			       "WHERE updated_at <= ?1) AS h WHERE newest = 1 ORDER BY subject_id, platform",
	[ER_SQL_HISTORY] = "SELECT " STATUS_COLS ", previous_status, import_id FROM status_history "
			   "WHERE subject_id = ?1 ORDER BY updated_at, platform, id",
	[ER_SQL_STATUS_OF] = "SELECT " STATUS_COLS " FROM status WHERE subject_id = ?1 ORDER BY platform",
	[ER_SQL_PRODUCTS] = "SELECT product, min_grade, min_monthly_repayment, max_amount, annual_rate, "
			    "term_months FROM products ORDER BY product",
};

/* The dialect's spelling of each @word, by dialect. */
static const struct {
	const char *word;
	const char *text[2];
} words[] = {
	{"@now", {"strftime('%Y-%m-%d %H:%M:%S', 'now')", "to_char(now(), 'YYYY-MM-DD HH24:MI:SS')"}},
	{"@next_import_id",
         {"coalesce(max(id), 0) + 1 FROM imports", "nextval(pg_get_serial_sequence('imports', 'id'))"}},
};

/* Writes template T in DIALECT to OUT (NULL: only counts); returns its length. */
static size_t
format(int dialect, const char *t, char *out)
{
	size_t n = 0;
	while (*t) {
		const char *text = NULL;
		size_t skip = 1;
		if (*t == '@')
			for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
				size_t wl = strlen(words[w].word);
				if (strncmp(t, words[w].word, wl) == 0) {
					text = words[w].text[dialect];
					skip = wl;
				}
			}
		if (text) {
			size_t tl = strlen(text);
			if (out)
				memcpy(out + n, text, tl);
			n += tl;
		} else {
			if (out)
				out[n] = *t == '?' && dialect == ER_SQL_POSTGRESQL ? '$' : *t;
			n++;
		}
		t += skip;
	}
	return n;
}

char *
er_registry_sql(int dialect, int id)
{
	const char *t = templates[id];
	char *out = malloc(format(dialect, t, NULL) + 1);
	if (!out)
		return NULL;
	out[format(dialect, t, out)] = '\0';
	return out;
}
