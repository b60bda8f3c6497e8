// Package e2e holds the end-to-end tests of the real tipline binary: it is built
// once per test binary and started as separate processes against a fresh
// PostgreSQL database and an in-process Telegram Bot API emulator, whose
// simulated citizens report tips while the tests kill the server, restart or
// cut off the database, make the Bot API fail, and spread updates across
// replicas. Afterwards every tip, receipt and update is accounted for, and a
// dump of the database and every log line are searched for the citizens'
// identities.
//
// `go test ./e2e/` runs a small crash scenario (a few kills during a burst of
// 100 tips). `go test -tags e2e ./e2e/` (make e2e, scripts/e2e.sh) runs the
// heavy scenarios and TestFullScenario, the whole product once (about 30 s):
// citizens report in zh-CN and en with a photo whose EXIF GPS and comment
// must be gone when the officer downloads it, an officer created with
// `tipline officer add` works both tips in a headless Chromium, the reporters
// answer (one from a second account, with the receipt), the closing notice
// arrives, and the digest reaches an office group chat and an SMTP sink in the
// test. The binary takes no injected clock, so the digest is scheduled every
// minute (TIPLINE_DIGEST_DAILY="* * * * *") and the test waits for the one
// whose period holds the last tip: at most a minute of the run. E2E_KILLS, E2E_CITIZENS and E2E_TIPS size the heavy crash
// test and E2E_RACE=1 builds the binary with the race detector.
package e2e
