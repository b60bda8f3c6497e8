//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/telegramtest"
)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v >= 0 {
		return v
	}
	return def
}

// TestCrashHeavy: 20 kills during 2,000 tips from 200 citizens (E2E_KILLS,
// E2E_CITIZENS, E2E_TIPS per citizen). The outbox leases of the killed
// processes are waited out for real unless E2E_FAST_FORWARD=1.
func TestCrashHeavy(t *testing.T) {
	t.Parallel()
	crashScenario(t, envInt("E2E_KILLS", 20), envInt("E2E_CITIZENS", 200), envInt("E2E_TIPS", 10), os.Getenv("E2E_FAST_FORWARD") == "1")
}

// runUntil runs a burst of citizens reporting until stop is closed, and
// returns a function that closes stop and waits for the burst.
func runUntil(ctx context.Context, zs []*citizen) (finish func() error) {
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- burst(ctx, zs, 0, stop) }()
	return func() error {
		close(stop)
		return <-done
	}
}

// TestBotAPIFaults: the Bot API answers 5xx, then 429, then times out, while
// citizens report; afterwards everything is delivered, in order per chat.
func TestBotAPIFaults(t *testing.T) {
	t.Parallel()
	c := newCluster(t, pgtest.URL(t), nil, "TIPLINE_BOT_MAX_ATTEMPTS=1000")
	c.dumpLogsOnFailure()
	server := c.start("serve", freeAddr(t), nil)
	var updates atomic.Int64
	zs := newCitizens(c, 20, &updates)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	finish := runUntil(ctx, zs)

	time.Sleep(time.Second)
	var failing atomic.Bool
	failing.Store(true)
	c.tg.InjectFaults(func(method string) *telegramtest.APIError {
		if !failing.Load() || rand.IntN(2) == 0 {
			return nil
		}
		if rand.IntN(2) == 0 {
			return &telegramtest.APIError{Code: 502, Description: "Bad Gateway"}
		}
		return &telegramtest.APIError{Code: 500, Description: "Internal Server Error"}
	})
	time.Sleep(4 * time.Second)
	failing.Store(false)
	c.tg.FailNext("sendMessage", 20, http.StatusTooManyRequests, 2)
	c.tg.FailNext("editMessageText", 20, http.StatusTooManyRequests, 1)
	time.Sleep(3 * time.Second)
	// Longer than the bot's 30 s send timeout: the sends time out on the bot's
	// side but happen on Telegram's, as a lost answer does.
	c.tg.Hang("sendMessage", 32*time.Second, 3)
	c.tg.Hang("editMessageText", 32*time.Second, 3)
	time.Sleep(5 * time.Second)
	if err := finish(); err != nil {
		t.Fatal(err)
	}
	if server.exited() {
		t.Fatalf("the server exited: %v", server.err)
	}
	accountFor(t, c, zs, updates.Load())
	checkOrder(t, c)
	c.stopAll()
	auditAnonymity(t, c.dbURL, c.written(), zs)
}

// checkOrder: every outbox row was sent, and the messages of each chat were
// created by Telegram in the order the bot wrote them.
func checkOrder(t *testing.T, c *cluster) {
	t.Helper()
	var states []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := c.db.Select(&states, `SELECT state, count(*) AS n FROM outbox GROUP BY state`); err != nil {
		t.Fatal(err)
	}
	for _, s := range states {
		if s.State != "sent" {
			t.Errorf("outbox: %d rows %s", s.N, s.State)
		}
	}
	var rows []struct {
		ChatKey string `db:"chat_key"`
		ID      int64  `db:"id"`
		MsgID   int64  `db:"telegram_message_id"`
	}
	if err := c.db.Select(&rows, `
		SELECT chat_key, id, telegram_message_id FROM outbox
		 WHERE payload->>'method' = 'sendMessage' AND telegram_message_id IS NOT NULL
		 ORDER BY chat_key, id`); err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no sent message recorded with its Telegram message id")
	}
	for i := 1; i < len(rows); i++ {
		if rows[i].ChatKey == rows[i-1].ChatKey && rows[i].MsgID <= rows[i-1].MsgID {
			t.Errorf("chat %s: outbox %d became message %d, after outbox %d's message %d",
				rows[i].ChatKey[:10], rows[i].ID, rows[i].MsgID, rows[i-1].ID, rows[i-1].MsgID)
		}
	}
}

// TestDatabaseOutages: a storm of pg_terminate_backend for 10 s, then an
// immediate shutdown and restart of PostgreSQL, during a burst; the server
// recovers by itself within 30 s and loses nothing.
func TestDatabaseOutages(t *testing.T) {
	t.Parallel()
	pg := startPrivatePG(t)
	c := newCluster(t, pg.createDB(t, "tipline_e2e"), nil)
	c.dumpLogsOnFailure()
	server := c.start("serve", freeAddr(t), nil)
	var updates atomic.Int64
	zs := newCitizens(c, 20, &updates)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	finish := runUntil(ctx, zs)

	time.Sleep(2 * time.Second)
	admin := pg.open(t, "postgres")
	storm := time.Now().Add(10 * time.Second)
	terminated := 0
	for time.Now().Before(storm) {
		var n int
		if err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
			WHERE datname = 'tipline_e2e' AND pid <> pg_backend_pid()`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		terminated += n
		time.Sleep(time.Duration(50+rand.IntN(200)) * time.Millisecond)
	}
	admin.Close()
	t.Logf("storm: %d backends terminated in 10 s", terminated)
	if terminated == 0 {
		t.Error("the storm terminated no backend")
	}

	time.Sleep(time.Second)
	pg.ctl(t, "stop", "-m", "immediate")
	time.Sleep(3 * time.Second)
	pg.start(t)
	back := time.Now()

	// Within 30 s of the database's return a new citizen is served end to end,
	// by the same process.
	probe := newCitizen(c.tg, 199, &updates)
	pctx, pcancel := context.WithTimeout(ctx, 30*time.Second)
	if _, err := probe.report(pctx, 0); err != nil {
		pcancel()
		t.Fatalf("not recovered within 30 s of the database's restart: %v", err)
	}
	pcancel()
	t.Logf("a new tip went through %v after the database came back", time.Since(back).Round(time.Millisecond))
	time.Sleep(2 * time.Second)
	if err := finish(); err != nil {
		t.Fatal(err)
	}
	if server.exited() {
		t.Fatalf("the server exited: %v", server.err)
	}
	all := append(zs, probe)
	accountFor(t, c, all, updates.Load())
	c.stopAll()
	auditAnonymity(t, c.dbURL, c.written(), all)
}

// TestReplicasWebhook: three replicas in webhook mode behind a round-robin
// proxy, each running the bot and the jobs with a digest every minute; one is
// killed mid-burst. Nothing is lost, and each digest period is sent once.
func TestReplicasWebhook(t *testing.T) {
	t.Parallel()
	var backends []string
	var bmu sync.Mutex
	var next atomic.Int64
	proxy := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bmu.Lock()
		if len(backends) == 0 {
			bmu.Unlock()
			http.Error(w, "no backend", http.StatusBadGateway)
			return
		}
		target := backends[int(next.Add(1))%len(backends)]
		bmu.Unlock()
		u, _ := url.Parse("http://" + target)
		rp := httputil.NewSingleHostReverseProxy(u)
		// A dead replica answers 502 and the update is delivered again, to
		// the next one: what a balancer without health checks does.
		rp.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, _ error) { w.WriteHeader(http.StatusBadGateway) }
		rp.ServeHTTP(w, r)
	})}
	proxyAddr := freeAddr(t)
	proxy.Addr = proxyAddr
	go func() { _ = proxy.ListenAndServe() }()
	t.Cleanup(func() { _ = proxy.Close() })

	// The bot insists on an https webhook; the emulator is told the proxy's
	// http address instead, as a TLS-terminating balancer would do.
	rewrite := func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/setWebhook") {
				body, _ := io.ReadAll(r.Body)
				var p map[string]any
				if json.Unmarshal(body, &p) == nil {
					p["url"] = "http://" + proxyAddr + "/telegram/webhook"
					body, _ = json.Marshal(p)
				}
				r.Body = io.NopCloser(bytes.NewReader(body))
				r.ContentLength = int64(len(body))
			}
			h.ServeHTTP(w, r)
		})
	}
	office := int64(0)
	c := newCluster(t, pgtest.URL(t), rewrite)
	c.dumpLogsOnFailure()
	group := c.tg.NewGroup("湘乡市禁毒办值班群")
	office = group.ChatID()
	c.extra = append(c.extra,
		"TIPLINE_BOT_MODE=webhook",
		"TIPLINE_BOT_WEBHOOK_URL=https://tipline.invalid/telegram/webhook",
		"TIPLINE_BOT_WEBHOOK_SECRET=e2e-webhook-secret-0123456789",
		"TIPLINE_DIGEST_DAILY=* * * * *",
		fmt.Sprintf("TIPLINE_DIGEST_TELEGRAM_CHATS=%d", office),
		"TIPLINE_DIGEST_MIN_AREA_COUNT=1",
	)
	var replicas []*proc
	for i := range 3 {
		addr := freeAddr(t)
		replicas = append(replicas, c.start(fmt.Sprintf("replica%d", i), addr, []string{"--components", "bot,jobs"}))
		bmu.Lock()
		backends = append(backends, addr)
		bmu.Unlock()
	}
	var updates atomic.Int64
	zs := newCitizens(c, 30, &updates)
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	finish := runUntil(ctx, zs)
	time.Sleep(3 * time.Second)
	replicas[1].kill(t)
	t.Log("replica1 killed")
	// Past a minute boundary and the digest of that minute.
	time.Sleep(time.Duration(70-time.Now().Second()) * time.Second)
	if err := finish(); err != nil {
		t.Fatal(err)
	}
	accountFor(t, c, zs, updates.Load())

	// Each period of each digest (the daily one every minute, and the weekly
	// one's catch-up at start): one digest, one outbox row, one message in the
	// office chat.
	var digests, rows int
	if err := c.db.Get(&digests, `SELECT count(*) FROM digests`); err != nil {
		t.Fatal(err)
	}
	if err := c.db.Get(&rows, `SELECT count(*) FROM outbox WHERE chat_key = $1`, fmt.Sprintf("office:%d", office)); err != nil {
		t.Fatal(err)
	}
	var daily int
	if err := c.db.Get(&daily, `SELECT count(*) FROM digests WHERE job = 'digest_daily'`); err != nil {
		t.Fatal(err)
	}
	if daily == 0 {
		t.Fatal("no digest was made")
	}
	if rows != digests {
		t.Errorf("%d digest periods, %d outbox rows for the office chat", digests, rows)
	}
	got := 0
	for _, m := range group.Messages() {
		if !m.Deleted {
			got++
		}
	}
	if got != digests {
		t.Errorf("%d digest periods, the office chat got %d messages", digests, got)
	}
	t.Logf("%d digest periods, %d outbox rows, %d messages in the office chat", digests, rows, got)
	c.stopAll()
	auditAnonymity(t, c.dbURL, c.written(), zs)
}
