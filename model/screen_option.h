/* screen_option: the binning and selection options er-screen and er-train share (--method,
 * --fine-bins, --max-bins, --min-bin, --shape, --zero-count, --chi-limit, --stop-limit,
 * --min-iv, --max-missing, --max-identical, --max-psi, --max-corr, --no-corr,
 * --no-direction, --breaks, --special), parsed by their long names in one place so that the
 * two tools take the same values with the same limits and messages. Which of them a tool
 * offers is its own option table's choice. */
#ifndef ER_SCREEN_OPTION_H
#define ER_SCREEN_OPTION_H

#include "model/screen.h"
#include "model/screen_spec.h"

/* Sets the option of long name NAME (without dashes) from ARG (NULL for a flag) into SO, or
 * into SPECS for --breaks and --special (SO->specs is then pointed at SPECS). Returns 0;
 * ER_EUSAGE with ERR (ER_ERRLEN bytes) for a bad value; ER_ENOMEM; or -1 when NAME is not
 * one of these options (ERR untouched). */
int er_screen_option(struct er_screen_opts *so, struct er_screen_specs *specs, const char *name, const char *arg,
                     char *err);

#endif
