# stream-line-by-line.sh: the steps of the case tests/cli/er-ingest/line-buffered-stream (what they show: see its cmd).
d=$(mktemp -d)
mkfifo "$d/go"
{
	printf 'account_id,date,kwh\nA1,2024-01-01,5\n'
	read -r x < "$d/go"
	printf 'A1,2024-01-02,6\n'
} | timeout 20 er-ingest --kind readings --line-buffered --quiet | {
	read -r header
	read -r first
	echo "before the second row was sent: $first"
	echo go > "$d/go"
	cat
}
rm -rf "$d"
