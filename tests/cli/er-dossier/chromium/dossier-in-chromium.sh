# dossier-in-chromium.sh: the steps of the case tests/cli/er-dossier/chromium (see its cmd).
if ! command -v chromium > /dev/null 2>&1; then
	echo "skipped: chromium not installed (apt-get install chromium)" >&2
	exit 77
fi
set -e
here=$(pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
d=$here/../chinese
er-dossier --quiet --readings $d/readings.csv --accounts $d/accounts.csv --bills $d/bills.csv \
	--inspections $d/inspections.csv --events $d/events.csv --loans $d/loans.csv --asof 2024-04-30 \
	-o "$t/page.html" A001
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$t/profile" "$@" 2> /dev/null
}
chrome --dump-dom "file://$t/page.html" > "$t/dom.html"
echo "svg elements in the DOM: $(grep -o '<svg' "$t/dom.html" | wc -l)"
grep -o 'aria-label="[^"]*"' "$t/dom.html"
# each chart draws: the use chart its band, median, account and total lines, the bills its bars
echo "use chart: $(grep -c 'class="band" points="[0-9]' "$t/dom.html") band, $(grep -o 'polyline class="[a-z]*" points="[0-9]' "$t/dom.html" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
echo "bills chart: $(grep -o '<rect class="\(due\|paid\)"' "$t/dom.html" | wc -l) bars"
grep -o '<h1><span lang="zh-Hans">[^<]*' "$t/dom.html"
chrome --window-size=800,2400 --screenshot="$t/shot.png" "file://$t/page.html" > /dev/null
[ "$(head -c 8 "$t/shot.png" | od -An -c | tr -d ' ')" = '211PNG\r\n032\n' ] && echo "screenshot: a PNG"
[ "$(wc -c < "$t/shot.png")" -gt 50000 ] && echo "screenshot: more than 50 kB (a page of text alone makes 15 kB)"
