# ids-in-any-case.sh: the steps of the case tests/cli/er-registry/id-case (what they show: see its cmd).
. ../lib.sh
reg --quiet init || exit 99
cat > a.csv <<'END'
subject_id,status,platform_grade,monthly_repayment,updated_at
11010519491231002X,active,A,1000,2024-05-01
91350100M000100Y43,active,B,2000,2024-05-01
END
cat > b.csv <<'END'
subject_id,status,platform_grade,monthly_repayment,updated_at
11010519491231002x,defaulted,A,1000,2024-06-01
91350100m000100y43,defaulted,B,2000,2024-06-01
END
reg import --platform bank-a a.csv
reg import --platform bank-a b.csv
reg --quiet export
reg --quiet history 11010519491231002x | cut -d, -f1-3
