#!/usr/bin/env bash
# Proves the backup procedure of docs/operations.md end to end:
#
#   1. create a database, `tipline migrate up`, `tipline seed --tips 200`;
#   2. back it up with `pg_dump -Fc` (the custom format the docs prescribe);
#   3. restore it with `pg_restore` into a new, empty database;
#   4. check that every table has the same number of rows and that
#      `tipline migrate status` calls the restored schema current.
#
# It uses TEST_DATABASE_URL (or scripts/db.sh test) only to create and drop its
# own two databases, named tipline_backup_*; it leaves nothing behind.
# Needs pg_dump, pg_restore and psql of the server's major version or newer.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
say() { printf 'backup-restore-test: %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }

for tool in pg_dump pg_restore psql; do
	command -v "$tool" >/dev/null || die "$tool not found (apt-get install postgresql-client)"
done
admin_url=${TEST_DATABASE_URL:-$(scripts/db.sh test)}

# url_for swaps the database name of admin_url, keeping host, user and options.
url_for() {
	local base=${admin_url%%\?*} query=""
	[[ "$admin_url" == *\?* ]] && query="?${admin_url#*\?}"
	printf '%s/%s%s\n' "${base%/*}" "$1" "$query"
}
suffix="$(date +%s)_$$"
src=tipline_backup_src_$suffix
dst=tipline_backup_dst_$suffix
work=$(mktemp -d)
cleanup() {
	for db in "$src" "$dst"; do
		psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
	done
	rm -rf "$work"
}
trap cleanup EXIT

say "building tipline"
go build -o "$work/tipline" ./cmd/tipline
tipline() { "$work/tipline" "$@"; }

# Keys as the service would have them (EnvironmentFile); only the receipt key
# matters to the seed, but the config refuses to load without all three.
while IFS= read -r line; do
	export "${line?}"
done < <(tipline keygen --env)

psql "$admin_url" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst"

say "migrating and seeding $src"
TIPLINE_DATABASE_URL=$(url_for "$src") tipline migrate up >/dev/null
TIPLINE_DATABASE_URL=$(url_for "$src") tipline seed --tips 200 >/dev/null 2>&1

say "pg_dump -Fc"
pg_dump --format=custom --no-owner --file="$work/tipline.dump" "$(url_for "$src")"
[[ -s "$work/tipline.dump" ]] || die "empty dump"

say "pg_restore into $dst"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
	--dbname="$(url_for "$dst")" "$work/tipline.dump"

# counts prints "table rows" for every table of the public schema.
counts() {
	local url=$1 t
	for t in $(psql "$url" -Atc "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"); do
		printf '%s %s\n' "$t" "$(psql "$url" -Atc "SELECT count(*) FROM \"$t\"")"
	done
}
counts "$(url_for "$src")" >"$work/src.counts"
counts "$(url_for "$dst")" >"$work/dst.counts"
if ! diff -u "$work/src.counts" "$work/dst.counts" >&2; then
	die "row counts differ between the original and the restored database"
fi
tips=$(awk '$1 == "tips" {print $2}' "$work/dst.counts")
[[ "$tips" == 200 ]] || die "restored database has $tips tips, want 200"
tables=$(wc -l <"$work/dst.counts")

status=$(TIPLINE_DATABASE_URL=$(url_for "$dst") tipline migrate status)
grep -q '^schema is current' <<<"$status" || { printf '%s\n' "$status" >&2; die "restored schema is not current"; }

say "ok: $tables tables restored with equal row counts, 200 tips, schema current"
