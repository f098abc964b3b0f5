# split.sh: the steps of the case tests/cli/er-ingest/split (what they show: see its cmd).
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
er-ingest --kind readings --split 3 --split-dir "$t" --rejects "$t/rejects.csv" data.csv
echo "exit $?: $(ls "$t" | tr '\n' ' ')"
for k in 0 1 2; do
	if er-ingest --kind readings --partition $k/3 --quiet data.csv 2> /dev/null | cmp -s - "$t/$k.csv"; then
		echo "$k.csv = --partition $k/3 ($(($(wc -l < "$t/$k.csv") - 1)) rows)"
	else
		echo "$k.csv differs from --partition $k/3"
	fi
done
echo "rejects: $(($(wc -l < "$t/rejects.csv") - 1))"
# by enterprise: accounts 1-4 belong to one enterprise, so they land in one file
printf 'account_id,uscc\n' > "$t/accounts.csv"
for a in 01 02 03 04; do printf '33010000%s,91350100M000100Y43\n' $a >> "$t/accounts.csv"; done
mkdir "$t/e"
er-ingest --kind readings --split 3 --split-dir "$t/e" --output-tsv --partition-by enterprise \
	--accounts "$t/accounts.csv" --quiet data.csv 2> /dev/null
echo "exit $?: $(ls "$t/e" | tr '\n' ' ')"
for k in 0 1 2; do
	er-ingest --kind readings --partition $k/3 --output-tsv --partition-by enterprise --accounts "$t/accounts.csv" \
		--quiet data.csv 2> /dev/null | cmp -s - "$t/e/$k.tsv" || echo "$k.tsv differs from --partition $k/3"
	printf '%s.tsv: accounts %s\n' $k "$(tail -n +2 "$t/e/$k.tsv" | cut -f1 | sort -u | sed 's/^33010000//' | tr '\n' ' ')"
done
er-ingest --kind readings --split 3 data.csv
echo "exit $?"
er-ingest --kind readings --split 3 --partition 1/3 --split-dir "$t" data.csv
echo "exit $?"
er-ingest --kind readings --split 1001 --split-dir "$t" data.csv
echo "exit $?"
er-ingest --kind readings --split 2 --split-dir "$t/missing" --quiet data.csv 2>&1 | sed "s|$t|TMP|"
echo "exit $(er-ingest --kind readings --split 2 --split-dir "$t/missing" --quiet data.csv 2> /dev/null; echo $?)"
