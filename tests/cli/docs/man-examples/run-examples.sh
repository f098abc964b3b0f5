# Runs the EXAMPLES of every man page: each example block (.EX/.EE or .nf/.fi) runs with
# sh in a directory holding files of the names it uses (made here from er-synth, the
# files of testdata/ and models trained here), and its exit status is printed. Blocks that
# cannot run are named with the reason (a live pipe that never ends, a benchmark-sized
# run); blocks that are data, not commands, are checked against the tools (a rules file
# er-verify must read, the built-in policy er-alert prints, the records of a model file).
# A block this test does not know is reported, so a new example gets a decision.
set -u
top=$(cd "$TESTDATA/.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export LC_ALL=C

# --- shared data: a small portfolio (its raw exports and canonical tables), a model
d=$t/data
mkdir -p "$d/can"
er-synth --seed 21 --enterprises 120 --days 400 --end 2024-06-30 --headers zh --out "$d/raw" --quiet || exit 9
for k in accounts bills inspections events loans labels readings; do
	er-ingest --kind $k --ids keep --quiet "$d/raw/$k.csv" > "$d/can/$k.csv"
done
er-features --by enterprise --accounts "$d/can/accounts.csv" --bills "$d/can/bills.csv" \
	--inspections "$d/can/inspections.csv" --events "$d/can/events.csv" --loans "$d/can/loans.csv" \
	--asof-from loans --quiet "$d/can/readings.csv" > "$d/train-features.csv"
er-train --labels "$d/can/labels.csv" --quiet -o "$d/model.txt" "$d/train-features.csv" 2> /dev/null || [ $? -eq 1 ] || exit 9
er-features --by enterprise --accounts "$d/can/accounts.csv" --bills "$d/can/bills.csv" \
	--inspections "$d/can/inspections.csv" --events "$d/can/events.csv" --asof 2024-06-30 --quiet \
	"$d/can/readings.csv" > "$d/features.csv"
# the German credit data with its label in the column 'label'
awk 'NR == 1 { sub(/creditability/, "label"); print "id," $0; next } { print NR - 1 "," $0 }' \
	"$TESTDATA/germancredit.csv" > "$d/german-label.csv"

# --- the files each page's examples name
setup() {
	case $1 in
	er-alert.1) cp "$d/model.txt" "$d/features.csv" . ;;
	er-decide.1)
		cp "$TESTDATA"/decide/*.csv . && cp apps.csv applications.csv
		er-registry --db registry.db init
		er-registry --db registry.db import --platform bank-a "$TESTDATA/registry/bank-a.csv"
		er-registry --db registry.db products import products.csv ;;
	er-eval.1)
		er-train --quiet --id ID --label default.payment.next.month -o risk.model "$TESTDATA/taiwan/train-2k.csv"
		er-train --quiet --id ID --label default.payment.next.month --method scorecard -o card.model \
			"$TESTDATA/taiwan/train-2k.csv"
		cp "$TESTDATA/taiwan/test-1k.csv" holdout.csv
		er-score -m card.model --quiet holdout.csv > challenger.csv
		er-score -m risk.model --quiet "$TESTDATA/taiwan/train-2k.csv" > scores-2025.csv
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "default.payment.next.month") c = i
				print "id,label"; next } { print $1 "," $c }' holdout.csv > labels.csv
		# decisions on record, as er-decide --audit writes them
		awk -F, 'NR > 1 && NR < 200 { printf "{\"id\":\"%s\",\"decision\":\"%s\",\"grade\":\"A\"}\n", $1, \
			NR % 4 ? "accept" : "reject" }' holdout.csv > decisions.jsonl ;;
	er-dossier.1)
		cp "$d/can"/*.csv "$d/model.txt" "$d/features.csv" .
		cp -r "$d/raw" raw
		er-score -m model.txt --quiet features.csv > scores.csv
		er-alert --date 2024-06-30 --history alerts.log --quiet scores.csv > /dev/null ;;
	er-explain.1)
		cp "$d/model.txt" .
		mkdir -p work/2024-06-30
		cp "$d/features.csv" work/2024-06-30/
		er-verify --summary --no-fail-status --quiet work/2024-06-30/features.csv > work/2024-06-30/verify.csv ;;
	er-features.1)
		for k in accounts bills events loans; do cp "$TESTDATA/features/$k.csv" .; done
		cp "$TESTDATA/features/inspections.csv" insp.csv
		# a read_mode column: E (estimated) in meter_status
		awk -F, 'NR == 1 { print $0 ",read_mode"; next } { print $0 "," ($5 == "E" ? "estimated" : "actual") }' \
			"$TESTDATA/features/readings.csv" > readings.csv ;;
	er-ingest.1)
		cp "$d/raw/readings.csv" export.csv
		# a bill export whose columns have other names
		sed '1s/.*/CONS,bill_id,YM,kwh,AMT,DUE,paid_date,paid_amount,late_fee,pay_method/' "$d/can/bills.csv" > bills.csv
		# invoices of meters named by four columns, one invoice repeated
		printf '%s\n' client,day,kwh1,energy,number,tariff,code,status C1,2024-01-01,5,ELEC,100,11,203,0 \
			C1,2024-01-01,6,ELEC,100,12,203,0 C1,2024-01-01,7,ELEC,100,11,203,1 > invoices.csv
		# wide readings: 5 accounts, a column per day of June 2024
		awk -F, 'NR > 1 && $2 >= "2024-06-01" { if (!($1 in seen) && n < 5) { seen[$1] = 1; acc[++n] = $1 }
				if ($1 in seen) { v[$1, $2] = $4; day[$2] = 1 } }
			END { h = "account_id"; m = 0; for (x in day) dd[++m] = x
				for (i = 2; i <= m; i++) { y = dd[i]; for (j = i - 1; j >= 1 && dd[j] > y; j--) dd[j + 1] = dd[j]; dd[j + 1] = y }
				for (i = 1; i <= m; i++) h = h "," dd[i]; print h
				for (a = 1; a <= n; a++) { r = acc[a]; for (i = 1; i <= m; i++) r = r "," v[acc[a], dd[i]]; print r } }' \
			"$d/can/readings.csv" > meters.csv ;;
	er-profile.1)
		cp "$TESTDATA"/decide/*.csv .
		cp "$d/can/accounts.csv" "$d/can/bills.csv" "$d/can/readings.csv" .
		# the loan applications of the portfolio's enterprises, for a product of products.csv
		awk -F, 'NR == 1 { print "app_id,applicant_id,beneficiary_id,product,amount"; next }
			{ print $1 "," $2 ",,flat10," ($9 > 100000 ? 100000 : $9) }' "$d/can/loans.csv" > applications.csv
		cp "$d/model.txt" model.json ;;
	er-registry.1)
		cp "$TESTDATA/registry/bank-a.csv" bank-a-2024-06-30.csv
		cp "$TESTDATA/registry/bank-b.csv" lender-z.csv
		cp "$TESTDATA/decide/products.csv" "$TESTDATA/decide/profiles.csv" "$TESTDATA/decide/apps.csv" . ;;
	er-report.1)
		cp "$d/model.txt" "$d/train-features.csv" .
		mkdir -p work/2024-06-30
		er-score -m model.txt --quiet "$d/features.csv" > work/2024-06-30/scores.csv
		er-verify --summary --no-fail-status --quiet "$d/features.csv" > verify.csv
		er-alert --date 2024-06-30 --history work/alerts.log --quiet work/2024-06-30/scores.csv verify.csv > /dev/null ;;
	er-score.1)
		er-train --quiet --id ID --label default.payment.next.month -o risk.model "$TESTDATA/taiwan/train-2k.csv"
		cp "$TESTDATA/taiwan/test-1k.csv" test.csv ;;
	er-screen.1)
		cp "$TESTDATA/germancredit.csv" .
		cp "$d/can/labels.csv" labels.csv
		cp "$d/train-features.csv" features.csv
		cp "$d/german-label.csv" features_2023.csv
		cp "$d/german-label.csv" features_2024.csv ;;
	er-train.1)
		cp "$TESTDATA/taiwan/train-2k.csv" train.csv
		cp "$TESTDATA/taiwan/test-1k.csv" test.csv
		cp "$d/german-label.csv" features.csv ;;
	er-verify.1)
		cp "$d/can/accounts.csv" acc.csv
		cp "$d/can/bills.csv" "$d/can/readings.csv" "$d/features.csv" .
		cp "$d/can/labels.csv" outcomes.csv ;;
	esac
}

# --- what to do with block N of a page
action() {
	case $1:$2 in
	er-alert.1:2 | er-features.1:4 | er-score.1:2) echo "skip live monitoring: a pipe that waits for new rows" ;;
	er-dossier.1:3) echo "skip opens a browser: the chromium case of tests/cli/er-dossier renders the page" ;;
	er-synth.1:3) echo "skip benchmark size: 10 million readings, 273 MB (make bench runs it)" ;;
	er-registry.1:[34]) echo "skip needs a PostgreSQL server" ;;
	er-model.5:1) echo model-head ;;
	er-rules.5:1) echo rules-file ;;
	er-rules.5:2) echo alert-policy ;;
	er-score.1:1) echo command-then-output ;;
	er-alert.1:1 | er-decide.1:[123] | er-dossier.1:[12] | er-eval.1:1 | er-explain.1:[12] | er-features.1:[123] | er-ingest.1:[1234] | \
	er-profile.1:[12] | er-registry.1:[12] | er-report.1:1 | er-screen.1:[123] | er-synth.1:[12] | er-train.1:[12] | \
	er-verify.1:[1234]) echo run ;;
	*) echo unknown ;;
	esac
}

run_block() { # PAGE N FILE
	sh "$3" > "$t/out" 2> "$t/err" < /dev/null
	rc=$?
	printf '%s example %s: exit %s' "$1" "$2" $rc
	[ $rc -le 1 ] || [ $rc -eq 5 ] || printf ' (%s)' "$(tail -n 1 "$t/err")"
	echo
}

for page in "$top"/man/*.1 "$top"/man/*.5; do
	name=${page##*/}
	w=$t/run/$name
	mkdir -p "$w"
	# the example blocks, roff escapes undone
	awk -v dir="$w" '
		/^\.SH / { ex = ($0 ~ /^\.SH "?EXAMPLES"?$/); next }
		!ex { next }
		/^\.(EX|nf)/ { inb = 1; n++; f = dir "/.block" n; printf "" > f; next }
		/^\.(EE|fi)/ { inb = 0; close(f); next }
		inb && !/^\./ { print > f }
		END { print n + 0 > (dir "/.blocks") }' "$page"
	nb=$(cat "$w/.blocks")
	if [ "$nb" -eq 0 ]; then
		echo "$name: no example block"
		continue
	fi
	for n in $(seq 1 "$nb"); do
		sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e "s/\\\\(aq/'/g" -e 's/\\&//g' "$w/.block$n" > "$w/.example$n"
	done
	(cd "$w" && setup "$name") > /dev/null 2>&1 || echo "$name: the files of its examples could not be made"
	for n in $(seq 1 "$nb"); do
		a=$(action "$name" "$n")
		case $a in
		skip*) echo "$name example $n: not run: ${a#skip }" ;;
		run) (cd "$w" && run_block "$name" "$n" "$w/.example$n") ;;
		command-then-output)
			# the first line is the command, the rest its output: the header must match
			head -n 1 "$w/.example$n" > "$w/.cmd$n"
			(cd "$w" && run_block "$name" "$n" "$w/.cmd$n")
			if [ "$(head -n 1 "$t/out")" = "$(sed -n 2p "$w/.example$n")" ]; then
				echo "$name example $n: its output header is the one shown"
			else
				echo "$name example $n: output header '$(head -n 1 "$t/out")', shown '$(sed -n 2p "$w/.example$n")'"
			fi ;;
		rules-file)
			cp "$w/.example$n" "$w/rules.csv"
			if (cd "$w" && er-verify -r rules.csv --print-rules > rules.out 2> rules.err); then
				echo "$name example $n: er-verify reads it: $(grep -vc '^#\|^rule,' "$w/rules.out") rules"
			else
				echo "$name example $n: er-verify refuses it: $(tail -n 1 "$w/rules.err")"
			fi ;;
		alert-policy)
			er-alert --print-policy | grep -v '^#' > "$w/policy"
			if cmp -s "$w/policy" "$w/.example$n"; then
				echo "$name example $n: the built-in policy er-alert prints"
			else
				echo "$name example $n: differs from er-alert --print-policy:"
				diff "$w/.example$n" "$w/policy" | head -5
			fi ;;
		model-head)
			# the records of a scorecard's head, in the order a real model file has them
			(cd "$w" && er-train --quiet --method scorecard --id ID --label default.payment.next.month \
				-o card.model "$TESTDATA/taiwan/train-2k.csv")
			want=$(head -n "$(wc -l < "$w/.example$n")" "$w/card.model" | cut -f1 | tr '\n' ' ')
			have=$(cut -f1 "$w/.example$n" | tr '\n' ' ')
			if [ "$want" = "$have" ]; then
				echo "$name example $n: the records of a scorecard model file, in order: $have"
			else
				echo "$name example $n: records '$have', a scorecard model file has '$want'"
			fi ;;
		*) echo "$name example $n: not classified by this test: decide to run or skip it" ;;
		esac
	done
done
