# explain.sh: the steps of the case tests/cli/pipeline/explain (what they show: see its cmd).
set -e
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
awk 'NR == 1 { print "id," $0; next } { print NR - 1 "," $0 }' "$TESTDATA/germancredit.csv" > "g.csv"
er-train --method scorecard --label creditability --quiet -o "m" "g.csv"
cat > "rules.csv" <<'RULES'
rule,indicator,condition,severity,message,group
long_loan,duration_in_month,>=36,warn,long loan,terms
big_loan,credit_amount,>=10000,fail,large amount,terms
young,age_in_years,<25,info,young applicant,person
RULES
er-explain -m "m" -r "rules.csv" 2 "g.csv"
echo "## rule hits from an er-verify file"
er-verify -r "rules.csv" --no-fail-status --quiet "g.csv" > "detail.csv"
er-explain -m "m" -v "detail.csv" 2 "g.csv" | sed -n '/^rules/,$p'
er-verify -r "rules.csv" --summary --no-fail-status --quiet "g.csv" > "summary.csv"
er-explain -m "m" -v "summary.csv" 2 "g.csv" | sed -n '/^rules/,$p'
echo "## features from standard input"
er-explain -m "m" -r "rules.csv" 2 < "g.csv" | head -3
