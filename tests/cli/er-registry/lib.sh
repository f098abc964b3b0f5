# Sourced first by the cmd of every er-registry case (not a case itself): the working
# directory becomes a scratch directory holding a copy of testdata/registry, and DB names a
# fresh registry: reg.db (SQLite), or a new PostgreSQL database when ER_REGISTRY_TEST_PG is
# set (scripts/pg-test-server check runs the cases that have a 'pg' file that way).
work=$(mktemp -d)
dbname=
cleanup() {
	[ -n "$dbname" ] && psql -q "$ER_REGISTRY_TEST_PG" -c "DROP DATABASE IF EXISTS $dbname" > /dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
cp "$TESTDATA"/registry/*.csv "$work"/
cd "$work" || exit 99
if [ -n "${ER_REGISTRY_TEST_PG:-}" ]; then
	dbname=er_test_$$
	psql -q "$ER_REGISTRY_TEST_PG" -c "CREATE DATABASE $dbname" > /dev/null || exit 99
	DB="$ER_REGISTRY_TEST_PG&dbname=$dbname"
else
	DB=reg.db
fi
reg() {
	er-registry --db "$DB" "$@"
}
# shown: stdin with the registry's name replaced by DB, for messages that name it.
shown() {
	sed "s|$DB|DB|g"
}
