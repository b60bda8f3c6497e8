#!/usr/bin/env bash
# Runs every fuzz target of the module for a bounded time each.
#
#   scripts/fuzz.sh                  all targets, FUZZTIME each (default 20s)
#   FUZZTIME=2m scripts/fuzz.sh FuzzUpdate
#
# The checked-in seeds (testdata/fuzz/<Target>/) also run in every `go test`.
# New interesting inputs stay in Go's cache, so a clean run adds nothing to
# the tree. A crasher is written by `go test` to <package>/testdata/fuzz/<Target>/
# and stays there: commit it with the fix, as a regression seed. The script
# then fails and names it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
FUZZTIME=${FUZZTIME:-20s}
# Fuzzing takes every core by default; the machine is shared.
FUZZ_PARALLEL=${FUZZ_PARALLEL:-2}
GO=${GO:-go}

say() { printf 'fuzz.sh: %s\n' "$*" >&2; }

# Some targets (FuzzUpdate) run against PostgreSQL.
if [[ -z "${TEST_DATABASE_URL:-}" ]]; then
	TEST_DATABASE_URL=$(scripts/db.sh test)
	export TEST_DATABASE_URL
fi

# target lines: "<package dir> <FuzzName>"
targets=$(grep -rEo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+\(' . |
	grep -v '^./.data/' |
	sed -E 's#^(.*)/[^/]+_test\.go:func (Fuzz[A-Za-z0-9_]+)\($#\1 \2#' | sort -u)
if [[ $# -gt 0 ]]; then
	want=" $* "
	targets=$(printf '%s\n' "$targets" | while read -r dir name; do
		[[ "$want" == *" $name "* ]] && printf '%s %s\n' "$dir" "$name"
	done || true)
fi
if [[ -z "$targets" ]]; then
	say "no fuzz targets found"
	exit 1
fi

before=$(git status --porcelain --untracked-files=all -- '*/testdata/fuzz/*' | sort)
failed=()
# fuzz_once runs one target; its output is kept to tell a crasher from the
# coordinator's own "context deadline exceeded", which go test reports when a
# worker is still busy with an input as the time runs out and no input failed.
fuzz_once() {
	local dir=$1 name=$2 out
	out=$(mktemp)
	"$GO" test -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -parallel "$FUZZ_PARALLEL" "$dir" 2>&1 | tee "$out"
	local rc=${PIPESTATUS[0]}
	if ((rc != 0)) && grep -q 'context deadline exceeded' "$out" && ! grep -q 'Failing input written to' "$out"; then
		rc=75
	fi
	rm -f "$out"
	return "$rc"
}

while read -r dir name; do
	say "$name in $dir for $FUZZTIME"
	rc=0
	fuzz_once "$dir" "$name" || rc=$?
	if ((rc == 75)); then
		say "$name: the run ended on go test's deadline with no failing input; running it once more"
		rc=0
		fuzz_once "$dir" "$name" || rc=$?
	fi
	if ((rc != 0)); then
		failed+=("$dir $name")
	fi
done <<<"$targets"

after=$(git status --porcelain --untracked-files=all -- '*/testdata/fuzz/*' | sort)
new=$(comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed 's/^?? //' || true)
if [[ -n "$new" ]]; then
	say "crashers written (kept for the fix and as regression seeds):"
	printf '  %s\n' $new >&2
fi
if [[ ${#failed[@]} -gt 0 || -n "$new" ]]; then
	say "FAILED: ${failed[*]:-new inputs under testdata}"
	exit 1
fi
say "all targets ran $FUZZTIME without a crasher"
