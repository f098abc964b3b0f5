# roles.sh: the steps of the case tests/cli/er-registry/platform-roles (see its cmd).
own=
if [ -z "${ER_REGISTRY_TEST_PG:-}" ]; then
	own=$(mktemp -d) && chmod 755 "$own" || exit 99
	if ! ER_REGISTRY_TEST_PG=$(pg-test-server start "$own"); then
		echo "no PostgreSQL server could start: $ER_REGISTRY_TEST_PG" >&2
		pg-test-server stop "$own"
		exit 77
	fi
	export ER_REGISTRY_TEST_PG
fi
. ../lib.sh
trap 'cleanup; cd / && [ -z "$own" ] || pg-test-server stop "$own"' EXIT
reg --quiet init --platform-roles bank-a,bank-b || exit 1
# the same server and database, connected as each platform's role
A=$(printf '%s' "$DB" | sed 's/user=er&/user=bank-a\&/')
B=$(printf '%s' "$DB" | sed 's/user=er&/user=bank-b\&/')
er-registry --db "$A" --quiet import --platform bank-a bank-a.csv; echo "bank-a imports bank-a: exit $?"
er-registry --db "$B" --quiet import --platform bank-b bank-b.csv; echo "bank-b imports bank-b: exit $?"
er-registry --db "$A" import --platform bank-b bank-a.csv 2>&1 | sed "s|$A|A|g"
er-registry --db "$A" --quiet import --platform bank-b bank-a.csv 2> /dev/null
echo "bank-a imports as bank-b: exit $?"
# bank-a's role at the SQL prompt: each statement and what the server answers
for q in "UPDATE status SET status = 'closed' WHERE platform = 'bank-b'" \
	"DELETE FROM status WHERE platform = 'bank-b'" \
	"INSERT INTO status VALUES ('thief', 'bank-b', 'closed', NULL, NULL, 1)" \
	"UPDATE status SET platform = 'bank-b' WHERE platform = 'bank-a'" \
	"DELETE FROM status_history" \
	"UPDATE status_history SET status = 'closed'" \
	"INSERT INTO status_history (subject_id, platform, status, updated_at, import_id) VALUES ('x', 'bank-b', 'closed', 1, 1)" \
	"DELETE FROM imports" \
	"UPDATE imports SET platform = 'bank-b'" \
	"UPDATE platform_roles SET platform = 'bank-b'" \
	"UPDATE er_registry_meta SET value = '1'"; do
	echo "$q"
	psql -X -v ON_ERROR_STOP=1 "$A" -c "$q" 2>&1 | sed 's/^/  /'
done
echo "what every platform reads:"
er-registry --db "$B" --quiet export
er-registry --db "$B" --quiet history thief
er-registry --db "$B" --quiet imports | cut -d, -f1-4,6,8-
