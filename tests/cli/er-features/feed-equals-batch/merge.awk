# merge.awk: the tables named on the command line (loans.csv, bills.csv, ...) -> one feed with a
# kind column (header: kind, then the union of the columns) on stdout, each row keyed by its
# date on stderr for sort; accounts and loans first.
BEGIN { FS = OFS = "," }
FNR == 1 {
	split(FILENAME, p, "/"); kind = p[length(p)]; sub(/\.csv$/, "", kind)
	for (i = 1; i <= NF; i++) {
		if (!($i in col)) { col[$i] = ++ncol; name[ncol] = $i }
		map[kind, i] = col[$i]
	}
	nf[kind] = NF; next
}
{
	key = kind == "loans" ? "0" : kind == "accounts" ? "1" : ""
	for (i = 1; i <= ncol; i++) v[i] = ""
	for (i = 1; i <= NF; i++) v[map[kind, i]] = $i
	if (key == "") {
		if (kind == "bills") key = v[col["period"]] "-31"
		else key = v[col["date"]]
	}
	n++; keys[n] = key; kinds[n] = kind
	for (i = 1; i <= ncol; i++) val[n, i] = v[i]
}
END {
	h = "kind"
	for (i = 1; i <= ncol; i++) h = h OFS name[i]
	print h
	for (r = 1; r <= n; r++) {
		line = keys[r] "\t" kinds[r]
		for (i = 1; i <= ncol; i++) line = line OFS val[r, i]
		print line > "/dev/stderr"
	}
}
