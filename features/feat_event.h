/* feat_event: the event module (account lifecycle events) of the indicator library. */
#ifndef ER_FEAT_EVENT_H
#define ER_FEAT_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"
#include "features/feat_series.h"

/* The canonical event types of the events table. */
enum er_feat_event_type {
	ER_FEAT_EV_OPEN = 0,
	ER_FEAT_EV_CAPACITY_INCREASE,
	ER_FEAT_EV_CAPACITY_REDUCTION,
	ER_FEAT_EV_SUSPEND,
	ER_FEAT_EV_RESUME,
	ER_FEAT_EV_CLOSE,
	ER_FEAT_EV_RENAME,
	ER_FEAT_EV_TRANSFER,
	ER_FEAT_EV_DISCONNECT_ARREARS,
	ER_FEAT_EV_RECONNECT,
	ER_FEAT_EV_CAPACITY_RESTORE,
	ER_FEAT_EV_OTHER /* er-ingest --unknown-codes keep: counted by no indicator */
};

struct er_feat_event {
	er_day date;       /* event date */
	int type;          /* enum er_feat_event_type */
	uint32_t account;  /* which account of the entity (a suspension ends at its own resume) */
	double cap_before; /* NaN when not given */
	double cap_after;  /* NaN when not given */
	er_day end_date;   /* ER_NO_DAY when not given */
};

/* The type code of S (canonical name, or a Chinese one such as 减容 or 暂停), or -1. */
int er_feat_event_type(const char *s);

/* Sorts E[0..N-1] by date, stable. Returns 0, or -1 when out of memory. */
int er_feat_event_sort(struct er_feat_event *e, size_t n);

/* Fills OUT[ER_FEAT_EVENT_*] and OUT[ER_FEAT_PAY_DISCONNECTIONS_12M] for events
 * E[0..N-1] (sorted by date) as of ASOF; S is the entity's kWh series (NULL: none), for
 * the use after a capacity increase. Events after ASOF are ignored. Can't fail. */
void er_feat_event_compute(const struct er_feat_event *e, size_t n, er_day asof, const struct er_feat_series *s,
                           double *out);

#endif
