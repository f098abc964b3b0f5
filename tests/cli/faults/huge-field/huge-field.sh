# huge-field.sh: the steps of the case tests/cli/faults/huge-field (what they show: see its cmd).
line() {  # header, a row whose second field has $1 bytes, then one good row
	printf '%s\n' "$2"
	printf 'A1,'
	head -c "$1" /dev/zero | tr '\0' 7
	printf '%s\n' "$3"
	printf '%s\n' "$4"
}
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
# AddressSanitizer (make sanitize) reserves terabytes of address space: no limit there
[ -n "${ASAN_OPTIONS:-}" ] || ulimit -v 65536
line 1000000000 account_id,date,kwh ,1 A2,2024-01-01,5 |
  er-ingest --kind readings --max-field 1M
echo "er-ingest: exit $?"
line 100000000 account_id,date,kwh ,1 A2,2024-01-01,5 |
  er-features --quiet --asof 2024-06-30 --max-field 1M > "$t/out"
echo "er-features: exit $?"
cut -d, -f1-4 "$t/out"
line 100000000 id,score,pd,grade ,0.1,A A2,400,0.3,D |
  er-alert --quiet --date 2024-07-01 --max-field 1M
echo "er-alert: exit $?"
line 100000000 id,x,label ,1 A2,3,0 |
  er-screen --label label --max-field 1M > "$t/out"
echo "er-screen: exit $?"
cut -d, -f1-3 "$t/out"
printf 'rule,indicator,condition,severity,message\nbig,x,>1,warn,m\n' > "$t/rules"
line 100000000 id,x ,1 A2,3 |
  er-verify --quiet -r "$t/rules" --max-field 1M
echo "er-verify: exit $?"
line 100000000 subject_id,id_number,phone,name ,13800138000,x A2,,13800138000,y |
  er-profile --quiet --asof 2024-06-30 --max-field 1M > "$t/out"
echo "er-profile: exit $?"
cut -d, -f1-3 "$t/out"
