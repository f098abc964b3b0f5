# report-in-chromium.sh: the steps of the case tests/cli/pipeline/report-chromium (what they show: see its cmd).
if ! command -v chromium > /dev/null 2>&1; then
	echo "skipped: chromium is not installed (apt-get install chromium)" >&2
	exit 77
fi
set -e
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
awk 'NR == 1 { print "id," $0; next } { print NR - 1 "," $0 }' "$TESTDATA/germancredit.csv" > g.csv
er-train --method scorecard --label creditability --quiet -o m g.csv
# the model's own population as the baseline, the second half as the portfolio
er-score -m m --quiet g.csv > base.csv
{ head -1 g.csv; tail -n 500 g.csv; } | er-score -m m --quiet > scores.csv
# two days of alerts (the second with the first half as the portfolio)
er-alert --date 2024-06-29 --state s --history h --quiet base.csv > /dev/null
er-alert --date 2024-06-30 --state s --history h --quiet scores.csv > /dev/null
er-report --model m --baseline base.csv --history h -o page.html scores.csv
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$t/profile" "$@" 2> /dev/null
}
chrome --dump-dom "file://$t/page.html" > dom.html
echo "svg elements in the DOM: $(grep -o '<svg' dom.html | wc -l)"
# an SVG title in the DOM is a <title> inside <svg>: the chart titles come first in each
grep -o '<title id="t[0-9]*">[^<]*' dom.html | sed 's/<title id="t[0-9]*">//; s/PSI [0-9.]* (.*)/PSI (a number) (a verdict)/'
awk '/<svg /{n++} /<rect /{c[n] += gsub(/<rect /, "&")} END { for (i = 1; i <= n; i++) if (c[i] < 1) print "chart " i " has no bars" }' dom.html
chrome --window-size=1000,2000 --screenshot="$t/shot.png" "file://$t/page.html" > /dev/null
[ "$(head -c 8 shot.png | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] && echo "screenshot: a PNG"
[ "$(wc -c < shot.png)" -gt 50000 ] && echo "screenshot: more than 50 kB (a page of text alone makes 15 kB)"
