# lint-man-pages.sh: the steps of the case tests/cli/docs/man-lint (what they show: see its cmd).
top=$TESTDATA/..
cd "$top/man" || exit 3
mandoc -Tlint -Wwarning ./*.1 ./*.5
echo "mandoc -Tlint -Wwarning: exit $?"
for m in *.1 *.5; do
	case $m in
	*.1) want="NAME SYNOPSIS DESCRIPTION OPTIONS EXIT_STATUS EXAMPLES SEE_ALSO" ;;
	*.5) want="NAME DESCRIPTION EXAMPLES SEE_ALSO" ;;
	esac
	have=$(mandoc -Tascii "$m" | col -b | grep -E '^[A-Z][A-Z ]*$' | tr ' ' _ | tr '\n' ' ')
	missing=
	for s in $want; do
		case " $have " in *" $s "*) ;; *) missing="$missing $(echo $s | tr _ ' ')," ;; esac
	done
	[ -z "$missing" ] || echo "$m: no section${missing%,}"
done
for src in "$top"/tools/er-*.c "$top"/scripts/er-explain "$top"/scripts/er-report; do
	name=$(basename "$src" .c)
	[ -f "$name.1" ] || echo "$name: no man page man/$name.1"
done
echo "pages: $(ls *.1 *.5 | tr '\n' ' ')"
