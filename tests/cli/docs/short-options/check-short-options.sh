# check-short-options.sh: the steps of the case tests/cli/docs/short-options (what they show: see its cmd).
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
for tool in er-alert er-decide er-features er-ingest er-profile er-registry er-score er-screen er-synth er-train er-verify; do
	for pair in "-h --help" "-V --version"; do
		set -- $pair
		"$tool" "$1" > "$t/short" 2>&1; a=$?
		"$tool" "$2" > "$t/long" 2>&1; b=$?
		if [ $a = 0 ] && [ $b = 0 ] && cmp -s "$t/short" "$t/long"; then
			echo "$tool $1: as $2"
		else
			echo "$tool $1: exit $a, not as $2 (exit $b): $(head -1 "$t/short")"
		fi
	done
	"$tool" --help > "$t/help"
	for line in "-h, --help" "-V, --version"; do
		grep -q -- "^  $line " "$t/help" || echo "$tool --help: no '$line' line"
	done
done
