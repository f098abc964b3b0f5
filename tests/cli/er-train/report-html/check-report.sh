# check-report.sh PAGE LOG: what the HTML report PAGE must hold, against er-train's stderr
# LOG: charts and tables, no external reference, each set's AUC as the log states it, a
# row per indicator of the log.
f=$1 log=$2
head -1 "$f"
echo "calibration table $(grep -c "<th>tenth</th>" "$f"), ece cells $(grep -o "<td colspan=\"2\">0\.[0-9]*</td>" "$f" | wc -l)"
echo "svg $(grep -o '<svg' "$f" | wc -l) polyline $(grep -o '<polyline' "$f" | wc -l) table $(grep -o '<table' "$f" | wc -l)"
echo "external references $(grep -ciE 'https?:|src=|href=|url\(|<script|<link' "$f")"
for s in train oof valid holdout; do
	auc=$(awk -v s=$s '$1 == s && $6 == "auc" { sub(",", "", $7); print $7 }' "$log")
	echo "$s auc as on stderr: $(grep -c "<tr><td>$s</td>.*<td>$auc</td>" "$f")"
done
echo "indicator rows $(grep -c '^<tr><td>[A-Z_0-9]*</td><td>all</td>' "$f") of $(awk '/^  / { n++ } END { print n }' "$log")"
tail -1 "$f"
