#!/usr/bin/env bash
# `make run`: a working Tipline on this machine in one step. Finds or starts
# PostgreSQL, migrates it, gives the demo admin a fresh one-time password, makes
# development keys when the configuration has none, and starts the server.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=${BIN:-bin/tipline}
say() { printf 'run.sh: %s\n' "$*" >&2; }

[[ -x "$BIN" ]] || { say "$BIN is missing; run make build"; exit 1; }

TIPLINE_DATABASE_URL=$(scripts/db.sh run)
export TIPLINE_DATABASE_URL

# Configuration: $TIPLINE_CONFIG, else config.yaml, else the example.
if [[ -z "${TIPLINE_CONFIG:-}" ]]; then
	if [[ -f config.yaml ]]; then
		TIPLINE_CONFIG=config.yaml
	else
		TIPLINE_CONFIG=config.example.yaml
	fi
fi
export TIPLINE_CONFIG
say "configuration: $TIPLINE_CONFIG"

# config_value prints <section>.<name> from the YAML file (empty when unset or "").
config_value() {
	awk -v section="$1:" -v want="$2" '
		/^[^[:space:]#]/ { insection = ($1 == section) }
		insection && $1 == want ":" {
			v = $2; gsub(/["\047]/, "", v); print v; exit
		}' "$TIPLINE_CONFIG"
}

# The sandbox runs only when asked for by name (bot.mode); without a token,
# `make run` asks for it, and says so.
if [[ -z "${TIPLINE_BOT_TOKEN:-}" && -z "$(config_value bot token)" &&
	-z "${TIPLINE_BOT_MODE:-}" && -z "$(config_value bot mode)" ]]; then
	export TIPLINE_BOT_MODE=sandbox
	say "no bot token configured: TIPLINE_BOT_MODE=sandbox (the bot talks to a built-in emulator, not Telegram)"
fi

# Keys missing from both the environment and the file come from .data/dev-keys.env,
# made once, so reporter refs and sealed chats stay readable across restarts.
dev_keys=.data/dev-keys.env
for name in reporter seal receipt totp; do
	var="TIPLINE_KEYS_${name^^}"
	if [[ -n "${!var:-}" || -n "$(config_value keys "$name")" ]]; then
		continue
	fi
	if [[ ! -s "$dev_keys" ]]; then
		say "no keys configured: generating development keys into $dev_keys (not for production)"
		mkdir -p .data
		(umask 077 && "$BIN" keygen --env >"$dev_keys.tmp") && mv "$dev_keys.tmp" "$dev_keys"
	fi
	value=$(sed -n "s/^${var}=//p" "$dev_keys" | head -n 1)
	# keys.totp is optional, and older files lack it: keys.seal stands in.
	[[ -n "$value" || "$name" == totp ]] || { say "$dev_keys has no $var; delete it to regenerate"; exit 1; }
	[[ -n "$value" ]] || continue
	export "$var=$value"
	say "using the development key $var from $dev_keys"
done

say "migrating: $BIN migrate up"
"$BIN" migrate up

# The demo account is for this machine only: it is made (or its password reset)
# only in a database on this machine, never in one TIPLINE_DATABASE_URL names
# elsewhere, unless TIPLINE_DEMO=1 says so.
db_host=$(printf '%s' "$TIPLINE_DATABASE_URL" | sed -E 's#^[a-z]+://([^@/]*@)?\[?([^]/:?]*).*#\2#')
case "$db_host" in
127.*|localhost|::1|"") local_db=1 ;;
*) local_db=${TIPLINE_DEMO:-0} ;;
esac
if [[ "$local_db" != 1 ]]; then
	say "the database is on $db_host, not this machine: no demo officer is made (TIPLINE_DEMO=1 to make one anyway)"
else
	# A new random password on every start: the demo account is for this machine only.
	password=$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 16)
	if out=$(printf '%s\n' "$password" | "$BIN" officer add demo --role admin 2>&1); then
		say "created the officer demo (role admin)"
	else
		if ! out2=$(printf '%s\n' "$password" | "$BIN" officer passwd demo 2>&1); then
			say "unable to create the demo officer: $out"
			say "unable to reset its password either: $out2"
			exit 1
		fi
		say "the officer demo exists; its password was reset"
	fi

	sandbox_line=
	if [[ "${TIPLINE_BOT_MODE:-$(config_value bot mode)}" == sandbox ]]; then
		admin_url=${TIPLINE_ADMIN_BASE_URL:-$(config_value admin base_url)}
		sandbox_line=$'\n'"   bot: SANDBOX, not Telegram; chat with it at ${admin_url:-http://localhost:8080}/sandbox/"
	fi
	cat >&2 <<-EOF

	  ================================================================
	   Tipline admin login (this machine only; changes on every make run)
	     username: demo
	     password: $password
	   database: $TIPLINE_DATABASE_URL${sandbox_line}
	  ================================================================

	EOF
fi

exec "$BIN" serve "$@"
