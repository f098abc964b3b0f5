# For every tool, the long options of three places are the same set: its option table
# (tools/er-NAME.c: the er_opt entries of options[] and the groups of lib/cli.c's shared
# er_cli_io_opts its spec names; for a script, the --name) patterns of its option loop), the option
# lines of its --help, and the tags of the OPTIONS section of its man page. A difference is
# printed as "in A, not in B: --option".
# Then the defaults: every "(default X)", "(default: X)" or "; default X" of an option's
# --help text must be in the man page's text of the same option ("default X" or
# "default: X"), else "--option: the --help says 'default X', the man page does not".
top=$TESTDATA/..
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
# the shared options, by group
# (an entry the formatter wrapped is joined back into one line first)
sed -n '/^const struct er_opt_shared er_cli_io_opts\[\] = {/,/^};/p' "$top/lib/cli.c" |
	awk '/^};/ { next } /^[[:space:]]*\{\{/ { if (l != "") print l; l = $0; next } { l = l " " $0 } END { print l }' > "$t/shared-table"
shared_group() { # GROUP: the names of the shared options in GROUP
	grep -E "},[[:space:]]*$1},\$" "$t/shared-table" | grep -o '{{"[a-z0-9-]*"' | tr -d '{"'
}
# the options and their text, one "name<TAB>text" line per name, from option blocks: an
# option line (its names up to two spaces) and the lines after it that are indented further
help_text() {
	awk -v cont="$1" '
	function flush(   n, a, i) {
		if (names == "")
			return
		gsub(/[ \t]+/, " ", text)
		n = split(names, a, " ")
		for (i = 1; i <= n; i++)
			print a[i] "\t" text
		names = ""
	}
	$0 ~ "^" cont "-" {
		flush()
		h = $0
		sub(/^[ \t]+/, "", h)
		i = index(h, "  ")
		nm = i ? substr(h, 1, i - 1) : h
		text = h   # all of it: mandoc may put a short tag and its text one space apart
		while (match(nm, /--[a-z0-9][a-z0-9-]*/)) {
			names = names " " substr(nm, RSTART + 2, RLENGTH - 2)
			nm = substr(nm, RSTART + RLENGTH)
		}
		next
	}
	names != "" && /^(\t|        )/ { text = text " " $0; next }
	{ flush() }
	END { flush() }'
}
# "name<TAB>X" for each default X the text of an option states
defaults() {
	awk -F '\t' '{
		t = $2
		while (match(t, /[(;,] ?default:? [^);]+/)) {
			d = substr(t, RSTART, RLENGTH)
			sub(/^[(;,] ?default:? /, "", d)
			sub(/ +$/, "", d)
			print $1 "\t" d
			t = substr(t, RSTART + RLENGTH)
		}
	}'
}
mandoc -Tascii -O width=200 "$top/man/er-ingest.1" | col -b | sed -n '/^OPTIONS/,/^[A-Z]/p' |
	help_text '       ' > "$t/ingest-man-text"
compare() { # NAME: the three lists in $t/table, $t/help, $t/man
	bad=0
	for pair in "table help option-table --help" "help table --help option-table" "table man option-table man-page" "man table man-page option-table"; do
		set -- $pair
		for o in $(comm -23 "$t/$1" "$t/$2"); do
			echo "$name: in the $3, not in the $4: --$o"
			bad=1
		done
	done
	tab=$(printf '\t')
	while IFS=$tab read -r o d; do
		text=$(awk -F '\t' -v o="$o" '$1 == o { print $2 }' "$t/man-text")
		case $text in
		*"see er-ingest(1)"*) text=$(awk -F '\t' -v o="$o" '$1 == o { print $2 }' "$t/ingest-man-text") ;;
		esac
		case "$text " in   # not a longer value: "default 300" is not "default 30"
		*"default $d"[!A-Za-z0-9]*|*"default: $d"[!A-Za-z0-9]*) ;;
		*) echo "$name: --$o: the --help says 'default $d', the man page does not"; bad=1 ;;
		esac
	done < "$t/help-defaults"
	[ $bad = 1 ] || echo "$name: --help, man page and option table agree, defaults too"
}
for src in "$top"/tools/er-*.c "$top"/scripts/er-explain "$top"/scripts/er-report; do
	name=$(basename "$src" .c)
	case $src in
	*.c)
		{
			sed -n '/struct er_opt options\[\] = {/,/^};/p' "$src" | grep -o '^	{"[a-z0-9-]*"' | tr -d '{"	'
			shared_group 0
			for g in $(sed -n '/^	\.groups = /p' "$src" | grep -oE 'ER_IO_[A-Z_]+'); do
				shared_group "$g"
			done
		} | sort -u > "$t/table" ;;
	*)
		grep -oE '^[[:space:]]*(-[a-zA-Z] \| )?--[a-z0-9-]+(=\*)?\)' "$src" | grep -oE -- '--[a-z0-9-]+' |
			sed 's/^--//' | sort -u > "$t/table" ;;
	esac
	"$name" --help 2> /dev/null | help_text '[[:space:]]+' > "$t/help-text"
	cut -f1 "$t/help-text" | sort -u > "$t/help"
	defaults < "$t/help-text" > "$t/help-defaults"
	man=$top/man/$name.1
	if [ ! -f "$man" ]; then
		echo "$name: no man page man/$name.1"
		continue
	fi
	# the man page: the tags of OPTIONS as mandoc lays them out (at the section's indent)
	mandoc -Tascii -O width=200 "$man" | col -b | sed -n '/^OPTIONS/,/^[A-Z]/p' | help_text '       ' > "$t/man-text"
	cut -f1 "$t/man-text" | sort -u > "$t/man"
	compare
done
