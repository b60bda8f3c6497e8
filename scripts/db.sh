#!/usr/bin/env bash
# Finds or starts the PostgreSQL that `make run`, `make test` and `make bench` use, and
# prints its URL on stdout. Everything it does is told on stderr, so a developer always
# knows which database their data went to.
#
#   scripts/db.sh run    TIPLINE_DATABASE_URL, else local server (db tipline),
#                        else a private cluster in .data/pg
#   scripts/db.sh test   TEST_DATABASE_URL, else local server (db tipline_test),
#                        else a private cluster in .data/pg-test
#   scripts/db.sh stop   stops the private clusters
#
# TIPLINE_PRIVATE_PG=1 skips the URL variables and the local server and always uses the
# private cluster. The local server is 127.0.0.1:5432 with trust auth for root or
# postgres (the usual developer and CI setup).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA="$ROOT/.data"

say() { printf 'db.sh: %s\n' "$*" >&2; }
die() { printf 'db.sh: error: %s\n' "$*" >&2; exit 1; }

# pg_bin finds the newest installed server binaries (Debian layout).
pg_bin() {
	local dir
	dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
		printf '%s\n' "$dir"
	fi
}

# psql_cmd prefers the psql on PATH and falls back to the server's own.
psql_cmd() {
	if command -v psql >/dev/null 2>&1; then
		command -v psql
		return
	fi
	local bin
	bin=$(pg_bin)
	if [[ -n "$bin" && -x "$bin/psql" ]]; then
		printf '%s\n' "$bin/psql"
	fi
}

# ensure_db creates database $2 through the server URL $1 (any database on it) unless it
# exists. Two concurrent callers may both try; the loser's "already exists" is fine.
ensure_db() {
	local admin_url=$1 name=$2 psql exists
	psql=$(psql_cmd)
	exists=$(PGCONNECT_TIMEOUT=5 "$psql" "$admin_url" -XAtqc \
		"SELECT 1 FROM pg_database WHERE datname = '$name'")
	if [[ "$exists" != 1 ]]; then
		say "creating database $name"
		local out
		if ! out=$(PGCONNECT_TIMEOUT=5 "$psql" "$admin_url" -XAtqc "CREATE DATABASE \"$name\"" 2>&1); then
			[[ "$out" == *"already exists"* ]] || die "unable to create database $name: $out"
		fi
	fi
}

# local_url prints the URL of database $1 on the local server when that server takes
# trust logins from root or postgres with the right to create databases.
local_url() {
	local name=$1 psql user ok
	psql=$(psql_cmd)
	if [[ -z "$psql" ]]; then
		say "psql not installed; not looking for a local server"
		return 1
	fi
	if command -v pg_isready >/dev/null 2>&1 &&
		! pg_isready -q -h 127.0.0.1 -p 5432 -t 3 >/dev/null 2>&1; then
		say "no server answers on 127.0.0.1:5432"
		return 1
	fi
	for user in root postgres; do
		ok=$(PGCONNECT_TIMEOUT=3 "$psql" "postgres://$user@127.0.0.1:5432/postgres?sslmode=disable" -XAtqc \
			"SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user" 2>/dev/null || true)
		if [[ "$ok" == t ]]; then
			say "using the local server at 127.0.0.1:5432 as $user"
			ensure_db "postgres://$user@127.0.0.1:5432/postgres?sslmode=disable" "$name"
			printf 'postgres://%s@127.0.0.1:5432/%s?sslmode=disable\n' "$user" "$name"
			return 0
		fi
	done
	say "the server on 127.0.0.1:5432 refuses password-less logins as root and postgres"
	return 1
}

# install_server installs PostgreSQL with apt when we may, and otherwise says what to do.
install_server() {
	if [[ $(id -u) -ne 0 ]]; then
		die "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin.
  Install them (Debian/Ubuntu: sudo apt-get install -y postgresql), or point
  TEST_DATABASE_URL / TIPLINE_DATABASE_URL at a server that lets you create databases."
	fi
	say "=================================================================="
	say "PostgreSQL is not installed: installing it with apt-get (running as root)"
	say "=================================================================="
	apt-get update >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
	# The package may start its own cluster on 5432. It is left alone: the private
	# cluster listens on another port.
	[[ -n "$(pg_bin)" ]] || die "postgresql installed but no initdb found in /usr/lib/postgresql/*/bin"
}

# Private clusters run as the invoking user, or as the postgres system user when we are
# root (initdb and pg_ctl refuse root).
as_owner() {
	if [[ $(id -u) -eq 0 ]]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

ensure_postgres_user() {
	[[ $(id -u) -eq 0 ]] || return 0
	if ! id postgres >/dev/null 2>&1; then
		say "creating the postgres system user"
		useradd --system --no-create-home --shell /usr/sbin/nologin postgres
	fi
}

# cluster_base prints the directory holding cluster $1 (pg or pg-test). As root the
# postgres user must reach it; a checkout under a private home (/root) is not reachable,
# so the cluster then lives under /var/tmp, keyed by the checkout's path.
cluster_base() {
	if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
		printf '/var/tmp/tipline-%s\n' "$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
	else
		printf '%s\n' "$DATA"
	fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# running_port prints the port of the running cluster in $1, if it runs.
running_port() {
	local pgdata=$1 bin=$2
	[[ -f "$pgdata/postmaster.pid" ]] || return 1
	as_owner "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1 || return 1
	sed -n 4p "$pgdata/postmaster.pid"
}

# private_url starts (or reuses) the private cluster $1 and prints the URL of database $2.
private_url() {
	local cluster=$1 name=$2 bin base pgdata sock port log
	bin=$(pg_bin)
	if [[ -z "$bin" ]]; then
		install_server
		bin=$(pg_bin)
	fi
	ensure_postgres_user
	base=$(cluster_base)
	pgdata="$base/$cluster"
	sock="$base/$cluster.sock"
	log="$base/$cluster.log"
	mkdir -p "$base"
	# Two `make test` at once must not both initialise or start the cluster.
	exec 9>"$base/$cluster.lock"
	if command -v flock >/dev/null 2>&1; then
		flock 9
	fi
	# Only the cluster's own files belong to its owner; .data stays the developer's.
	local path
	for path in "$pgdata" "$sock"; do
		mkdir -p "$path"
		[[ $(id -u) -ne 0 ]] || chown postgres: "$path"
	done
	touch "$log"
	[[ $(id -u) -ne 0 ]] || chown postgres: "$log"

	if [[ ! -f "$pgdata/PG_VERSION" ]]; then
		say "initialising a private PostgreSQL cluster in $pgdata ($bin)"
		find "$pgdata" -mindepth 1 -delete
		if ! as_owner "$bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$base/$cluster.initdb.log" 2>&1; then
			say "initdb with locale C.UTF-8 failed; retrying with locale C"
			find "$pgdata" -mindepth 1 -delete
			as_owner "$bin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 --locale=C >"$base/$cluster.initdb.log" 2>&1 ||
				die "initdb failed; see $base/$cluster.initdb.log"
		fi
	fi

	if port=$(running_port "$pgdata" "$bin"); then
		say "reusing the private cluster in $pgdata (port $port)"
	else
		port=54329
		while port_busy "$port"; do
			port=$((port + 1))
			((port < 54400)) || die "no free port in 54329-54399"
		done
		# A Unix socket path is limited to about 100 bytes; TCP is what we use anyway.
		local sockopt="-k '$sock'"
		if ((${#sock} > 80)); then
			sockopt="-k ''"
		fi
		say "starting the private cluster in $pgdata on 127.0.0.1:$port (log: $log)"
		as_owner "$bin/pg_ctl" -D "$pgdata" -w -t 60 -l "$log" \
			-o "-p $port -c listen_addresses=127.0.0.1 $sockopt" start >&2 9>&- ||
			die "the private cluster did not start; see $log"
	fi
	ensure_db "postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable" "$name"
	printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable\n' "$port" "$name"
}

stop_private() {
	local bin base cluster pgdata
	bin=$(pg_bin)
	[[ -n "$bin" ]] || { say "no PostgreSQL binaries; nothing to stop"; return 0; }
	base=$(cluster_base)
	for cluster in pg pg-test; do
		pgdata="$base/$cluster"
		if running_port "$pgdata" "$bin" >/dev/null; then
			say "stopping the private cluster in $pgdata"
			as_owner "$bin/pg_ctl" -D "$pgdata" -m fast -w stop >&2
		else
			say "private cluster $pgdata is not running"
		fi
	done
}

# with_sslmode makes sure a URL from the environment disables TLS only when it says
# nothing about it; an explicit sslmode is respected.
with_sslmode() {
	local url=$1
	if [[ "$url" == *sslmode=* ]]; then
		printf '%s\n' "$url"
	elif [[ "$url" == *\?* ]]; then
		printf '%s&sslmode=disable\n' "$url"
	else
		printf '%s?sslmode=disable\n' "$url"
	fi
}

pick() {
	local env_name=$1 name=$2 cluster=$3
	if [[ "${TIPLINE_PRIVATE_PG:-}" == 1 ]]; then
		say "TIPLINE_PRIVATE_PG=1: using the private cluster"
		private_url "$cluster" "$name"
		return
	fi
	if [[ -n "${!env_name:-}" ]]; then
		say "using \$$env_name"
		with_sslmode "${!env_name}"
		return
	fi
	local url
	if url=$(local_url "$name"); then
		printf '%s\n' "$url"
		return
	fi
	say "falling back to a private cluster"
	private_url "$cluster" "$name"
}

case "${1:-}" in
run) pick TIPLINE_DATABASE_URL tipline pg ;;
test) pick TEST_DATABASE_URL tipline_test pg-test ;;
stop) stop_private ;;
*)
	echo "usage: scripts/db.sh run|test|stop" >&2
	exit 2
	;;
esac
