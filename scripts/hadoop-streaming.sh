#!/bin/sh
# hadoop-streaming.sh: er-features on Hadoop Streaming, partitioned by account.
#
#   hadoop-streaming.sh map       mapper: raw readings lines in, "K<TAB>canonical row" out
#   hadoop-streaming.sh reduce    reducer: "K<TAB>row" lines sorted by K in, indicator rows out
#   hadoop-streaming.sh merge [ACCOUNTS]
#                                 on the client: the reducers' outputs in, one table out
#
# The mapper runs er-ingest --partition K/N over its split for every K of N, so each valid
# row leaves it once, keyed by its partition. Hadoop brings each key's rows to one reducer,
# sorted by key; for each partition K it receives, the reducer partitions the side tables
# the same way (er-ingest --partition K/N), runs er-features with the whole accounts table
# (two indicators count enterprises across all accounts) and keeps the rows of partition K's
# accounts: the work of parallel-features.sh, which it calls. merge keeps one header, sorts
# the rows by id and recomputes usage.industry_growth_dev, whose median runs over every
# partition's peers. The result equals one er-features run over everything, row for row
# (tests/cli/pipeline/partitioned-hadoop runs this flow without Hadoop).
#
# Environment (give it with -cmdenv):
#   ER_PARTITIONS     N, the number of partitions (required); use as many reducers
#   ER_HEADER         the header line of the readings export (required: only the first split
#                     holds it; a split's first line equal to it is dropped)
#   ER_SIDE           directory of the side exports accounts.csv, bills.csv, inspections.csv,
#                     events.csv, each optional (default: the task's directory, where -files
#                     puts them)
#   ER_INGEST_OPTS    options for every er-ingest, split on spaces (e.g. --ids=keep)
#   ER_FEATURES_OPTS  options for er-features, read as shell words (e.g. --asof=2024-06-30)
#
# Entities are accounts: the partition is a hash of the account, so --by enterprise is
# refused. Duplicate readings are dropped within a split, not across splits. Rows are TSV
# end to end (a line without a tab would come out of Hadoop with a tab appended).
#
# The job, with er-ingest and er-features built for the cluster's nodes:
#
#   hadoop jar "$HADOOP_HOME"/share/hadoop/tools/lib/hadoop-streaming-*.jar \
#     -D mapreduce.job.name=er-features \
#     -D mapreduce.job.reduces=8 \
#     -D stream.num.map.output.key.fields=1 \
#     -D mapreduce.partition.keypartitioner.options=-k1,1 \
#     -partitioner org.apache.hadoop.mapred.lib.KeyFieldBasedPartitioner \
#     -files scripts/hadoop-streaming.sh,scripts/parallel-features.sh,build/bin/er-ingest,build/bin/er-features,exports/accounts.csv,exports/bills.csv,exports/inspections.csv,exports/events.csv \
#     -cmdenv ER_PARTITIONS=8 \
#     -cmdenv "ER_HEADER=$(head -1 exports/readings.csv)" \
#     -cmdenv ER_INGEST_OPTS=--ids=keep \
#     -cmdenv ER_FEATURES_OPTS=--asof=2024-06-30 \
#     -input /er/exports/readings -output /er/features/2024-06-30 \
#     -mapper 'sh hadoop-streaming.sh map' -reducer 'sh hadoop-streaming.sh reduce'
#   hdfs dfs -cat '/er/features/2024-06-30/part-*' |
#     sh scripts/hadoop-streaming.sh merge exports/accounts.csv > features.tsv
#
# (Two partitions may meet in one reducer; it handles each on its own.) The binaries must
# find libcsv and libxxhash on the nodes, or be linked statically.
#
# Exit status: 0 ok, 2 usage or missing settings, 3 a tool failed (its messages on stderr,
# in the task's log). Rows er-ingest rejects are reported on stderr and left out.
set -u
me=hadoop-streaming.sh
here=$(cd "$(dirname "$0")" && pwd)
# the task's directory holds the files shipped with -files: tools there come first
PATH=$here:$(pwd):$PATH
export PATH

fail() {
	echo "$me: $*" >&2
	exit 3
}

need_settings() {
	case ${ER_PARTITIONS:-} in '' | *[!0-9]* | 0*)
		echo "$me: ER_PARTITIONS must be the number of partitions (got '${ER_PARTITIONS:-}')" >&2
		exit 2 ;;
	esac
	if [ -z "${ER_HEADER:-}" ]; then
		echo "$me: ER_HEADER must be the header line of the readings export" >&2
		exit 2
	fi
}

tmp=$(mktemp -d) || exit 3
trap 'rm -rf "$tmp"' EXIT
trap 'exit 3' INT TERM

case ${1:-} in
map)
	need_settings
	# the split, under the export's header (split 0 starts with it: dropped)
	awk -v h="$ER_HEADER" 'NR == 1 { print h; l = $0; sub(/\r$/, "", l); if (l == h) next } { print }' \
		> "$tmp/split.csv" || fail "cannot write a temporary file"
	k=0
	while [ $k -lt "$ER_PARTITIONS" ]; do
		# shellcheck disable=SC2086
		er-ingest --kind readings --partition "$k/$ER_PARTITIONS" --output-tsv --quiet \
			${ER_INGEST_OPTS:-} "$tmp/split.csv" > "$tmp/part.tsv"
		rc=$?
		[ $rc -le 1 ] || fail "er-ingest failed on partition $k/$ER_PARTITIONS (exit $rc)"
		tail -n +2 "$tmp/part.tsv" | awk -v k=$k '{ print k "\t" $0 }' || fail "write error"
		k=$((k + 1))
	done
	;;
reduce)
	need_settings
	side=${ER_SIDE:-.}
	case $side in /*) ;; *) side=$(pwd)/$side ;; esac
	# the canonical header of these readings, from er-ingest itself
	# shellcheck disable=SC2086
	printf '%s\n' "$ER_HEADER" | er-ingest --kind readings --output-tsv --quiet ${ER_INGEST_OPTS:-} \
		> "$tmp/header" || fail "er-ingest refused the readings header"
	# one directory per partition key, the rows under the canonical header
	awk -v dir="$tmp" -v hf="$tmp/header" '
		BEGIN { getline header < hf }
		{
			k = $0; sub(/\t.*/, "", k)
			if (k !~ /^[0-9]+$/) { print "'$me': bad partition key \"" k "\" (line " NR ")" > "/dev/stderr"; exit 3 }
			f = dir "/" k "/readings.tsv"
			if (!(k in seen)) {
				seen[k] = 1
				system("mkdir -p " dir "/" k)
				print header > f
				print k > (dir "/keys")
			}
			sub(/^[^\t]*\t/, "")
			print > f
		}' || fail "cannot split the reducer input"
	[ -f "$tmp/keys" ] || exit 0
	ingest_opts=${ER_INGEST_OPTS:-}
	features_opts=${ER_FEATURES_OPTS:-}
	# the mapper split the readings by account: an enterprise's accounts may be in two reducers
	case " $features_opts " in
	*" --by enterprise "* | *" --by=enterprise "*)
		fail "--by enterprise cannot be partitioned by the mapper's account hash (use scripts/parallel-features.sh or scripts/slurm)" ;;
	esac
	while read -r k; do
		N=$ER_PARTITIONS exports=$side work=$tmp ingest_opts=$ingest_opts \
			features_opts=$features_opts sh "$here/parallel-features.sh" --one "$k"
		rc=$?
		cat "$tmp/$k/log" >&2
		[ $rc -eq 0 ] || fail "partition $k/$ER_PARTITIONS failed (exit $rc)"
		cat "$tmp/$k/features.out" || fail "write error"
	done < "$tmp/keys"
	;;
merge)
	acc=
	if [ -n "${2:-}" ]; then
		# shellcheck disable=SC2086
		er-ingest --kind accounts --output-tsv --quiet ${ER_INGEST_OPTS:-} "$2" > "$tmp/accounts.tsv"
		[ $? -le 1 ] || fail "er-ingest failed on '$2'"
		acc=$tmp/accounts.tsv
	fi
	sh "$here/parallel-features.sh" --merge "$acc" || fail "merge failed"
	;;
*)
	echo "Usage: $me map|reduce|merge [ACCOUNTS]   (see the header comment of $0)" >&2
	exit 2
	;;
esac
