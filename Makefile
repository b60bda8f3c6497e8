# Everyday commands. Each target that needs PostgreSQL asks scripts/db.sh for one: the
# URL from the environment, else a local server on 127.0.0.1:5432, else a private
# cluster under .data (TIPLINE_PRIVATE_PG=1 forces the last).

GO        ?= go
BIN       := bin/tipline
PKG       ?= ./...
TESTFLAGS ?=
# Per test binary: the admin package runs its browser tests and rate-limited
# logins one after another, which takes longer than go test's 10-minute default
# on a loaded 2-core machine.
TESTTIMEOUT ?= 30m
BENCH     ?= .
BENCHTIME ?= 1s

.PHONY: build run test e2e bench bench-go bench-bot lint fuzz backup-test clean db-stop distclean

build:
	$(GO) build -o $(BIN) ./cmd/tipline

# Starts the server with a migrated database, a demo admin and, when the config has no
# keys, development keys from .data/dev-keys.env.
run: build
	scripts/run.sh

test:
	@scripts/cgo.sh
	@url=$$(scripts/db.sh test) && \
	echo "TEST_DATABASE_URL=$$url $(GO) test -race -count=1 -timeout $(TESTTIMEOUT) $(TESTFLAGS) $(PKG)" && \
	TEST_DATABASE_URL="$$url" $(GO) test -race -count=1 -timeout $(TESTTIMEOUT) $(TESTFLAGS) $(PKG)

# The real binary under fire: SIGKILLs mid-burst, PostgreSQL restarts, Bot API
# faults, three webhook replicas, the anonymity audit (about 10 minutes).
e2e:
	scripts/e2e.sh

# One table of every speed target (docs/benchmarks.md): about 8 minutes when the
# 1M-tip database qbench exists, about 8 more to seed it the first time.
# BENCH_TIPS=100000 for a smaller one; BENCH_DATABASE_URL for a database of your own.
bench:
	scripts/bench.sh

# The Go benchmarks alone; narrow with BENCH=Claim PKG=./queue/.
bench-go:
	@url=$$(scripts/db.sh test) && \
	echo "TEST_DATABASE_URL=$$url $(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -benchmem $(PKG)" && \
	TEST_DATABASE_URL="$$url" $(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -benchmem $(PKG)

# Citizen-side load alone: intake, latency, delivery against Telegram's limits.
bench-bot: build
	@url=$$(scripts/db.sh test) && TEST_DATABASE_URL="$$url" $(GO) test -run '^$$' -bench BenchmarkIntake -benchtime 1x ./loadtest/

lint:
	@echo "gofmt -l"; \
	out=$$(find . -name '*.go' -not -path './.data/*' -not -path './node_modules/*' -print0 | xargs -0 -r gofmt -l); \
	if [ -n "$$out" ]; then echo "$$out"; echo "gofmt: the files above are not formatted (gofmt -w)"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

# Runs every fuzz target for FUZZTIME (default 20s each); a crasher stays under
# testdata and fails the run.
fuzz:
	@url=$$(scripts/db.sh test) && TEST_DATABASE_URL="$$url" scripts/fuzz.sh

# Dumps a seeded database, restores it elsewhere and compares: proves the
# backup procedure of docs/operations.md.
backup-test: build
	@url=$$(scripts/db.sh test) && TEST_DATABASE_URL="$$url" scripts/backup-restore-test.sh

# Stops the private PostgreSQL clusters (their data stays in .data).
db-stop:
	scripts/db.sh stop

clean:
	rm -rf bin

# Also removes the private clusters' data and the development keys.
distclean: clean db-stop
	rm -rf .data
