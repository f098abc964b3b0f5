#!/bin/sh
# parallel-features.sh: er-features over N partitions on one machine, results concatenated.
#
# Usage: parallel-features.sh [-j JOBS] [-w WORKDIR] [-I INGEST-OPTION]... N EXPORTS [ER-FEATURES OPTION...]
#
# EXPORTS is a directory holding readings.csv (required) and, when present, accounts.csv,
# bills.csv, inspections.csv and events.csv: raw exports or canonical tables, anything
# er-ingest reads. First each export is read once and split into its N partitions
# (er-ingest --split N: one pass, rejects and duplicates found over the whole export), the
# kinds side by side; then each partition K of N (0 to N-1) is one job:
#
#   er-features --partition K/N --accounts ALL-ACCOUNTS [--bills WORK/split/bills/K.tsv ...]
#     ER-FEATURES OPTIONS WORK/split/readings/K.tsv
#
# and the rows of all partitions are concatenated under one header and sorted by id, the
# order er-features writes, so the result equals one er-features run over everything, row
# for row. Every partition reads the whole accounts table because three indicators
# (info.phone_shared, info.address_shared, info.legal_rep_shared) count enterprises across all
# accounts; er-features --partition then writes the rows of partition K's entities only.
#
# Entities are accounts, or with --by enterprise among the ER-FEATURES OPTIONS enterprises:
# then every table is partitioned by the enterprise of its account (er-ingest --partition-by
# enterprise, with the whole accounts table), so the accounts of one enterprise meet in one
# partition; an accounts export is then required. Duplicate rows are keyed by account, so they
# fall in one partition and are dropped exactly as in one run.
#
# Jobs run with GNU parallel when it is installed, else with xargs -P. JOBS defaults to N.
# -I passes an option to every er-ingest (for example -I --ids=keep). Rows er-ingest
# rejects are kept in WORKDIR/all/rejects-KIND.tsv; WORKDIR (default: a temporary directory,
# removed at the end) also keeps the partitions' tables (WORKDIR/split/KIND/K.tsv) and logs.
# Standard error gets the split's summary lines (accounts first, then the kinds), then each
# partition's, in partition order.
#
# er-features --asof last is refused (usage; in a job of scripts/slurm or hadoop-streaming.sh
# too): each partition would be as of the latest date of its own rows; give the date.
#
# Exit status: 0 ok, 1 some rows rejected (all partitions still done), 2 usage,
# 3 a partition failed (its log is shown).
#
# Example, 4 partitions of the er-synth portfolio in portfolio/:
#   parallel-features.sh -I --ids=keep 4 portfolio --asof 2024-06-30 > features.csv
set -u
me=parallel-features.sh
kinds_side="accounts bills inspections events"

usage() {
	echo "Usage: $me [-j JOBS] [-w WORKDIR] [-I INGEST-OPTION]... N EXPORTS [ER-FEATURES OPTION...]" >&2
	echo "Try the header comment of $0 for more information." >&2
	exit 2
}

# find_export DIR KIND: prints the export file of KIND in DIR (.csv or .tsv), or nothing.
find_export() {
	for f in "$1/$2.csv" "$1/$2.tsv"; do
		if [ -f "$f" ]; then
			printf '%s\n' "$f"
			return
		fi
	done
}

# ingest KIND FILE OUT REJECTS [ER-INGEST OPTION...]: er-ingest into OUT (TSV); status 0 when
# all rows were kept or some rejected (noted in WORK/K/rejected), else er-ingest's status.
ingest() {
	kind=$1 file=$2 out=$3 rej=$4
	shift 4
	# shellcheck disable=SC2086
	er-ingest --kind "$kind" --output-tsv --rejects "$rej" $ingest_opts "$@" "$file" > "$out.tmp"
	rc=$?
	if [ $rc -eq 1 ]; then
		: > "${out%/*}/rejected"
		rc=0
	fi
	[ $rc -eq 0 ] && mv -f "$out.tmp" "$out"
	return $rc
}

# opt_value --NAME ER-FEATURES OPTION...: prints the value of the last --NAME X or --NAME=X
opt_value() {
	name=$1 prev= v=
	shift
	for a in "$@"; do
		case $a in "$name"=*) v=${a#*=} ;; esac
		[ "$prev" = "$name" ] && v=$a
		prev=$a
	done
	printf '%s' "$v"
}

# asof_last_refused ER-FEATURES OPTION...: status 0, said on stderr, when they give --asof
# last: each partition would be as of the latest date of its own share of the rows
asof_last_refused() {
	[ "$(opt_value --asof "$@")" = last ] || return 1
	echo "$me: --asof last would give each partition the latest date of its own rows: give the date (--asof DATE)" >&2
}

# wants_enterprise ER-FEATURES OPTION...: status 0 when they ask for enterprises
wants_enterprise() {
	prev=
	for a in "$@"; do
		if [ "$a" = --by=enterprise ] || { [ "$prev" = --by ] && [ "$a" = enterprise ]; }; then
			return 0
		fi
		prev=$a
	done
	return 1
}

# ingest_part KIND FILE OUT: the rows of KIND in partition K (variables k, N, by, d, work),
# split by account, or by the enterprise of each account (the whole accounts table tells it)
ingest_part() {
	if [ -z "$by" ]; then
		ingest "$1" "$2" "$3" "$d/rejects-$1.tsv" --partition "$k/$N"
	else
		ingest "$1" "$2" "$3" "$d/rejects-$1.tsv" --partition "$k/$N" --partition-by enterprise \
			--accounts "$work/accounts-all.tsv"
	fi
}

# split_kind KIND: the export of KIND split into WORK/split/KIND/0..N-1.tsv (variables N,
# exports, work, by); its log in WORK/all/log-KIND, a rejection noted in WORK/all/rejected.
# Status 0, or 3 after er-ingest failed.
split_kind() {
	f=$(find_export "$exports" "$1")
	[ -n "$f" ] || return 0
	dir=$work/split/$1
	rm -rf "$dir" "$dir.tmp"
	mkdir -p "$dir.tmp" || return 3
	set -- "$1" --split "$N" --split-dir "$dir.tmp"
	[ -z "$by" ] || set -- "$@" --partition-by enterprise --accounts "$work/accounts-all.tsv"
	# shellcheck disable=SC2086
	er-ingest --kind "$@" --output-tsv --rejects "$work/all/rejects-$1.tsv" $ingest_opts "$f" \
		2> "$work/all/log-$1"
	rc=$?
	[ $rc -ne 1 ] || : > "$work/all/rejected"
	[ $rc -le 1 ] || return 3
	mv "$dir.tmp" "$dir"
}

# split_all: the whole accounts table once (every partition reads it), then every other
# export split into its N partitions, the kinds side by side (variables N, exports, work,
# ingest_opts, by). Status 0, 2 (--by enterprise without accounts) or 3, after a message.
split_all() {
	mkdir -p "$work/all" || return 3
	rm -f "$work/all/rejected" "$work/rejected"
	f=$(find_export "$exports" accounts)
	if [ -n "$f" ]; then
		ingest accounts "$f" "$work/accounts-all.tsv" "$work/all/rejects-accounts.tsv" 2> "$work/all/log" || {
			cat "$work/all/log" >&2
			echo "$me: the accounts table failed" >&2
			return 3
		}
		cat "$work/all/log" >&2
		# ingest notes a rejection beside its output
		[ ! -f "$work/rejected" ] || mv -f "$work/rejected" "$work/all/rejected"
	elif [ -n "$by" ]; then
		echo "$me: --by enterprise needs an accounts export (directory $exports)" >&2
		return 2
	fi
	pids=
	for kind in readings $kinds_side; do
		[ "$kind" = accounts ] && continue
		split_kind "$kind" &
		pids="$pids $!:$kind"
	done
	failed=
	for p in $pids; do
		wait "${p%%:*}" || failed="$failed ${p#*:}"
	done
	for kind in readings $kinds_side; do
		[ -f "$work/all/log-$kind" ] && cat "$work/all/log-$kind" >&2
	done
	if [ -n "$failed" ]; then
		echo "$me: splitting the export failed:$failed" >&2
		return 3
	fi
	return 0
}

# one K: the job of partition K (variables N, exports, work, ingest_opts exported by the parent)
one() {
	k=$1
	d=$work/$k
	mkdir -p "$d"
	{
		f=$(find_export "$exports" accounts)
		# a Hadoop reducer has no parent to read the whole accounts table first
		if [ -n "$f" ] && [ ! -f "$work/accounts-all.tsv" ]; then
			mkdir -p "$work/all"
			ingest accounts "$f" "$work/accounts-all.tsv" "$work/all/rejects-accounts.tsv" || return 3
		fi
		# a job of scripts/slurm or hadoop-streaming.sh, which do not look at the options
		! eval "asof_last_refused $features_opts" || return 2
		by=
		if eval "wants_enterprise $features_opts"; then
			by=enterprise
			[ -f "$work/accounts-all.tsv" ] || {
				echo "$me: --by enterprise needs an accounts export (directory $exports)"
				return 2
			}
		fi
		readings=$d/readings.tsv
		# split before (split_all), or a Hadoop reducer (hadoop-streaming.sh) hands its
		# partition's readings over ready; else this job reads its share of the export
		if [ -f "$work/split/readings/$k.tsv" ]; then
			readings=$work/split/readings/$k.tsv
		elif [ ! -f "$readings" ]; then
			ingest_part readings "$(find_export "$exports" readings)" "$readings" || return 3
		fi
		set --
		for kind in $kinds_side; do
			f=$(find_export "$exports" "$kind")
			[ -n "$f" ] || continue
			if [ "$kind" = accounts ]; then
				set -- "$@" --accounts "$work/accounts-all.tsv"
			elif [ -f "$work/split/$kind/$k.tsv" ]; then
				set -- "$@" "--$kind" "$work/split/$kind/$k.tsv"
			else
				ingest_part "$kind" "$f" "$d/$kind.tsv" || return 3
				set -- "$@" "--$kind" "$d/$kind.tsv"
			fi
		done
		eval "set -- \"\$@\" $features_opts"
		er-features --partition "$k/$N" "$@" "$readings" > "$d/features.tmp" || return 3
		mv -f "$d/features.tmp" "$d/features.out"
	} 2> "$d/log"
}

# merge [ACCOUNTS [BY [ER-FEATURES OPTION...]]]: the partitions' outputs on stdin (each with its
# header) to one table on stdout: the first header, the rows sorted by id (bytes, as
# er-features writes them), and usage.industry_growth_dev recomputed over all partitions.
# That indicator is growth_12m minus the median growth_12m of the entities of the same
# industry, so a partition alone sees only its share of the peers; the median is taken again here exactly as er-features
# takes it (the mean of the two middle values for an even count) and the difference written
# as er-features writes numbers (the shortest of %.15g, %.16g, %.17g that reads back).
# ACCOUNTS is the canonical accounts table (TSV) with the industry of each account. With BY
# enterprise, a row's industry is that of the first account of its enterprise that has one,
# as er-features takes it: the enterprise is the account's credit code (trimmed, in upper
# case); for a legacy organization code (XXXXXXXX-X) the code of the first applicant of
# --loans it belongs to (a loan applied for after --asof not counted, unless --asof-from);
# without a code, the account itself. The ER-FEATURES OPTIONS after BY tell --loans and --asof.
merge() {
	tab=$(printf '\t')
	# exports without an accounts table: no industries, nothing to recompute
	accounts=/dev/null
	[ -n "${1:-}" ] && [ -f "$1" ] && accounts=$1
	by=${2:-}
	if [ $# -ge 2 ]; then shift 2; else shift $#; fi
	loans=$(opt_value --loans "$@")
	[ -n "$loans" ] && [ "$by" = enterprise ] || loans=/dev/null
	# each applicant as of its own application (--asof-from loans): no loan is too late
	asof=$(opt_value --asof "$@")
	[ -z "$(opt_value --asof-from "$@")" ] || asof=
	LC_ALL=C awk -v tab="$tab" -v by="$by" -v loans="$loans" -v asof="$asof" '
		# split line s into raw[1..n] (quotes kept) and val[1..n]; returns n
		function split_row(s, sep,    n, i, c, q, f, v) {
			n = 0
			if (sep == tab || index(s, "\"") == 0) {
				# no quotes: the fields are the text between separators
				n = split(s, raw, sep)
				for (i = 1; i <= n; i++) val[i] = raw[i]
				return n
			}
			f = ""; v = ""; q = 0
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (q) {
					f = f c
					if (c == "\"") {
						if (substr(s, i + 1, 1) == "\"") { f = f "\""; v = v "\""; i++ }
						else q = 0
					} else v = v c
				} else if (c == ",") {
					raw[++n] = f; val[n] = v; f = ""; v = ""
				} else {
					f = f c
					if (c == "\"") q = 1; else v = v c
				}
			}
			raw[++n] = f; val[n] = v
			return n
		}
		# sorts a[1..n] ascending in O(n log n) (mawk has no asort)
		function sift(a, i, n,    c, x) {
			x = a[i]
			while ((c = 2 * i) <= n) {
				if (c < n && a[c + 1] > a[c]) c++
				if (a[c] <= x) break
				a[i] = a[c]
				i = c
			}
			a[i] = x
		}
		function heapsort(a, n,    i, x) {
			for (i = int(n / 2); i >= 1; i--) sift(a, i, n)
			for (i = n; i > 1; i--) {
				x = a[1]; a[1] = a[i]; a[i] = x
				sift(a, 1, i - 1)
			}
		}
		function fmt(x,    p, s) {
			if (x == 0) return "0"
			if (x == int(x) && x < 1e15 && x > -1e15) return sprintf("%.0f", x)
			for (p = 15; p <= 17; p++) {
				s = sprintf("%." p "g", x)
				if (p == 17 || s + 0 == x) return s
			}
		}
		# the applicants of --loans, in their first order, as er-features keeps them
		FILENAME == loans && FILENAME != "/dev/null" {
			sub(/\r$/, "")
			if (FNR == 1) {
				lsep = index($0, tab) ? tab : ","
				n = split_row($0, lsep)
				for (i = 1; i <= n; i++) {
					if (val[i] == "uscc") lucol = i
					if (val[i] == "apply_date") ldcol = i
				}
				next
			}
			split_row($0, lsep)
			u = toupper(val[lucol]); gsub(/^[ \t]+|[ \t]+$/, "", u)
			if (!lucol || u == "" || (asof != "" && ldcol && val[ldcol] > asof) || (u in applicant)) next
			applicant[u] = 1
			lorder[++nloans] = u
			next
		}
		FILENAME != "-" {
			# split on every tab: an empty field (no code, no industry) is a field too
			n = split($0, f, tab)
			if (FNR == 1) {
				for (i = 1; i <= n; i++) {
					if (f[i] == "industry") icol = i
					if (f[i] == "uscc") ucol = i
				}
				next
			}
			key = f[1]
			if (by == "enterprise" && ucol) {
				u = toupper(f[ucol]); gsub(/^[ \t]+|[ \t]+$/, "", u)
				if (u != "") key = u
				# a legacy organization code: the enterprise of the applicant it belongs to
				if (u != "" && !(u in applicant) && (length(u) == 9 || length(u) == 10)) {
					code = length(u) == 10 && substr(u, 9, 1) == "-" ? substr(u, 1, 8) substr(u, 10, 1) : u
					for (o = 1; o <= nloans; o++)
						if (length(code) == 9 && length(lorder[o]) == 18 && substr(lorder[o], 9, 9) == code) {
							key = lorder[o]
							break
						}
				}
			}
			if (icol && f[icol] != "" && !(key in industry)) industry[key] = f[icol]
			next
		}
		header == "" {
			header = $0
			sep = index(header, tab) ? tab : ","
			nh = split_row(header, sep)
			for (i = 1; i <= nh; i++) {
				if (val[i] == "usage.growth_12m") gcol = i
				if (val[i] == "usage.industry_growth_dev") dcol = i
			}
			next
		}
		$0 == header { next }
		{ rows[++nrows] = $0 }
		END {
			if (header == "") exit
			print header
			if (!gcol || !dcol) { for (r = 1; r <= nrows; r++) print rows[r]; exit }
			for (r = 1; r <= nrows; r++) {
				split_row(rows[r], sep)
				id[r] = val[1]
				if (val[gcol] != "" && (val[1] in industry)) {
					g = industry[val[1]]
					growth[r] = val[gcol] + 0
					cnt[g]++
					member[g, cnt[g]] = growth[r]
					group[r] = g
				}
			}
			for (g in cnt) {
				# an industry may hold tens of thousands of peers: heapsort, not insertion
				n = cnt[g]
				for (i = 1; i <= n; i++) a[i] = member[g, i]
				heapsort(a, n)
				med[g] = n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
			}
			for (r = 1; r <= nrows; r++) {
				n = split_row(rows[r], sep)
				raw[dcol] = (r in group) ? fmt(growth[r] - med[group[r]]) : ""
				line = raw[1]
				for (i = 2; i <= n; i++) line = line sep raw[i]
				print line
			}
		}' "$loans" "$accounts" - | {
		IFS= read -r h || exit 0
		printf '%s\n' "$h"
		case $h in *"$tab"*) sep=$tab ;; *) sep=, ;; esac
		LC_ALL=C sort -t "$sep" -k1,1 -s
	}
}

if [ "${1:-}" = --merge ]; then
	# internal: hadoop-streaming.sh merges its reducers' outputs with this
	shift
	merge "$@"
	exit
fi
if [ "${1:-}" = --split ]; then
	# internal: er-features-slurm's split job (variables from its env file)
	by=
	eval "wants_enterprise $features_opts" && by=enterprise
	split_all
	exit
fi
if [ "${1:-}" = --one ]; then
	# internal: one job, started by the parent through parallel or xargs
	one "$2"
	rc=$?
	[ $rc -eq 0 ] || echo "$me: partition $2 of $N failed (exit $rc); log $work/$2/log" >> "$work/$2/log"
	exit $rc
fi

jobs=
work=
ingest_opts=
while getopts j:w:I: opt; do
	case $opt in
	j) jobs=$OPTARG ;;
	w) work=$OPTARG ;;
	I) ingest_opts="$ingest_opts $OPTARG" ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || usage
N=$1
exports=$2
shift 2
case $N in '' | *[!0-9]* | 0*) echo "$me: bad number of partitions '$N'" >&2; usage ;; esac
[ -n "$jobs" ] || jobs=$N
case $jobs in '' | *[!0-9]* | 0*) echo "$me: bad number of jobs '$jobs'" >&2; usage ;; esac
[ -n "$(find_export "$exports" readings)" ] || {
	echo "$me: no readings export 'readings.csv' (directory $exports)" >&2
	exit 2
}
asof_last_refused "$@" && exit 2
by=
! wants_enterprise "$@" || by=enterprise
# the er-features options, quoted for eval in the jobs (the quotes are meant literally here)
features_opts=
for a in "$@"; do
	# shellcheck disable=SC2089
	features_opts="$features_opts '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
done

keep_work=1
if [ -z "$work" ]; then
	work=$(mktemp -d) || exit 3
	keep_work=0
	trap 'rm -rf "$work"' EXIT
	trap 'exit 3' INT TERM
fi
mkdir -p "$work" || exit 3
# shellcheck disable=SC2090
export N exports work ingest_opts features_opts

split_all || exit $?

k=0
while [ $k -lt "$N" ]; do
	rm -f "$work/$k/features.out" "$work/$k/rejected"
	echo $k
	k=$((k + 1))
done > "$work/partitions"

if command -v parallel > /dev/null 2>&1 && parallel --version 2> /dev/null | grep -q 'GNU parallel'; then
	parallel --will-cite -j "$jobs" sh "$0" --one {} < "$work/partitions"
else
	xargs -P "$jobs" -I{} sh "$0" --one {} < "$work/partitions"
fi
status=0
[ ! -f "$work/all/rejected" ] || status=1
k=0
while [ $k -lt "$N" ]; do
	cat "$work/$k/log" >&2
	if [ ! -f "$work/$k/features.out" ]; then
		status=3
	elif [ -f "$work/$k/rejected" ] && [ $status -eq 0 ]; then
		status=1
	fi
	k=$((k + 1))
done
if [ $status -eq 3 ]; then
	echo "$me: stopped: a partition failed" >&2
	exit 3
fi

k=0
while [ $k -lt "$N" ]; do
	cat "$work/$k/features.out"
	k=$((k + 1))
done | merge "$work/accounts-all.tsv" "$by" "$@" || exit 3
[ $keep_work -eq 1 ] || rm -rf "$work"
exit $status
