# report.sh: the steps of the case tests/cli/pipeline/report (what they show: see its cmd).
set -e
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
# baseline scores 1..100: deciles at 11, 21, ..., 91
awk 'BEGIN { print "id,score,grade"; for (i = 1; i <= 100; i++) print "b" i "," i "," (i > 75 ? "A" : i > 50 ? "B" : i > 25 ? "C" : "D") }' > base.csv
# the same population: PSI 0
er-report --baseline base.csv base.csv > same.html
grep -o '<title id="t[0-9]*">Population[^<]*' same.html
# everyone in the lowest decile: shares 100/108.91 against 10/100 there, 0.99/108.91 against
# 10/100 in the nine others: PSI = 0.8182*ln(9.1819) + 9*(-0.0909)*ln(0.0909) = 3.7761
awk 'BEGIN { print "id,score,grade"; for (i = 1; i <= 100; i++) print "p" i ",5,D" }' > low.csv
er-report --baseline base.csv low.csv > low.html
grep -o '<title id="t[0-9]*">Population[^<]*' low.html
# a history log of three days
cat > hist.csv <<'H'
date,id,level,score,grade,score_change,hits,reasons,first_seen,last_seen,status
2024-06-28,a,red,5,D,,,grade D,2024-06-28,2024-06-28,new
2024-06-28,b,yellow,60,B,,,one warn rule,2024-06-28,2024-06-28,new
2024-06-29,a,red,5,D,,,grade D,2024-06-28,2024-06-29,ongoing
2024-06-30,c,orange,30,C,,,grade C,2024-06-30,2024-06-30,new
2024-06-30,d,none,70,A,,,,2024-06-29,2024-06-30,cleared
H
er-report --title 'Portfolio <test> & co' --history hist.csv --baseline base.csv -o page.html low.csv
echo "svg charts: $(grep -c '^<svg ' page.html)"
grep -o '<title id="t[0-9]">[^<]*' page.html
grep -o '<h1>[^<]*' page.html
echo "bars per chart: $(awk '/^<svg /{n++} /^<rect /{c[n]++} END { for (i = 1; i <= n; i++) printf "%d ", c[i]; print "" }' page.html)"
echo "alert table: $(grep -o '<tr><td>2024-06-[0-9]*</td>[^\n]*' page.html | sed 's/<[^>]*>/ /g' | tr -s ' ' | tr '\n' ';')"
# nothing outside the page: no src, no link, no url(), no script; the only URL is the SVG namespace
echo "external references: $(grep -oiE 'src=|<link|url\(|<script|https?://[^"]*' page.html | grep -vc 'http://www.w3.org/2000/svg' || true)"
echo "## errors"
set +e
printf 'id,points\n1,5\n' > notscores.csv
er-report notscores.csv > /dev/null; echo "exit $?"
er-report --history base.csv low.csv > /dev/null; echo "exit $?"
er-report --colour low.csv > /dev/null; echo "exit $?"
er-report nosuchfile > /dev/null; echo "exit $?"
