# slurm-cluster.sh: the steps of the case tests/cli/pipeline/slurm-cluster (what they show: see its cmd).
set -u
for b in slurmctld slurmd sbatch; do
	command -v "$b" > /dev/null 2>&1 || [ -x "/usr/sbin/$b" ] || {
		echo "skipped: $b is not installed (Debian package slurm-wlm)" >&2
		exit 77
	}
done
PATH=$PATH:/usr/sbin
t=$(mktemp -d)
c=$t/cluster
mkdir -p "$c/state" "$c/spool"
stop() {
	for p in "$c/slurmd.pid" "$c/slurmctld.pid"; do
		[ -f "$p" ] && kill "$(cat "$p")" 2> /dev/null
	done
	sleep 1
	rm -rf "$t"
}
trap stop EXIT
host=$(hostname -s)
user=$(id -un)
# ports of this run only, so that two test runs on one machine do not meet
base=$((20000 + ($$ % 15000) * 2))
cat > "$c/slurm.conf" << CONF
ClusterName=ertest
SlurmctldHost=$host
AuthType=auth/none
CredType=cred/none
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$base
SlurmdPort=$((base + 1))
StateSaveLocation=$c/state
SlurmdSpoolDir=$c/spool
SlurmctldPidFile=$c/slurmctld.pid
SlurmdPidFile=$c/slurmd.pid
SlurmctldLogFile=$c/slurmctld.log
SlurmdLogFile=$c/slurmd.log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4
CONF
export SLURM_CONF=$c/slurm.conf
slurmctld -f "$SLURM_CONF" > "$c/start.log" 2>&1 && slurmd -f "$SLURM_CONF" >> "$c/start.log" 2>&1
up=0
for i in $(seq 60); do
	if sinfo -h -o %t 2> /dev/null | grep -q idle; then
		up=1
		break
	fi
	sleep 1
done
if [ $up -eq 0 ]; then
	echo "skipped: Slurm could not start here: $(cat "$c/start.log" "$c/slurmctld.log" "$c/slurmd.log" 2> /dev/null | tail -3 | tr '\n' ' ')" >&2
	exit 77
fi
echo "single-node Slurm cluster up"

set -e
er-synth --seed 11 --enterprises 80 --days 200 --end 2024-06-30 --headers zh --out "$t/raw" --quiet
for k in accounts bills inspections events readings; do
	er-ingest --kind $k --ids keep --quiet "$t/raw/$k.csv" > "$t/$k.csv"
done
for by in account enterprise; do
	er-features --by $by --asof 2024-06-30 --accounts "$t/accounts.csv" --bills "$t/bills.csv" \
		--inspections "$t/inspections.csv" --events "$t/events.csv" --quiet "$t/readings.csv" > "$t/single-$by.csv"
	sh "$TESTDATA/../scripts/slurm/er-features-slurm" --wait -w "$t/work-$by" -o "$t/slurm-$by.csv" -I --ids=keep \
		4 "$t/raw" --by $by --asof 2024-06-30 --output-csv --quiet 2> "$t/slurm-$by.err"
	echo "by $by: the split job read each export once: $(grep -c 'in 4 partition files' "$t/work-$by/split.log") kinds split in 4"
	tasks=$(ls "$t/work-$by"/*/slurm.out | wc -l)
	echo "by $by: exit 0, $tasks array tasks ran under Slurm, merge job $(cut -d';' -f1 "$t/work-$by/merge.id" | grep -c .)"
	if cmp -s "$t/single-$by.csv" "$t/slurm-$by.csv"; then
		echo "by $by: Slurm result = single process, $(tail -n +2 "$t/single-$by.csv" | wc -l) rows"
	else
		diff "$t/single-$by.csv" "$t/slurm-$by.csv" | head -5 | cut -c1-200
	fi
done
# exports as a utility writes them (GBK, CRLF, legacy organization codes, accounts without a
# code or an industry; ../partitioned-legacy-codes/real-exports.sh), --loans joining legacy
# codes to their applicants
sh ../partitioned-legacy-codes/real-exports.sh 17 100 300 "$t/real"
er-features --by enterprise --asof 2024-06-30 --accounts "$t/real/accounts.csv" --bills "$t/real/bills.csv" \
	--inspections "$t/real/inspections.csv" --events "$t/real/events.csv" --loans "$t/real/loans.csv" --quiet \
	"$t/real/readings.csv" > "$t/single-real.csv"
sh "$TESTDATA/../scripts/slurm/er-features-slurm" --wait -w "$t/work-real" -o "$t/slurm-real.csv" -I --ids=keep \
	-I --encoding=gbk 4 "$t/real/raw" --by enterprise --asof 2024-06-30 --loans "$t/real/loans.csv" --output-csv \
	--quiet 2> "$t/slurm-real.err"
if cmp -s "$t/single-real.csv" "$t/slurm-real.csv"; then
	echo "real exports by enterprise: Slurm result = single process, $(tail -n +2 "$t/single-real.csv" | wc -l) rows"
else
	diff "$t/single-real.csv" "$t/slurm-real.csv" | head -5 | cut -c1-200
fi
# the same steps without Slurm
sh "$TESTDATA/../scripts/slurm/er-features-slurm" --local -j 2 -w "$t/work-local" -o "$t/local.csv" -I --ids=keep \
	4 "$t/raw" --by enterprise --asof 2024-06-30 --output-csv --quiet 2> "$t/local.err"
cmp -s "$t/single-enterprise.csv" "$t/local.csv" && echo "--local: the same table without Slurm"
# a failing task cancels the merge: the job reports it, exit 3
set +e
sh "$TESTDATA/../scripts/slurm/er-features-slurm" --wait -w "$t/work-bad" -o "$t/bad.csv" \
	4 "$t/raw" --asof not-a-date --quiet 2> "$t/bad.err"
rc=$?
echo "a failing task: exit $rc, output: $([ -f "$t/bad.csv" ] && echo written || echo none)"
grep -m1 '^er-features:' "$t/bad.err"
grep 'er-features-slurm: the job failed' "$t/bad.err" | sed 's/array [0-9]*; logs in .*/array N; logs in WORKDIR)/'

# --asof last: a task would be as of the latest date of its own partition's rows; each refuses
sh "$TESTDATA/../scripts/slurm/er-features-slurm" --local -j 2 -w "$t/work-last" -o "$t/last.csv" -I --ids=keep \
	4 "$t/raw" --asof last --quiet 2> "$t/last.err"
echo "--asof last: exit $?, output: $([ -f "$t/last.csv" ] && echo written || echo none)"
grep -m1 'asof last' "$t/last.err"
