# union-of-partitions.sh: the steps of the case tests/cli/er-ingest/partition-union (what they show: see its cmd).
all=$(er-ingest --kind readings --quiet data.csv | tail -n +2 | sort)
parts=$(for k in 0 1 2; do er-ingest --kind readings --partition $k/3 --quiet data.csv | tail -n +2; done | sort)
[ "$all" = "$parts" ] && echo "the union of 3 partitions equals the whole: $(printf '%s\n' "$all" | wc -l) rows"
for k in 0 1 2; do
	printf 'partition %s/3: %s rows\n' $k "$(er-ingest --kind readings --partition $k/3 --quiet data.csv | tail -n +2 | wc -l)"
done
# summaries: each partition's counts add up to rows read, and the partitions' to the whole's
summaries=$(
	for k in 0 1 2; do er-ingest --kind readings --partition $k/3 --rejects /dev/null data.csv 2>&1 >/dev/null; done
	er-ingest --kind readings --rejects /dev/null data.csv 2>&1 >/dev/null
)
printf '%s\n' "$summaries"
printf '%s\n' "$summaries" | tr -d ',' | awk '
	NR <= 3 { if ($2 != $5 + $7 + $9 + $11) bad = 1; w += $5; r += $7; d += $9 }
	NR == 4 { if ($2 != $5 + $7 + $9 || w != $5 || r != $7 || d != $9) bad = 1 }
	END { print (bad || NR != 4) ? "counts do not add up" : "counts add up" }'
