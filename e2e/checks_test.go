package e2e

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/queue"
)

// accountFor checks, once everything is processed and sent, that every tip
// the citizens were given a receipt for is stored exactly once, that no tip
// exists without a receipt, that each receipt leads to its tip, that every
// receipt reached its citizen, and that every update was processed once. It
// returns how many receipts were delivered more than once.
func accountFor(t *testing.T, c *cluster, citizens []*citizen, updatesSent int64) (duplicates int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := c.waitQuiet(ctx); err != nil {
		t.Fatal(err)
	}

	var tips []struct {
		ID          int64  `db:"id"`
		Ref         []byte `db:"reporter_ref"`
		Description string `db:"description"`
	}
	if err := c.db.SelectContext(ctx, &tips, `SELECT id, reporter_ref, description FROM tips WHERE kind = 'report'`); err != nil {
		t.Fatal(err)
	}
	byMarker := map[string][]int64{}
	byID := map[int64]string{}
	perRef := map[string]int{}
	for _, tip := range tips {
		m := markerPattern.FindString(tip.Description)
		byMarker[m] = append(byMarker[m], tip.ID)
		byID[tip.ID] = tip.Description
		perRef[string(tip.Ref)]++
	}

	submitted := 0
	for _, z := range citizens {
		z.mu.Lock()
		receipts := make(map[string]string, len(z.receipts))
		for k, v := range z.receipts {
			receipts[k] = v
		}
		z.mu.Unlock()
		submitted += len(receipts)
		if got := perRef[string(z.keysRef(c))]; got != len(receipts) {
			t.Errorf("citizen %d: %d tips stored under its reporter ref, %d receipts given", z.n, got, len(receipts))
		}
		delivered := z.receiptMessages()
		for code, mark := range receipts {
			if ids := byMarker[mark]; len(ids) != 1 {
				t.Errorf("tip %s stored %d times (%v)", mark, len(ids), ids)
			}
			view, err := c.store.LookupReceipt(ctx, c.db, queue.Receipt(code))
			if err != nil {
				t.Errorf("citizen %d: receipt %s: %v", z.n, code, err)
			} else if !strings.Contains(byID[view.TipID], mark) {
				t.Errorf("citizen %d: receipt %s leads to tip %d, not to %s", z.n, code, view.TipID, mark)
			}
			switch n := delivered[code]; {
			case n == 0:
				t.Errorf("citizen %d: receipt %s is in no message of the chat", z.n, code)
			case n > 1:
				duplicates += n - 1
			}
		}
	}
	if len(tips) != submitted {
		extra := []string{}
		for m, ids := range byMarker {
			if len(ids) > 0 && !hasReceipt(citizens, m) {
				extra = append(extra, m)
			}
		}
		sort.Strings(extra)
		t.Errorf("%d tips stored, %d receipts given; tips without a receipt: %v", len(tips), submitted, extra)
	}

	var states []struct {
		State string `db:"state"`
		N     int64  `db:"n"`
	}
	if err := c.db.SelectContext(ctx, &states, `SELECT state, count(*) AS n FROM bot_inbox GROUP BY state`); err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, s := range states {
		total += s.N
		if s.State != "done" {
			t.Errorf("bot_inbox: %d rows %s", s.N, s.State)
		}
	}
	if total != updatesSent {
		t.Errorf("bot_inbox holds %d updates, the citizens sent %d", total, updatesSent)
	}
	t.Logf("accounted for %d tips, %d updates; %d receipts delivered more than once", submitted, total, duplicates)
	return duplicates
}

func hasReceipt(citizens []*citizen, mark string) bool {
	for _, z := range citizens {
		z.mu.Lock()
		for _, m := range z.receipts {
			if m == mark {
				z.mu.Unlock()
				return true
			}
		}
		z.mu.Unlock()
	}
	return false
}

func (z *citizen) keysRef(c *cluster) []byte {
	return c.keys.anon.Reporter(z.u.ID()).Bytes()
}

// auditAnonymity dumps the database and reads every file the processes wrote
// (files: their logs, their working and temporary directories): none may hold
// a citizen's user id, chat id, username, name or phone, the bot token, or a
// receipt a citizen was given, in any case, with or without its hyphens, or
// as the hex in which pg_dump writes bytea; what the citizens said about the
// suspect must be kept.
func auditAnonymity(t *testing.T, dbURL string, files []string, citizens []*citizen) {
	t.Helper()
	dump := pgDump(t, dbURL)
	if !bytes.Contains(dump, []byte(suspectPhone)) {
		t.Errorf("the dump does not hold the suspect's phone %s that the reporters typed", suspectPhone)
	}
	sources := map[string][]byte{"pg_dump": dump}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sources["file "+filepath.Base(p)] = b
	}
	forbidden := []string{"TESTNAME", "_testuser_", botToken, strings.SplitN(botToken, ":", 2)[1]}
	receipts := 0
	for _, z := range citizens {
		forbidden = append(forbidden, z.identities()...)
		z.mu.Lock()
		for code := range z.receipts {
			forbidden = append(forbidden, receiptForms(code)...)
			receipts++
		}
		z.mu.Unlock()
	}
	if receipts == 0 {
		t.Error("no citizen was given a receipt: the audit cannot look for one")
	}
	for name, b := range sources {
		for _, f := range forbidden {
			if i := bytes.Index(b, []byte(f)); i >= 0 {
				t.Errorf("%s holds %q: …%s…", name, f, excerpt(b, i))
			}
		}
	}
	t.Logf("anonymity audit: %d bytes of dump, %d files written, %d forbidden strings (%d receipts)",
		len(dump), len(files), len(forbidden), receipts)
}

// receiptForms are the ways a receipt could rest: as shown, without hyphens,
// in lower case, and each of those as hex (a bytea column in pg_dump).
func receiptForms(code string) []string {
	plain := strings.ReplaceAll(code, "-", "")
	var out []string
	for _, f := range []string{code, plain, strings.ToLower(code), strings.ToLower(plain)} {
		out = append(out, f, hex.EncodeToString([]byte(f)))
	}
	return out
}

func excerpt(b []byte, i int) string {
	lo, hi := max(i-60, 0), min(i+60, len(b))
	return string(b[lo:hi])
}

// pgDump is the data of the database as INSERT statements.
func pgDump(t *testing.T, dbURL string) []byte {
	t.Helper()
	bin := "pg_dump"
	if dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_dump"); len(dirs) > 0 {
		sort.Strings(dirs)
		bin = dirs[len(dirs)-1]
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "--data-only", "--inserts", "--no-owner", "--dbname", dbURL)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pg_dump: %v: %s", err, stderr.String())
	}
	return out
}
