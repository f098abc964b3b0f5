# steps-points-order.sh: the steps of the case tests/cli/er-train/steps-points-order (what they show: see its cmd).
t=$(mktemp -d); er-train --quiet --id ID --label default.payment.next.month --method scorecard --coding steps -o "$t/m" "$TESTDATA/taiwan/train-2k.csv"; echo "exit $?"
awk -F'\t' '$1 == "feature" { f = $2; insc = $6; nb = 0; nf += insc; next }
	$1 == "bin" && insc == 1 { nb++; w[f, nb] = $7; p[f, nb] = $8; n[f] = nb; tot += $5 + $6 }
	END { for (g in n) for (a = 1; a <= n[g]; a++) for (b = 1; b <= n[g]; b++)
		if (w[g, a] < w[g, b] && p[g, a] < p[g, b] - 1e-9) { bad++; print "out of order: " g }
		printf "%d scorecard indicators, %d pairs out of WOE order\n", nf, bad }' "$t/m"
# steps, not one slope: an indicator whose points are not an affine function of its WOE
awk -F'\t' '$1 == "feature" { f = $2; insc = $6; nb = 0; next }
	$1 == "bin" && insc == 1 { nb++; w[f, nb] = $7; p[f, nb] = $8; n[f] = nb }
	END { for (g in n) { k = 0; for (a = 2; a <= n[g]; a++) if (w[g, a] != w[g, 1]) { k = a; break }
		if (!k) continue; s = (p[g, k] - p[g, 1]) / (w[g, k] - w[g, 1])
		for (a = 2; a <= n[g]; a++) { d = p[g, 1] + s * (w[g, a] - w[g, 1]) - p[g, a]; if (d > 1e-6 || d < -1e-6) { steps++; break } } }
		printf "indicators with points off one slope on the WOE: %s\n", (steps > 0 ? "some" : "none") }' "$t/m"
awk -F'\t' '$1 == "feature" { f = $2 } $1 == "bin" && f == "PAY_0" { s = s " " $NF } END { print "PAY_0 bins:" s }' "$t/m"
awk -F'\t' '$1 == "feature" { f = $2 } $1 == "bin" && f == "PAY_0" && $2 == "range" { w[++n] = $7 }
	END { up = down = 0; for (a = 2; a <= n; a++) { if (w[a] > w[a - 1]) up = 1; if (w[a] < w[a - 1]) down = 1 }
		print "PAY_0 WOE in value order: " (up && down ? "not monotone" : "monotone") }' "$t/m"
rm -rf "$t"
