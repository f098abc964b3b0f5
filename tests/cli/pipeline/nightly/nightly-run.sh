# nightly-run.sh: the steps of the case tests/cli/pipeline/nightly (what they show: see its cmd).
set -e
# the job is run as a user runs it, not as a child of the make that runs the tests (whose
# -j would reach it without the jobserver and make it warn)
unset MAKEFLAGS MFLAGS MAKELEVEL
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mk=$TESTDATA/../scripts/nightly.mk
cd "$t"
er-synth --seed 21 --enterprises 120 --days 400 --end 2024-07-01 --headers zh --out raw --quiet
# the model, trained on the enterprises' history up to their applications
mkdir train
for k in accounts bills inspections events loans labels readings; do
	er-ingest --kind $k --ids keep --quiet raw/$k.csv > train/$k.csv
done
er-features --by enterprise --accounts train/accounts.csv --bills train/bills.csv \
	--inspections train/inspections.csv --events train/events.csv --loans train/loans.csv \
	--asof-from loans --quiet train/readings.csv > train/features.csv
er-train --labels train/labels.csv --quiet -o model.txt train/features.csv 2> train.err || [ $? -eq 1 ]
# two days of exports: the history up to 06-29, then the readings of 06-30
for d in 2024-06-29 2024-06-30; do
	mkdir -p exports/$d
	for k in accounts bills inspections events loans; do cp raw/$k.csv exports/$d/; done
done
awk -F, 'NR == 1 || $2 < "2024-06-30"' raw/readings.csv > exports/2024-06-29/readings.csv
awk -F, 'NR == 1 || $2 == "2024-06-30"' raw/readings.csv > exports/2024-06-30/readings.csv
awk -F, 'NR == 1 || $2 == "2024-07-01"' raw/readings.csv > exports/2024-07-01.readings
nightly() { make -s --no-print-directory -f "$mk" MODEL=model.txt "$@"; }
snapshot() { find work -type f | LC_ALL=C sort | xargs stat -c '%n %s %Y %y' > "$1"; }
sums() { find work -type f | LC_ALL=C sort | xargs md5sum > "$1"; }

echo "## first day"
nightly DATE=2024-06-29 | grep '^nightly:'
echo "## second day"
nightly DATE=2024-06-30 > out
cat out
snapshot before
sums before.md5
echo "## second day again"
nightly DATE=2024-06-30 > out2
sed -n '/: done$/,$p' out > summary
if grep -q '^nightly: 2024-06-30: [a-ce-z]' out2 || ! cmp -s summary out2; then cat out2; else
	echo "no step ran; the same summary"; fi
snapshot after
cmp -s before after && echo "second run: no file written, renamed or touched"
echo "## second day forced (make -B)"
nightly -B DATE=2024-06-30 | grep -c '^nightly: 2024-06-30: [a-z]' | sed 's/$/ lines of steps and done/'
sums after.md5
cmp -s before.md5 after.md5 && echo "forced run: the same bytes in every file"

echo "## the accumulated readings give the features of one run over everything"
er-features --asof 2024-06-30 --by enterprise --accounts train/accounts.csv --bills train/bills.csv \
	--inspections train/inspections.csv --events train/events.csv --loans train/loans.csv --quiet \
	train/readings.csv > whole.csv
cmp -s whole.csv work/2024-06-30/features.csv && echo "features of 2024-06-30 = er-features over all readings"
n=$(cat work/*/history.csv | grep -vc '^date,')
echo "history log: days $(tail -n +2 work/alerts.log | cut -d, -f1 | sort -u | tr '\n' ' ')$(
	[ "$(tail -n +2 work/alerts.log | wc -l)" -eq "$n" ] && echo "with every alert of both days")"

echo "## a broken export: the readings without their kwh column (电量 renamed 备注)"
mkdir -p exports/2024-07-01
for k in accounts bills inspections events loans; do cp raw/$k.csv exports/2024-07-01/; done
sed '1s/电量/备注/' exports/2024-07-01.readings > exports/2024-07-01/readings.csv
snapshot before
set +e
nightly DATE=2024-07-01 MAX_REJECTS=10 2> err
echo "exit $?"
set -e
grep '^nightly:' err
echo "FAILED: $(cat work/2024-07-01/FAILED)"
ls work/2024-07-01
snapshot after
grep -v '2024-07-01' before > b; grep -v '2024-07-01' after > a
cmp -s a b && echo "the earlier days are untouched"
echo "## fixed and run again"
cp exports/2024-07-01.readings exports/2024-07-01/readings.csv
nightly DATE=2024-07-01 > out
grep -c '^nightly: 2024-07-01: [a-z]' out | sed 's/$/ lines of steps and done/'
[ ! -f work/2024-07-01/FAILED ] && echo "FAILED removed"
