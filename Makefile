# MallCare — the two commands: `make run` and `make test`.
# PocketBase v0.40 needs Go >= 1.27; let the go command fetch the toolchain.
export GOTOOLCHAIN := auto

.PHONY: run test test-go test-ui ui bench drill fuzz load

# Start the server with demo data on first start (logins printed once).
run:
	go run . serve --demo

# Every test: Go (real PocketBase on temporary SQLite; drill/ builds the real
# binary and runs the short restore, crash, shift-start and upgrade drills)
# and, when the PWA sources are present, its unit tests, freshness check and
# browser tests.
test: test-go test-ui

test-go:
	go vet ./...
	go test -count=1 ./...
	$(MAKE) fuzz FUZZTIME=5s

# Every decoder of client input, fuzzed briefly (seeded with today's
# refusals); FUZZTIME=5m for a longer run.
FUZZTIME ?= 30s
fuzz:
	go test -run '^$$' -fuzz '^FuzzDecodePush$$' -fuzztime $(FUZZTIME) ./syncapi
	go test -run '^$$' -fuzz '^FuzzParseCursor$$' -fuzztime $(FUZZTIME) ./syncapi
	go test -run '^$$' -fuzz '^FuzzAnswerBody$$' -fuzztime $(FUZZTIME) ./publicsurvey

test-ui:
	@if [ -f ui/package.json ]; then \
		cd ui && npm ci --no-audit --no-fund && npm run check-dist && npm test && npm run e2e; \
	fi

# Rebuild the embedded PWA (ui/dist, committed).
ui:
	cd ui && npm ci --no-audit --no-fund && npm run build

# The operator's drills in their long form (the short forms run in test-go):
# the crash drill kills the server 60 times under 18 phones
# (MALLCARE_DRILL_KILLS=n for more); see docs/operations.md.
drill:
	MALLCARE_DRILL=long go test -count=1 -v -run 'Drill|ShiftStart|FailedUpgrade' ./drill

# Benchmarks: figures and ratios for docs/benchmarks.md.
bench:
	go test -run '^$$' -bench . -benchtime 1x ./...

# Sync at capacity: the real server on a loopback port with the demo data,
# steps of simulated phones (10, 25, 50, 100, 200 by default, then 300 and
# 400 while push p99 is under 500 ms; 30 s each)
# and an admin generating reports; prints the figures per step and the knee
# (docs/benchmarks.md, "Load"). LOAD_FLAGS passes flags, e.g.
# LOAD_FLAGS="-phones 200 -duration 2m"; go run ./loadtest -h lists them.
LOAD_FLAGS ?=
load:
	go run ./loadtest $(LOAD_FLAGS)
