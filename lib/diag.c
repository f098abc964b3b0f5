/* diag: formatting a message into the caller's destination. */
#include "lib/diag.h"

#include <stdio.h>

#include "lib/err.h"

void
er_diag_vmsg(const struct er_diag *d, const char *fmt, va_list ap)
{
	if (!d || !d->emit)
		return;
	/* the size er_vwarn formats into, so a message printed through a tool is cut the same */
	char msg[2 * ER_ERRLEN];
	vsnprintf(msg, sizeof msg, fmt, ap);
	d->emit(d->ctx, msg);
}

void
er_diag_msg(const struct er_diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	er_diag_vmsg(d, fmt, ap);
	va_end(ap);
}
