/* diag: where the library's messages about rows, files and summaries go.
 * The library never prints: a run function formats each message and hands it to the
 * destination its caller owns (a tool passes er_cli_diag, which prints with er_warn;
 * a test can collect them). */
#ifndef ER_DIAG_H
#define ER_DIAG_H

#include <stdarg.h>

struct er_diag {
	void (*emit)(void *ctx, const char *msg); /* one message, without program name or newline */
	void *ctx;
};

/* Formats FMT into one message (at most 2 * ER_ERRLEN - 1 bytes, as er_warn) and hands it
 * to D->emit; D NULL drops it. Can't fail. */
void er_diag_msg(const struct er_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Same as er_diag_msg with a va_list. */
void er_diag_vmsg(const struct er_diag *d, const char *fmt, va_list ap);

#endif
