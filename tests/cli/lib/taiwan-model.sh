# taiwan-model.sh FILE: trains the scorecard many cases score with (the Taiwan sample,
# er-train --quiet --method scorecard) into FILE; exits non-zero when training fails.
exec er-train --quiet --id ID --label default.payment.next.month --method scorecard -o "$1" \
	"$TESTDATA/taiwan/train-2k.csv"
