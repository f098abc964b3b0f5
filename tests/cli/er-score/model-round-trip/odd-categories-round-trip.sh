# odd-categories-round-trip.sh: the steps of the case tests/cli/er-score/model-round-trip (what they show: see its cmd).
t=$(mktemp -d) && cd "$t" || exit 3
awk 'BEGIN { print "id,label,shop,x"
	split("a%,%b|50%|x\\y|t\tab|中文,\"\"q\"\"|%,%|\\", odd, "|")
	for (i = 0; i < 30000; i++) {
		k = i % 10
		if (k < 5) { c = "A"; bad = i % 9 == 0 }
		else if (k < 7) { c = odd[1 + int(i / 10) % 7]; bad = i % 3 != 0 }
		else { c = "k" (i * 7919) % 6007; bad = i % 4 == 0 }
		printf "r%d,%d,\"%s\",%d\n", i, bad, c, (i * 31) % 97 + bad * 20 }
}' > t.csv
er-screen --quiet --categorical shop --bins bins.csv t.csv > /dev/null
er-train --quiet --method ensemble --trees 5 --folds 2 --categorical shop --bins bins.csv -o model.txt t.csv
echo "er-train: exit $?, longest line $(awk -F '\t' '{ if (NF > m) m = NF } END { print m }' model.txt) fields"
er-score -m model.txt --quiet t.csv > lf.csv; echo "er-score: exit $?, $(($(wc -l < lf.csv) - 1)) rows scored"
sed 's/$/\r/' model.txt > crlf.txt
er-score -m crlf.txt --quiet t.csv > crlf.csv; echo "er-score CRLF model: exit $?"
cmp lf.csv crlf.csv && echo "same scores"
# every category read back whole: A, the 7 odd ones and the k ones, none split or merged
awk -F '\t' '$1 == "bin" { for (i = 11; i <= NF; i++) n[$i]++ } END { for (c in n) { t++; if (c !~ /^k[0-9]+$/) print "category [" c "]" } print t " categories in the model" }' model.txt | LC_ALL=C sort
awk 'BEGIN { for (i = 0; i < 30000; i++) if (i % 10 >= 7) k[(i * 7919) % 6007] = 1; for (c in k) n++; print n + 8 " categories in the data" }'
cd / && rm -rf "$t"
