# tool-fixture.sh, sourced (". ../../lib/tool-fixture.sh") by the fault cases that run every
# tool once: a temporary directory $t (removed on exit), $D the decide test data, the Taiwan
# scorecard in $t/m and an empty registry in $t/reg.db; exits non-zero when a step fails.
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
D=$TESTDATA/decide
sh ../../lib/taiwan-model.sh "$t/m" || exit 1
er-registry --db "$t/reg.db" init > /dev/null 2>&1 || exit 1
