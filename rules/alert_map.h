/* alert_map: a hash map from entity ids (byte strings) to array indexes, for the alert state
 * and the er-alert join. Keys are copied; XXH3 hashing, open addressing, grows at 1/2 full. */
#ifndef ER_ALERT_MAP_H
#define ER_ALERT_MAP_H

#include <stddef.h>

typedef struct er_alert_map er_alert_map;

/* A new empty map, or NULL when out of memory. Free with er_alert_map_free. */
er_alert_map *er_alert_map_new(void);

/* The value stored for KEY[0..LEN-1], or -1 when absent. */
long er_alert_map_get(const er_alert_map *m, const char *key, size_t len);

/* Stores VALUE for KEY[0..LEN-1] (replacing an existing value). Returns 0, or -1 when out of
 * memory (M unchanged). */
int er_alert_map_put(er_alert_map *m, const char *key, size_t len, size_t value);

/* Frees M and its key copies (M may be NULL). */
void er_alert_map_free(er_alert_map *m);

#endif
