/* html: what the tools' self-contained HTML reports share. */
#ifndef ER_HTML_H
#define ER_HTML_H

#include <stdio.h>

/* Writes S to F with &, <, >, " and ' escaped, so any text is safe inside an element or a
 * quoted attribute. Errors show in ferror(F). */
void er_html_escape(FILE *f, const char *s);

#endif
