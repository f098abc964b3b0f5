# nightly.mk: the nightly job as a Makefile: ingest the day's exports, update the features,
# score, verify, and alert against the last day's stored warning signals.
#
#   make -f scripts/nightly.mk DATE=2024-06-30 MODEL=model.txt [EXPORTS=exports] [WORK=work]
#
# Inputs: EXPORTS/DATE/ holds the day's exports: readings.csv (the readings that arrived
# that day; the first day, the whole history) and the current accounts.csv, bills.csv,
# inspections.csv and events.csv (raw exports or canonical tables, anything er-ingest reads),
# and loans.csv when the bank sends its loan applications: their registered details are what
# the model's info.* indicators compare with the accounts' (without them those indicators are
# empty for every enterprise, and er-score says so), and an applicant whose credit code
# matches no account becomes an entity of its own, scored and checked like the others.
# Outputs, in WORK/DATE/:
#   KIND.csv          the canonical tables (rejects-KIND.csv: rows er-ingest rejected)
#   features.csv      er-features as of DATE over the readings of every day up to DATE
#                     (a reading sent again later replaces the earlier one)
#   scores.csv        er-score with MODEL
#   verify.csv        er-verify --summary with RULES
#   alerts.csv        er-alert against the alerts.state of the last earlier day
#   alerts.state      the warning signals after DATE (the next day's starting point)
#   history.csv       the alerts of DATE, as er-alert --history writes them
#   done              the summary of the day (also printed)
#   log/STEP.log      each step's messages
# and WORK/alerts.log, every day's history.csv in date order (what er-report reads).
# WORK holds the day directories (named YYYY-MM-DD) and alerts.log; the variables below
# (RULES, POLICY, ER_BIN, INGEST_OPTS, FEATURES_OPTS, MAX_REJECTS, TABLES) can be set too.
#
# Re-running is safe: a step runs only when an input is newer than its output; every output
# is written to a temporary file and renamed when the step succeeded, so an interrupted run
# leaves no half-written file; the day's alerts always start from the last earlier day's
# state, never from the day's own, so running a day again gives the same bytes. Running
# the days out of order is not: a day's alerts depend on the day before.
#
# A failed step stops the job: the message names the day, the step, the tool's exit status
# and the log, and is kept in WORK/DATE/FAILED until the day completes. make then exits 2.
# er-ingest's status 1 (rows rejected) passes while at most MAX_REJECTS rows of a table are
# rejected (they stay in rejects-KIND.csv); more, or a table that stops, fails the step.
#
# From cron, at 02:00, for the day before:
#   0 2 * * * cd /srv/er && make -s -f scripts/nightly.mk DATE=$(date -d yesterday +\%F) MODEL=model.txt >> nightly.log 2>&1 || mail -s 'er nightly failed' risk@example.com < nightly.log

DATE        ?=
MODEL       ?=
EXPORTS     ?= exports
WORK        ?= work
# the er-verify rules: 'default' (built in) or a rules file (er-rules(5))
RULES       ?= default
# an er-alert policy file; empty for the built-in policy
POLICY      ?=
# the directory of the er tools; empty: found on PATH
ER_BIN      ?=
INGEST_OPTS ?= --ids keep
FEATURES_OPTS ?= --by enterprise
MAX_REJECTS ?= 1000
# the side tables: loans only when the day's exports hold them
TABLES      ?= accounts bills inspections events $(if $(wildcard $(IN)/loans.csv),loans)

ifeq ($(strip $(DATE)),)
$(error nightly: DATE=YYYY-MM-DD is required)
endif
ifeq ($(strip $(MODEL)),)
$(error nightly: MODEL=FILE is required (a model from er-train))
endif
ifeq ($(shell echo '$(DATE)' | grep -xE '[0-9]{4}-[0-9]{2}-[0-9]{2}'),)
$(error nightly: DATE '$(DATE)' is not YYYY-MM-DD)
endif

SHELL := /bin/sh
.SUFFIXES:
.DELETE_ON_ERROR:

ER   := $(if $(ER_BIN),$(ER_BIN)/,)
IN   := $(EXPORTS)/$(DATE)
D    := $(WORK)/$(DATE)
# every day of WORK before DATE, oldest first
EARLIER_DAYS := $(shell ls '$(WORK)' 2>/dev/null | \
	awk -v d='$(DATE)' '/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]$$/ && $$0 < d')
# the readings of every earlier day, and today's
READINGS := $(foreach d,$(EARLIER_DAYS),$(wildcard $(WORK)/$(d)/readings.csv)) $(D)/readings.csv
READINGS_NEWEST_FIRST := $(shell printf '%s\n' $(READINGS) | sort -r)
# the stored warning signals of the last earlier day that completed its alerts
PREV_STATE := $(lastword $(foreach d,$(EARLIER_DAYS),$(wildcard $(WORK)/$(d)/alerts.state)))
# the alerts of every other day (earlier or, after a re-run of an old day, later)
OTHER_HISTORY := $(filter-out $(D)/history.csv,$(wildcard $(WORK)/*/history.csv))
RULES_FILE := $(filter-out default,$(RULES))

# $(call fail,STEP,TOOL): after a failed command: the message, kept in FAILED, and the status
fail = { rc=$$?; rm -f '$@.tmp'; msg="nightly: $(DATE): step $(1) failed: $(2) exit $$rc (log $(D)/log/$(1).log)"; \
	echo "$$msg" > '$(D)/FAILED'; tail -n 3 '$(D)/log/$(1).log' >&2; echo "$$msg" >&2; exit 1; }
# $(call begin,STEP): the step's line, and its log directory
begin = mkdir -p '$(D)/log' && echo "nightly: $(DATE): $(1)"

all: $(D)/done
	@cat '$(D)/done'

# --- ingest: each table of the day's exports into its canonical form
.SECONDEXPANSION:
$(D)/%.csv: $$(wildcard $(IN)/$$*.csv)
	@$(call begin,ingest-$*)
	@if [ ! -f '$(IN)/$*.csv' ]; then \
		msg="nightly: $(DATE): step ingest-$* failed: no export '$(IN)/$*.csv'"; \
		echo "$$msg" > '$(D)/FAILED'; echo "$$msg" >&2; exit 1; \
	fi; \
	rm -f '$@.tmp' '$(D)/rejects-$*.csv.tmp'; \
	$(ER)er-ingest --kind $* $(INGEST_OPTS) --max-rejects $(MAX_REJECTS) --rejects '$(D)/rejects-$*.csv.tmp' \
		'$(IN)/$*.csv' > '$@.tmp' 2> '$(D)/log/ingest-$*.log'; rc=$$?; \
	if [ $$rc -eq 1 ]; then \
		n=$$(($$(wc -l < '$(D)/rejects-$*.csv.tmp') - 1)); \
		if [ $$n -le $(MAX_REJECTS) ]; then rc=0; else \
			echo "nightly: $(DATE): ingest-$*: $$n rows rejected, more than MAX_REJECTS=$(MAX_REJECTS) (rejects-$*.csv)" \
				>> '$(D)/log/ingest-$*.log'; \
		fi; \
	fi; \
	mv -f '$(D)/rejects-$*.csv.tmp' '$(D)/rejects-$*.csv'; \
	[ $$rc -eq 0 ] || (exit $$rc) || $(call fail,ingest-$*,er-ingest); \
	mv -f '$@.tmp' '$@'

# --- features as of DATE, over every day's readings: er-ingest reads them newest day first
# as one table and drops the later copies of a reading (account and date) sent again, so a
# correction in a later export wins and nothing is counted twice; the readings are then put
# in account and date order, so sums add up in the same order whatever the days' exports
$(D)/features.csv: $(READINGS) $(TABLES:%=$(D)/%.csv)
	@$(call begin,features)
	@rm -f '$(D)/log/features.rc'; tab=$$(printf '\t'); \
	{ $(ER)er-ingest --kind readings --output-tsv $(READINGS_NEWEST_FIRST) 2> '$(D)/log/features-readings.log' || \
		echo $$? > '$(D)/log/features.rc'; } | \
	{ IFS= read -r h && printf '%s\n' "$$h" && LC_ALL=C sort -t "$$tab" -k1,1 -k2,2 -s; } | \
	$(ER)er-features --asof $(DATE) $(FEATURES_OPTS) $(foreach t,$(TABLES),--$(t) '$(D)/$(t).csv') \
		--output-csv > '$@.tmp' 2> '$(D)/log/features.log' || $(call fail,features,er-features); \
	if [ -f '$(D)/log/features.rc' ]; then \
		(exit $$(cat '$(D)/log/features.rc')) || { cat '$(D)/log/features-readings.log' >> '$(D)/log/features.log'; \
		$(call fail,features,er-ingest of the readings); }; \
	fi; \
	mv -f '$@.tmp' '$@'

# --- score
$(D)/scores.csv: $(D)/features.csv $(MODEL)
	@$(call begin,scores)
	@$(ER)er-score -m '$(MODEL)' '$<' > '$@.tmp' 2> '$(D)/log/scores.log' || $(call fail,scores,er-score); \
	mv -f '$@.tmp' '$@'

# --- verify (a fail rule hitting is an alert, not a failed job: --no-fail-status)
$(D)/verify.csv: $(D)/features.csv $(RULES_FILE)
	@$(call begin,verify)
	@$(ER)er-verify --summary --no-fail-status --rules '$(RULES)' '$<' > '$@.tmp' 2> '$(D)/log/verify.log' || \
		$(call fail,verify,er-verify); \
	mv -f '$@.tmp' '$@'

# --- alert, starting from a copy of the last earlier day's state; the day's own state and
# history are renamed into place before alerts.csv, the target, so a run stopped between
# the renames runs the step again, from the same earlier state
$(D)/alerts.csv: $(D)/scores.csv $(D)/verify.csv $(PREV_STATE) $(POLICY)
	@$(call begin,alerts$(if $(PREV_STATE), against $(patsubst $(WORK)/%/alerts.state,%,$(PREV_STATE))))
	@rm -f '$@.tmp' '$(D)/alerts.state.tmp' '$(D)/history.csv.tmp'; \
	$(if $(PREV_STATE),cp '$(PREV_STATE)' '$(D)/alerts.state.tmp' &&) \
	$(ER)er-alert --date $(DATE) --state '$(D)/alerts.state.tmp' --history '$(D)/history.csv.tmp' \
		$(if $(POLICY),--policy '$(POLICY)') '$(D)/scores.csv' '$(D)/verify.csv' > '$@.tmp' \
		2> '$(D)/log/alerts.log' || $(call fail,alerts,er-alert); \
	[ -f '$(D)/history.csv.tmp' ] || : > '$(D)/history.csv.tmp'; \
	mv -f '$(D)/alerts.state.tmp' '$(D)/alerts.state' && mv -f '$(D)/history.csv.tmp' '$(D)/history.csv' && \
	mv -f '$@.tmp' '$@'

# --- the history log of every day, rebuilt whole (one header)
$(WORK)/alerts.log: $(D)/alerts.csv $(OTHER_HISTORY)
	@$(call begin,history)
	@awk 'FNR == 1 { if (seen++) next } { print }' $(sort $(OTHER_HISTORY) $(D)/history.csv) > '$@.tmp' && \
	mv -f '$@.tmp' '$@'

# --- the day's summary; the day is complete
$(D)/done: $(D)/alerts.csv $(WORK)/alerts.log
	@{ \
	echo "nightly: $(DATE): done"; \
	echo "  enterprises scored: $$(($$(wc -l < '$(D)/scores.csv') - 1))"; \
	g=$$(head -1 '$(D)/scores.csv' | tr ',' '\n' | grep -nx grade | cut -d: -f1); \
	printf '  grades:'; \
	for x in A B C D; do printf ' %s %s' $$x "$$(tail -n +2 '$(D)/scores.csv' | cut -d, -f$$g | grep -cx $$x)"; done; \
	echo; \
	printf '  alerts:'; \
	for x in red orange yellow; do printf ' %s %s' $$x "$$(tail -n +2 '$(D)/alerts.csv' | cut -d, -f2 | grep -cx $$x)"; done; \
	echo; \
	printf '  new or escalated:'; \
	for x in new escalated; do printf ' %s %s' $$x "$$(tail -n +2 '$(D)/alerts.csv' | grep -Ec ",$$x(,[0-9a-f]+)?\$$")"; done; \
	echo; \
	for t in $(TABLES) readings; do \
		n=$$(($$(wc -l < '$(D)/rejects-'$$t'.csv') - 1)); [ $$n -le 0 ] || echo "  rejected $$t rows: $$n (rejects-$$t.csv)"; \
	done; \
	} > '$@.tmp' && mv -f '$@.tmp' '$@' && rm -f '$(D)/FAILED'

.PHONY: all
