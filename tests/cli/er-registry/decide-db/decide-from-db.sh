# decide-from-db.sh: the steps of the case tests/cli/er-registry/decide-db (what they show: see its cmd).
. ../lib.sh
# The registry of testdata/decide split by platform and imported; er-decide then decides
# the same from the export and from the database, products included.
reg --quiet init
awk -F, 'NR > 1 { f = $2 ".csv"
	if (!(f in seen)) { print "subject_id,status,platform_grade,monthly_repayment,updated_at" > f; seen[f] = 1 }
	print $1 "," $3 "," $4 "," $5 ",2024-06-01" > f }' "$TESTDATA/decide/registry.csv"
for f in bank-old bank-x bank-y lender-z; do reg --quiet import --platform $f $f.csv || exit 1; done
reg --quiet products import "$TESTDATA/decide/products.csv"
reg --quiet export > exported.csv
cd "$TESTDATA/decide" || exit 1
er-decide --quiet --profiles profiles.csv --products products.csv --registry "$OLDPWD/exported.csv" \
	--relations relations.csv --reviews reviews.csv --asof 2024-06-30 apps.csv > "$OLDPWD/from-csv.csv"
case $DB in postgresql:*) db=$DB ;; *) db=$OLDPWD/$DB ;; esac
er-decide --profiles profiles.csv --registry-db "$db" --relations relations.csv --reviews reviews.csv \
	--asof 2024-06-30 apps.csv > "$OLDPWD/from-db.csv"
cmp "$OLDPWD/from-csv.csv" "$OLDPWD/from-db.csv" && cat "$OLDPWD/from-db.csv"
# the audit names the registry database the decisions read
er-decide --quiet --profiles profiles.csv --registry-db "$db" --relations relations.csv --reviews reviews.csv \
	--asof 2024-06-30 --audit "$OLDPWD/audit.jsonl" apps.csv > /dev/null
echo "audit lines naming the registry database: $(grep -cF "\"registry_db\":\"$db\"" "$OLDPWD/audit.jsonl") of $(wc -l < "$OLDPWD/audit.jsonl")"
