# real-exports.sh SEED ENTERPRISES DAYS DIR: an er-synth portfolio as a utility's systems export
# it, into DIR/raw (GBK-encoded, CRLF line ends; accounts with a legacy organization code
# XXXXXXXX-X instead of the credit code, a 15-digit registration number, no code or no
# industry) and its canonical tables DIR/KIND.csv (er-ingest --encoding gbk); loans.csv is
# not in DIR/raw (er-features reads it whole: --loans). Used by partitioned-legacy-codes and
# slurm-cluster.
set -e
d=$4
mkdir -p "$d"
er-synth --seed "$1" --enterprises "$2" --days "$3" --end 2024-06-30 --headers zh --out "$d/utf8" --quiet
awk -F, -v OFS=, 'NR > 1 && NR % 5 == 2 && length($2) == 18 { $2 = substr($2, 9, 8) "-" substr($2, 17, 1) }
	NR > 1 && NR % 11 == 4 { $2 = sprintf("3301%011d", NR) }
	NR > 1 && NR % 7 == 3 { $2 = "" }
	NR > 1 && NR % 3 == 0 { $8 = "" } 1' "$d/utf8/accounts.csv" > "$d/accounts.tmp"
mv "$d/accounts.tmp" "$d/utf8/accounts.csv"
mkdir -p "$d/raw"
for k in accounts bills inspections events readings loans; do
	sed 's/$/\r/' "$d/utf8/$k.csv" | iconv -f UTF-8 -t GBK > "$d/raw/$k.csv"
	er-ingest --kind $k --ids keep --encoding gbk --quiet "$d/raw/$k.csv" > "$d/$k.csv"
done
rm "$d/raw/loans.csv"
