#!/usr/bin/env bash
# Runs the end-to-end tests of the real tipline binary (package e2e, build tag
# e2e): SIGKILLs during a burst of tips, a PostgreSQL restart and a
# pg_terminate_backend storm (on a private cluster this script never shares),
# Bot API faults, three webhook replicas with digests, the full scenario (two
# citizens, an officer in a headless browser, the digest by Telegram and SMTP),
# the anonymity audit of the dump and every log (of the bot's citizens and of a
# web reporter from an address of its own), and a split start (web+admin
# beside bot+jobs). The database comes from scripts/db.sh test.
#
#   scripts/e2e.sh                 everything (about 10 minutes on 2 cores)
#   E2E_RUN=Crash scripts/e2e.sh   only the tests whose name matches
#   E2E_RUN=FullScenario scripts/e2e.sh   the whole product once (about 30 s)
#   E2E_KILLS=20 E2E_CITIZENS=200 E2E_TIPS=10   size of the heavy crash test
#   E2E_FAST_FORWARD=1             end a killed process's outbox leases at once
#   E2E_RACE=1                     build the binary with the race detector
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
GO=${GO:-go}

url=$(scripts/db.sh test)
log=$(mktemp -t tipline-e2e.XXXXXX.log)
args=(test -tags e2e -count=1 -v -timeout 20m)
if [[ -n "${E2E_RUN:-}" ]]; then
	args+=(-run "$E2E_RUN")
fi
args+=(./e2e/)

echo "e2e.sh: TEST_DATABASE_URL=$url $GO ${args[*]} (full output: $log)" >&2
start=$(date +%s)
set +e
TEST_DATABASE_URL="$url" "$GO" "${args[@]}" 2>&1 | tee "$log" | grep -v -E '^\s*time=.* level=(DEBUG|INFO) '
status=${PIPESTATUS[0]}
set -e

echo
echo "==================== e2e summary ($(( $(date +%s) - start )) s) ===================="
grep -E '^\s*(--- (PASS|FAIL|SKIP)|ok|FAIL)\b' "$log" || true
echo "---- findings ----"
grep -E '(accounted for|anonymity audit|kills,|delivered twice|storm:|went through|digest periods|leases of the dead|full scenario:|split start:)' "$log" | sed -E 's/^\s+//' || true
if [[ $status -eq 0 ]]; then
	echo "e2e: PASS"
else
	echo "e2e: FAIL (exit $status; full output in $log)"
fi
exit "$status"
