# ids-in-any-case.sh: the steps of the case tests/cli/er-decide/id-case (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1
cat > profiles.csv <<'END'
subject_id,identity_ok,priority_level,monthly_income,monthly_spend,monthly_flow,debt_service,max_capacity,min_capacity,completed,uncompleted,problems
11010519491231002X,1,1,,,,,3000,,20,0,
91350100M000100Y43,1,1,,,,,3000,,20,0,
34052419800101001x,1,1,,,,,3000,,20,0,
END
cat > registry.csv <<'END'
subject_id,platform,status,platform_grade,monthly_repayment
11010519491231002x,bank-x,defaulted,,
91350100m000100y43,bank-y,defaulted,,
34052419800101001X,bank-z,defaulted,,
END
cat > apps.csv <<'END'
app_id,applicant_id,beneficiary_id,product,amount
r1,11010519491231002X,,flat10,10000
r2,91350100M000100Y43,,flat10,10000
r3,34052419800101001x,,flat10,10000
r4,34052419800101001X,,flat10,10000
END
er-decide --quiet --profiles profiles.csv --products "$TESTDATA/decide/products.csv" --registry registry.csv --asof 2024-06-30 apps.csv
echo "exit $?"
