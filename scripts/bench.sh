#!/usr/bin/env bash
# Measures Tipline against its targets in one run and prints one table (see
# docs/benchmarks.md): intake and sender (tipline load), update → reply
# delivered beside an echo bot (loadtest.BenchmarkRoundTrip), the web report's
# submit with a 200 KB photo and a 20 MB upload's memory, the admin pages over
# HTTP against a running `tipline serve` on a database of BENCH_TIPS tips,
# search, dashboard, digest, server memory, with raw PostgreSQL insert rates
# measured alongside. The server comes from scripts/db.sh test; the seeded
# database on it is qbench (qbench_<N> for other sizes), reused when present,
# migrated, and seeded up to BENCH_TIPS when it holds fewer.
#
#   scripts/bench.sh                   1,000,000 tips: about 8 minutes when qbench exists,
#                                      about 8 more to seed it the first time
#   BENCH_TIPS=100000 scripts/bench.sh a smaller database (qbench_100000)
#   BENCH_DATABASE_URL=postgres://…    a database of your own (topped up to BENCH_TIPS)
#   BENCH_REQUESTS=600 BENCH_ADMIN_RATE=20 BENCH_WORKERS=4
#                                      the admin HTTP run: its timed rate, then its clients at capacity
#   BENCH_WEB_WORKERS=8 BENCH_WEB_REPORTS=1000
#                                      the web report run: phones submitting at once, and how many reports
#   scripts/bench.sh --only web        one part alone (citizens, web, admin, go; comma-separated);
#                                      web and citizens need no seeded database
#
# The table goes to stdout and, as Markdown with the machine and load average,
# to .data/bench/latest.md (BENCH_MARKDOWN to change), ready for docs/benchmarks.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
GO=${GO:-go}

url=$(scripts/db.sh test)
md=${BENCH_MARKDOWN:-$ROOT/.data/bench/latest.md}
mkdir -p "$(dirname "$md")"
echo "bench.sh: building bin/tipline" >&2
"$GO" build -o bin/tipline ./cmd/tipline
echo "bench.sh: BENCH_SERVER_URL=$url BENCH_TIPS=${BENCH_TIPS:-1000000} $GO run ./bench --markdown $md" >&2
BENCH_SERVER_URL="$url" "$GO" run ./bench --bin bin/tipline --markdown "$md" "$@"
