# id-forms.sh: the steps of the case tests/cli/er-features/id-forms (what they show: see its cmd).
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
cat > "$t/accounts.csv" <<'END'
account_id,uscc,name,legal_rep,legal_rep_id,phone,address,industry,contract_kva,open_date,status
A1,91350100m000100y43,甲制造有限公司,张三,,138 0013 8000,文三路1号,C13,200,2010-05-01,normal
END
cat > "$t/loans.csv" <<'END'
app_id,uscc,name,legal_rep,phone,address,apply_date,loan_date,amount
L1,91350100M000100Y43,甲制造有限公司,张三,138-0013-8000,文三路1号,2016-06-15,2016-06-25,500000
END
printf 'account_id,date,kwh\nA1,2016-06-01,10\n' |
  er-features --quiet --by enterprise --asof 2016-06-30 --accounts "$t/accounts.csv" --loans "$t/loans.csv" |
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) name[i] = $i; next }
    { for (i = 1; i <= NF; i++) if (name[i] ~ /^(id|info\.(uscc_valid|uscc_match|phone_match|phone_valid))$/) print name[i] "=" $i }'
echo "exit $?"
