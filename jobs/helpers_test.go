package jobs

import (
	"context"
	"crypto/sha256"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/queue"
)

// clock is the injected time every part of a test reads.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// bundle is a test's database, configuration, clock, queue and officer.
type bundle struct {
	db      *sqlx.DB
	cfg     *config.Config
	clock   *clock
	store   *queue.Store
	officer queue.Actor
	mailer  *fakeMailer
}

const (
	dutyChat       = -1001
	supervisorChat = -1002
	digestChatA    = -2001
	digestChatB    = -2002
)

func testConfig(t testing.TB) *config.Config {
	cfg := config.Default()
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location = loc
	cfg.Admin.BaseURL = "https://tips.example.cn"
	cfg.Digest.TelegramChats = []int64{digestChatA, digestChatB}
	cfg.Jobs.DutyChat = dutyChat
	cfg.Jobs.SupervisorChat = supervisorChat
	return &cfg
}

// setup opens a fresh database; the clock starts at 2026-11-20 12:00 Shanghai.
func setup(t testing.TB) *bundle {
	t.Helper()
	db := pgtest.DB(t)
	cfg := testConfig(t)
	c := &clock{t: time.Date(2026, 11, 20, 12, 0, 0, 0, cfg.Location)}
	b := &bundle{db: db, cfg: cfg, clock: c, mailer: &fakeMailer{}}
	b.store = queue.NewStore(db, cfg, []byte("receipt-key-for-tests-0123456789ab")).WithClock(c.Now)
	var id int64
	if err := db.QueryRowx(`INSERT INTO officers (username, display_name, role, password_hash)
		VALUES ('zhao.lei', 'zhao.lei', 'supervisor', 'x') RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	b.officer = queue.Actor{ID: id, Username: "zhao.lei", Role: queue.RoleSupervisor}
	return b
}

// scheduler is one replica on the bundle's database.
func (b *bundle) scheduler(t testing.TB) *Scheduler {
	t.Helper()
	s, err := New(Deps{Config: b.cfg, DB: b.db, Queue: b.store, Now: b.clock.Now, Mailer: b.mailer})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var refCounter atomic.Int64

// submit files a tip at the clock's current time.
func (b *bundle) submit(t testing.TB, edit func(*queue.Submission)) int64 {
	t.Helper()
	sub := queue.Submission{
		Kind:        queue.KindReport,
		ReporterRef: anon.Ref(sha256.Sum256([]byte("reporter " + strconv.FormatInt(refCounter.Add(1), 10)))),
		Locale:      "zh-CN",
		Category:    "use",
		AreaCode:    "dongshan",
		Occurred:    queue.OccurredEarlier,
		Description: "小区里有人聚众吸毒,经常深夜进出,邻居都很担心。",
		ContactMode: queue.ContactCode,
	}
	if edit != nil {
		edit(&sub)
	}
	id, _, err := b.store.Submit(context.Background(), b.db, sub)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	return id
}

// submitAt files a tip at a given time.
func (b *bundle) submitAt(t testing.TB, at time.Time, edit func(*queue.Submission)) int64 {
	t.Helper()
	saved := b.clock.Now()
	b.clock.Set(at)
	defer b.clock.Set(saved)
	return b.submit(t, edit)
}

func (b *bundle) count(t testing.TB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := b.db.Get(&n, q, args...); err != nil {
		t.Fatal(err)
	}
	return n
}

// fakeMailer records mail, and fails while failing is set.
type fakeMailer struct {
	mu      sync.Mutex
	sent    []Mail
	failing bool
}

func (f *fakeMailer) Send(_ context.Context, m Mail) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failing {
		return errSMTPDown
	}
	f.sent = append(f.sent, m)
	return nil
}

func (f *fakeMailer) setFailing(v bool) {
	f.mu.Lock()
	f.failing = v
	f.mu.Unlock()
}

func (f *fakeMailer) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sent)
}

type smtpError string

func (e smtpError) Error() string { return string(e) }

const errSMTPDown = smtpError("421 service not available")
