# er-ingest: 10 million daily readings (about 270 MB of CSV), and the same as TSV.
f=$(readings_10m)
mb=$(echo "scale=1; $(stat -L -c %s "$f") / 1000000" | bc)
bench_run er-ingest er-ingest --kind readings --quiet "$f"
echo "er-ingest: 10000000 readings, $mb MB CSV in $BEST s: $(echo "scale=1; $mb / $BEST" | bc) MB/s, peak RSS $((RSS / 1024)) MB"
t=$BENCH_TMP/readings-10m.tsv
[ -s "$t" ] || er-ingest --kind readings --quiet --output-tsv "$f" > "$t"
mb=$(echo "scale=1; $(stat -L -c %s "$t") / 1000000" | bc)
bench_run er-ingest-tsv er-ingest --kind readings --quiet "$t"
echo "er-ingest: 10000000 readings, $mb MB TSV in $BEST s: $(echo "scale=1; $mb / $BEST" | bc) MB/s"
