# explain-consistent.sh: the steps of the case tests/cli/pipeline/explain-consistent (what they show: see its cmd).
set -e
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
awk 'NR == 1 { print "id," $0; next } { print NR - 1 "," $0 }' "$TESTDATA/germancredit.csv" > "$t/g.csv"
er-train --method scorecard --label creditability --quiet -o "$t/m" "$t/g.csv"
# applicant 10 without a duration (training saw none missing), 30 with an unseen purpose
awk -F, 'NR == 1 || $1 != 10 && $1 != 30 { print; next } $1 == 10 { $3 = ""; print; next } { $5 = "spaceship"; print }' OFS=, "$t/g.csv" > "$t/g2.csv"
er-score -m "$t/m" --quiet "$t/g2.csv" > "$t/scores.csv"
printf 'rule,indicator,condition,severity,message,group\nlong,duration_in_month,>=36,warn,long,terms\n' > "$t/rules.csv"
n=0 same=0
for id in $(seq 10 20 1000); do
	n=$((n + 1))
	er-explain -m "$t/m" -r "$t/rules.csv" "$id" "$t/g2.csv" > "$t/out"
	total=$(sed -n 's/^scorecard: .* = //p' "$t/out")
	reasons=$(sed -n 's/^reasons: //p' "$t/out")
	want=$(awk -F, -v id="$id" -v total="$total" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == id {
			d = $c["score"] - total
			# er-explain shows two decimals, er-score the shortest of them
			printf "%s %s, %s, %s", (d < 0.005 && d > -0.005) ? total : $c["score"], $c["reason1"], $c["reason2"], $c["reason3"]
		}' "$t/scores.csv")
	if [ "$total $reasons" = "$want" ]; then same=$((same + 1)); else echo "id $id: er-explain '$total $reasons', er-score '$want'"; fi
done
echo "$same of $n applicants: er-explain's points add up to er-score's score, same reasons"
er-explain -m "$t/m" -r "$t/rules.csv" 10 "$t/g2.csv" | grep -E '^(indicator|duration_in_month) '
er-explain -m "$t/m" -r "$t/rules.csv" 30 "$t/g2.csv" | grep -E '^(indicator|purpose) '
