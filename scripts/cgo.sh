#!/usr/bin/env bash
# The race detector of `go test -race` needs cgo and so a C compiler. A bare
# Debian machine with only Go has none: install it when we may (root with apt),
# otherwise say what to install.
set -euo pipefail
say() { printf 'cgo.sh: %s\n' "$*" >&2; }

if command -v gcc >/dev/null 2>&1 && [[ -e /usr/include/stdlib.h ]]; then
	exit 0
fi
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
	say "go test -race needs a C compiler: installing gcc and libc6-dev with apt-get"
	apt-get update >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev >&2
	exit 0
fi
say "go test -race needs a C compiler: install gcc and libc6-dev (sudo apt-get install gcc libc6-dev) and run again"
exit 1
