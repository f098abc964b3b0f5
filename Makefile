# er: enterprise risk from utility data. Plain make, no autotools.
# Every .c of the generic base (lib/) and of the concern folders (data/, features/, model/,
# rules/, credit/) goes into the library, every tools/er-*.c is a binary and every
# tests/unit/test_*.c is a cmocka test, so a new module needs no edit here.

.SUFFIXES:

PREFIX   ?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR  ?=
BUILD    ?= build
ifeq ($(origin CC),default)
CC        = cc
endif
OPT      ?= -O2
WARN      = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla \
            -Wwrite-strings -Wno-format-nonliteral
CFLAGS   ?= $(OPT) -g
ALLCFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -I.
LDLIBS    = -lcsv -lxxhash -lm -pthread
# model/gbdt.c sets the OpenMP team size XGBoost's libgomp uses
XGB_LIBS  = -lxgboost -lgomp
# model/gbdt.c reads XGBoost's JSON model dump with jansson, so whatever links XGBoost links it too
JSON_LIBS = -ljansson
REGISTRY_LIBS = -lsqlite3 -lpq -lcrypto

# The library's folders, base first: a folder includes only itself and the folders before it
# (scripts/check-layers enforces it in make check).
LAYERS     = lib data features model rules credit
COMMON_SRC = $(foreach d,$(LAYERS),$(wildcard $(d)/*.c))
COMMON_HDR = $(foreach d,$(LAYERS),$(wildcard $(d)/*.h))
COMMON_OBJ = $(COMMON_SRC:%.c=$(BUILD)/%.o)
TOOLS_SRC  = $(wildcard tools/er-*.c)
TOOLS      = $(TOOLS_SRC:tools/%.c=$(BUILD)/bin/%)
UNIT_SRC   = $(wildcard tests/unit/test_*.c)
UNIT       = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANPAGES   = $(wildcard man/*.1 man/*.5)
FUZZ_SRC   = $(wildcard tests/fuzz/fuzz_*.c)
REPLAY     = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=$(BUILD)/tests/replay_%)
FUZZ_SECONDS ?= 60
LIB        = $(BUILD)/liber.a
# make check, demo, sanitize and the others build in parallel, one job per processor, unless
# -j was given (then its job server is used): the build is a third of make check's time
NPROC     := $(shell nproc 2> /dev/null || echo 1)
SUBMAKE    = $(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(NPROC))

all: $(TOOLS) ## build every tool into $(BUILD)/bin

$(COMMON_OBJ): $(BUILD)/%.o: %.c $(COMMON_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -c -o $@ $<

$(LIB): $(COMMON_OBJ)
	@rm -f $@
	ar rcs $@ $(COMMON_OBJ)

$(BUILD)/bin/%: tools/%.c $(LIB) $(COMMON_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(if $(filter er-train er-score er-dossier,$*),$(XGB_LIBS) $(JSON_LIBS)) $(if $(filter er-registry er-decide,$*),$(REGISTRY_LIBS)) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(COMMON_HDR) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Wno-unused-parameter -o $@ $< $(LIB) -lcmocka $(LDLIBS) $(XGB_LIBS) $(JSON_LIBS) $(LDFLAGS)

# The fuzz harnesses also build without libFuzzer, to replay their corpus in every check.
$(BUILD)/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB) $(COMMON_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Wno-unused-parameter -o $@ $< tests/fuzz/replay.c $(LIB) $(LDLIBS) $(XGB_LIBS) $(JSON_LIBS) $(LDFLAGS)

fuzz: deps ## run every libFuzzer harness FUZZ_SECONDS (default 60) with clang; crashes go to tests/fuzz/crashes
	@command -v clang > /dev/null || { echo "fuzz: needs clang (apt-get install clang)" >&2; exit 2; }
	@$(SUBMAKE) BUILD=build-fuzz CC=clang \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" build-fuzz/liber.a
	@mkdir -p tests/fuzz/crashes
	@for h in $(FUZZ_SRC); do \
		n=$$(basename $$h .c); c=$${n#fuzz_}; \
		clang $(ALLCFLAGS) -Wno-unused-parameter -O1 -g -fsanitize=fuzzer,address,undefined \
			-fno-sanitize-recover=all -o build-fuzz/$$n $$h build-fuzz/liber.a $(LDLIBS) $(XGB_LIBS) $(JSON_LIBS) || exit 1; \
		mkdir -p build-fuzz/corpus/$$c; \
		echo "fuzz: $$n for $(FUZZ_SECONDS) s"; \
		build-fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix=tests/fuzz/crashes/$$c- build-fuzz/corpus/$$c tests/fuzz/corpus/$$c \
			2> build-fuzz/$$n.log || { tail -30 build-fuzz/$$n.log; exit 1; }; \
		tail -1 build-fuzz/$$n.log; \
	done

# Every C file of the project, for clang-format (.clang-format holds the house style).
FORMAT_SRC = $(COMMON_SRC) $(COMMON_HDR) $(TOOLS_SRC) $(UNIT_SRC) $(FUZZ_SRC) \
             $(wildcard tests/fuzz/*.h tests/unit/*.h tests/faults/*.c) tests/fuzz/replay.c

format: ## rewrite every C file in the house style (clang-format, .clang-format)
	clang-format -i $(FORMAT_SRC)

format-check: ## fail when a C file differs from the house style (part of make check)
	@clang-format --dry-run -Werror $(FORMAT_SRC) || \
		{ echo "format-check: run 'make format' (clang-format) and commit the result" >&2; exit 1; }

deps: ## install missing build and test dependencies (Debian 12, apt-get)
	@sh scripts/deps

check: deps ## format check, unit and golden CLI tests; ends with 'N passed, N failed'
	@$(SUBMAKE) format-check all units
	@sh scripts/check $(BUILD)

# The cases that render pages in headless Chromium (er-report's, er-dossier's) skip, counted as
# skipped, where the browser is absent; this target installs it (and a CJK font, so the
# screenshots show Chinese names) before running them.
check-chromium: deps ## install chromium and a CJK font when missing, then run the headless Chromium cases
	@sh scripts/deps chromium fonts-wqy-microhei
	@$(SUBMAKE) all
	@sh scripts/check $(BUILD) chromium

units: $(UNIT) $(REPLAY) $(BUILD)/tests/failmalloc.so $(BUILD)/tests/failclose.so $(BUILD)/tests/oomwalk

# The allocation-failure shim of the fault tests (tests/cli/faults/out-of-memory), preloaded,
# never linked into a tool; built without CFLAGS so a sanitizer build does not instrument it.
$(BUILD)/tests/failmalloc.so: tests/faults/failmalloc.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -O2 -shared -fPIC -o $@ $<

# The walk that runs a tool once per allocation with the shim failing it (the out-of-memory
# cases' walk script), built the same way.
$(BUILD)/tests/oomwalk: tests/faults/oomwalk.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -O2 -o $@ $<

# The close-failure shim of tests/cli/faults/close-error, built the same way.
$(BUILD)/tests/failclose.so: tests/faults/failclose.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -O2 -shared -fPIC -o $@ $<

sanitize: deps ## the same tests under AddressSanitizer and UndefinedBehaviorSanitizer
	@$(SUBMAKE) BUILD=build-san \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=address,undefined" all units
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		sh scripts/check build-san

check-valgrind: deps ## the tests under valgrind
	@$(SUBMAKE) all units
	@ER_VALGRIND=1 sh scripts/check $(BUILD)

demo: deps ## build, generate a portfolio and run the whole pipeline on it
	@$(SUBMAKE) all
	@sh scripts/demo $(BUILD)

bench: deps ## throughput figures and side-by-side yardsticks (BENCH=train: that fragment alone; not run by CI)
	@$(SUBMAKE) all
	@sh scripts/bench $(BUILD) $(BENCH)

install: all ## install binaries and man pages under $(DESTDIR)$(PREFIX)
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(MANPREFIX)/man5
	cp $(TOOLS) $(DESTDIR)$(PREFIX)/bin/
	for m in $(MANPAGES); do \
		case $$m in *.1) cp $$m $(DESTDIR)$(MANPREFIX)/man1/;; *.5) cp $$m $(DESTDIR)$(MANPREFIX)/man5/;; esac; \
	done

clean: ## remove build products
	rm -rf build build-san build-fuzz

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed 's/:.*## /\t/' | expand -t 16

.PHONY: format format-check all deps check check-chromium units sanitize check-valgrind demo bench install clean help fuzz
