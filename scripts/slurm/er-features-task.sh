#!/bin/sh
# er-features-task.sh: the steps of er-features-slurm, run by Slurm on the nodes (or here).
#
#   er-features-task.sh split WORKDIR     the whole accounts table ingested, every other export
#                                         split into its N partitions (one pass each)
#   er-features-task.sh task WORKDIR      partition $SLURM_ARRAY_TASK_ID: its share of the rows
#   er-features-task.sh merge WORKDIR     the shares to one table, written to the OUT of env
#
# WORKDIR/env holds the settings er-features-slurm wrote. Exit status: 0 ok, 1 some rows
# rejected, 2 usage, 3 failed (the log says why).
set -u
me=er-features-task.sh
here=$(cd "$(dirname "$0")" && pwd)
pf=$here/../parallel-features.sh
[ $# -eq 2 ] && [ -f "$2/env" ] || {
	echo "Usage: $me split|task|merge WORKDIR (with WORKDIR/env)" >&2
	exit 2
}
step=$1
. "$2/env"
export N exports work ingest_opts features_opts PATH

find_export() {
	for f in "$exports/$1.csv" "$exports/$1.tsv"; do
		[ -f "$f" ] && { printf '%s\n' "$f"; return; }
	done
}

case $step in
split)
	# shellcheck disable=SC2086
	sh "$pf" --split > "$work/split.log" 2>&1
	rc=$?
	echo "$rc" > "$work/split.status"
	[ $rc -eq 0 ] || { cat "$work/split.log" >&2; exit 3; }
	;;
task)
	k=${SLURM_ARRAY_TASK_ID:-}
	case $k in '' | *[!0-9]*) echo "$me: no SLURM_ARRAY_TASK_ID" >&2; exit 2 ;; esac
	[ "$k" -lt "$N" ] || { echo "$me: task $k of $N partitions" >&2; exit 2; }
	rm -f "$work/$k/rejected"
	sh "$pf" --one "$k"
	rc=$?
	[ $rc -eq 0 ] || { cat "$work/$k/log" >&2; exit 3; }
	;;
merge)
	status=0
	[ ! -f "$work/all/rejected" ] || status=1
	k=0
	cat "$work/split.log" > "$work/merge.log" 2>/dev/null || : > "$work/merge.log"
	while [ "$k" -lt "$N" ]; do
		cat "$work/$k/log" >> "$work/merge.log" 2>/dev/null
		if [ ! -f "$work/$k/features.out" ]; then
			echo "$me: partition $k of $N has no result (log $work/$k/log)" >> "$work/merge.log"
			status=3
		elif [ -f "$work/$k/rejected" ] && [ $status -eq 0 ]; then
			status=1
		fi
		k=$((k + 1))
	done
	if [ $status -ne 3 ]; then
		by=
		case " $features_opts " in *"'--by' 'enterprise'"* | *"'--by=enterprise'"*) by=enterprise ;; esac
		# the merge reads --loans and --asof among them (legacy codes' enterprises)
		eval "set -- $features_opts"
		k=0
		while [ "$k" -lt "$N" ]; do
			cat "$work/$k/features.out"
			k=$((k + 1))
		done | sh "$pf" --merge "$work/accounts-all.tsv" "$by" "$@" > "$out.tmp" && mv -f "$out.tmp" "$out" || status=3
	fi
	echo "$status" > "$work/status"
	exit $status
	;;
*)
	echo "$me: unknown step '$step' (split, task or merge)" >&2
	exit 2
	;;
esac
