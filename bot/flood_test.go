package bot

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// TestFloodDoesNotDelayOthers: one account sends 300 messages as fast as it
// can while a citizen files a report, through the real conversation and
// queue. Updates of one chat are processed one at a time, so the flood can
// only ever hold one worker: the citizen's updates overtake its backlog, the
// flooder is told to slow down once and most of its messages do nothing.
func TestFloodDoesNotDelayOthers(t *testing.T) {
	t.Parallel()
	tg := telegramtest.New(telegramtest.Options{Token: testToken})
	url := tg.Start()
	t.Cleanup(tg.Close)
	cfg := config.Default()
	cfg.Keys = config.GenerateKeys()
	cfg.Bot.Mode, cfg.Bot.Token, cfg.Bot.APIURL, cfg.Bot.Workers = "polling", testToken, url, 2
	cfg.Limits.SendPerChatSecond, cfg.Limits.SendPerSecond = 1000, 1000
	cfg.Location = time.UTC
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		t.Fatal(err)
	}
	db := pgtest.DB(t)
	db.SetMaxOpenConns(6)
	store := queue.NewStore(db, &cfg, receiptKey)
	svc, err := New(Deps{Config: &cfg, DB: db, Queue: store, Keys: keys, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	svc.pollTimeout, svc.idlePoll, svc.retryBase, svc.retryMax = time.Second, 20*time.Millisecond, 10*time.Millisecond, 200*time.Millisecond
	ctx := waitCtx(t)

	// The flood and the citizen's first message are waiting before the bot
	// starts, as after a restart in the middle of an attack.
	const floodSize = 300
	flooder := tg.NewUser(telegramtest.UserOptions{LanguageCode: "zh-hans"})
	for i := range floodSize {
		flooder.SendText(fmt.Sprintf("刷屏 %d", i))
	}
	u := tg.NewUser(telegramtest.UserOptions{LanguageCode: "en"})
	u.SendCommand("/start")
	run(t, svc)

	press := func(data string) {
		t.Helper()
		var found telegramtest.Message
		err := u.WaitFor(ctx, func(ms []telegramtest.Message) bool {
			for i := len(ms) - 1; i >= 0; i-- {
				if ms[i].HasButton(data) {
					found = ms[i]
					return true
				}
			}
			return false
		})
		if err != nil {
			t.Fatalf("waiting for %s: %v", data, err)
		}
		if _, err := u.Press(found, data); err != nil {
			t.Fatal(err)
		}
	}
	press("m:report")
	press("c:selling")
	press("a:dongshan")
	press("o:now")
	u.SendText("Someone sells meth outside the night market every evening around nine, phone 13900001111.")
	press("d:done")
	press("e:done")
	press("k:code")
	press("r:submit")
	if err := u.WaitFor(ctx, func(ms []telegramtest.Message) bool {
		return len(ms) > 0 && strings.Contains(ms[len(ms)-1].Text, "receipt code")
	}); err != nil {
		t.Fatalf("the citizen got no receipt: %v", err)
	}
	ref := keys.Reporter(u.ID()).Bytes()
	var tips int
	if err := db.GetContext(ctx, &tips, `SELECT count(*) FROM tips WHERE reporter_ref = $1`, ref); err != nil || tips != 1 {
		t.Fatalf("the citizen's tips: %d %v", tips, err)
	}

	// Let the flood drain, then read the inbox's order.
	if err := tg.WaitDelivered(ctx); err != nil {
		t.Fatal(err)
	}
	// The flood is one chat, processed one update after another: under -race
	// beside other packages' tests that took longer than count's ten seconds
	// once. How fast it drains is not what this test is about.
	drained := time.Now().Add(time.Minute)
	for n := 1; n != 0; {
		if n = count(t, &fixture{db: db}, 0, `SELECT count(*) FROM bot_inbox WHERE state = 'pending'`); n != 0 && time.Now().After(drained) {
			t.Fatalf("%d updates still pending", n)
		}
	}
	citizenKey, floodKey := keys.ChatKey(u.ID()), keys.ChatKey(flooder.ID())
	type row struct {
		UpdateID  int64     `db:"update_id"`
		Received  time.Time `db:"received_at"`
		Processed time.Time `db:"processed_at"`
		Queued    time.Time `db:"queued"`
		Sent      time.Time `db:"sent"`
		// Backlog is the flood's updates received before this one and not
		// processed when it arrived; Overtaken, those of them processed
		// after it.
		Backlog   int `db:"backlog"`
		Overtaken int `db:"overtaken"`
	}
	var steps []row
	err = db.SelectContext(ctx, &steps, `
		SELECT c.update_id, c.received_at, c.processed_at,
		       coalesce((SELECT min(o.created_at) FROM outbox o WHERE o.chat_key = $3 AND o.created_at >= c.processed_at), c.processed_at) AS queued,
		       coalesce((SELECT min(o.sent_at) FROM outbox o WHERE o.chat_key = $3 AND o.created_at >= c.processed_at), c.processed_at) AS sent,
		       (SELECT count(*) FROM bot_inbox f WHERE f.chat_key = $2 AND f.update_id < c.update_id AND f.processed_at > c.received_at) AS backlog,
		       (SELECT count(*) FROM bot_inbox f WHERE f.chat_key = $2 AND f.update_id < c.update_id AND f.processed_at > c.processed_at) AS overtaken
		  FROM bot_inbox c WHERE c.chat_key = $1 ORDER BY c.update_id`, citizenKey, floodKey, keys.OutboxKey(keys.Reporter(u.ID())))
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 10 {
		t.Fatalf("the citizen's report took %d updates, want 10", len(steps))
	}
	for i, s := range steps {
		// processed_at is the start of the processing transaction, which may
		// begin just before the update's row is committed: a few ms below 0.
		t.Logf("step %d: picked up after %v, reply queued after %v, sent after %v; flood backlog %d, overtaken %d",
			i, s.Processed.Sub(s.Received), s.Queued.Sub(s.Received), s.Sent.Sub(s.Received), s.Backlog, s.Overtaken)
		// An update that arrives behind a backlog of the flood goes past
		// it: had it waited its turn, it would have overtaken nothing.
		if s.Backlog >= 5 && s.Overtaken == 0 {
			t.Errorf("step %d waited behind the flood's backlog of %d", i, s.Backlog)
		}
	}
	if steps[0].Overtaken < floodSize/2 {
		t.Errorf("the citizen's first message went past %d of the %d flood messages waiting before it", steps[0].Overtaken, floodSize)
	}

	// The flooder was told once (once a window, should the flood straddle
	// a minute) and most of the flood did nothing.
	var windows int
	if err := db.GetContext(ctx, &windows, `SELECT count(*) FROM intake_limits WHERE client_key = $1 AND kind = 'messages' AND count > $2`,
		keys.Reporter(flooder.ID()).Bytes(), cfg.Limits.MessagesPerMinute); err != nil {
		t.Fatal(err)
	}
	var slowDown int
	for _, m := range flooder.Messages() {
		if strings.Contains(m.Text, "太快") {
			slowDown++
		}
	}
	if slowDown == 0 || slowDown != windows {
		t.Errorf("the flooder was told to slow down %d times over %d windows past the limit", slowDown, windows)
	}
	// Each message within the limit is answered with one new message (the
	// report's next step), the first past it with the slow-down notice, the
	// rest with nothing. A flood that straddles a minute has a second window,
	// maybe under the limit, whose messages are answered too.
	var counts []int
	if err := db.SelectContext(ctx, &counts, `SELECT count FROM intake_limits WHERE client_key = $1 AND kind = 'messages'`,
		keys.Reporter(flooder.ID()).Bytes()); err != nil {
		t.Fatal(err)
	}
	answerable := 0
	for _, c := range counts {
		answerable += min(c, cfg.Limits.MessagesPerMinute+1)
	}
	if n := len(flooder.Messages()); n > answerable || n > floodSize/4 {
		t.Errorf("the flood got %d answers; %d of its messages were within the limit or the first past it", n, answerable)
	}
}
