package queue

import (
	"context"
	"crypto/sha256"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/outbox"
)

// bundle is what a queue test works with: a store on its own database and
// one officer of each role.
type bundle struct {
	db                                       *sqlx.DB
	cfg                                      *config.Config
	store                                    *Store
	officer, other, super, counsellor, admin Actor
	leader                                   Actor
}

func testConfig(t testing.TB) *config.Config {
	cfg := config.Default()
	cfg.Keys = config.GenerateKeys() // seal what the outbox keeps for reporters
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location = loc
	return &cfg
}

func setup(t testing.TB) *bundle {
	t.Helper()
	db := pgtest.DB(t)
	cfg := testConfig(t)
	b := &bundle{db: db, cfg: cfg, store: NewStore(db, cfg, []byte("receipt-key-for-tests-0123456789ab"))}
	b.officer = addOfficer(t, db, "wang.wei", RoleOfficer)
	b.other = addOfficer(t, db, "li.na", RoleOfficer)
	b.super = addOfficer(t, db, "zhao.lei", RoleSupervisor)
	b.counsellor = addOfficer(t, db, "chen.jing", RoleCounsellor)
	b.admin = addOfficer(t, db, "admin", RoleAdmin)
	b.leader = addOfficer(t, db, "sun.li", RoleLeader)
	return b
}

func addOfficer(t testing.TB, db *sqlx.DB, username string, role officer.Role) Actor {
	t.Helper()
	var id int64
	err := db.QueryRowx(`INSERT INTO officers (username, display_name, role, password_hash) VALUES ($1, $1, $2, 'x') RETURNING id`,
		username, role).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return Actor{ID: id, Username: username, Role: role}
}

var refCounter atomic.Int64

// newRef is a distinct reporter for each call.
func newRef() anon.Ref {
	return anon.Ref(sha256.Sum256([]byte("reporter " + strconv.FormatInt(refCounter.Add(1), 10))))
}

func validSubmission() Submission {
	return Submission{
		Kind:        KindReport,
		ReporterRef: newRef(),
		Locale:      "zh-CN",
		Category:    "selling",
		AreaCode:    "dongshan",
		Occurred:    OccurredToday,
		Description: "东山街道有人在网吧门口卖零包,一般晚上十点以后出现。",
		ContactMode: ContactCode,
	}
}

func (b *bundle) submit(t testing.TB, edit func(*Submission)) int64 {
	t.Helper()
	sub := validSubmission()
	if edit != nil {
		edit(&sub)
	}
	id, r, err := b.store.Submit(context.Background(), b.db, sub)
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if r == "" {
		t.Fatal("submit returned no receipt")
	}
	return id
}

// tipIn makes a report and drives it to state st (held by b.officer when not new).
func (b *bundle) tipIn(t testing.TB, st State) Tip {
	t.Helper()
	ctx := context.Background()
	id := b.submit(t, nil)
	tip, err := b.store.Get(ctx, id)
	must(t, err)
	if st == StateNew {
		return tip
	}
	_, err = b.store.Claim(ctx, b.officer, id, 0)
	must(t, err)
	switch st {
	case StateNeedsInfo:
		_, err = b.store.AskReporter(ctx, b.officer, id, "请问具体是哪家网吧?", 0)
	case StateForwarded:
		_, err = b.store.Forward(ctx, b.officer, id, "湘乡市公安局禁毒大队", "XX2026-001", 0)
	case StateClosed:
		_, err = b.store.Close(ctx, b.officer, id, Unfounded, 0, 0)
	}
	must(t, err)
	tip, err = b.store.Get(ctx, id)
	must(t, err)
	if tip.State != st {
		t.Fatalf("tip in %s, want %s", tip.State, st)
	}
	return tip
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// outboxPayload opens the payload of the only outbox message of kind, sealed
// for a reporter with the store's keys.
func (b *bundle) outboxPayload(t testing.TB, kind string) string {
	t.Helper()
	var row outbox.Row
	must(t, b.db.Get(&row, `SELECT id, chat_key, payload, payload_sealed FROM outbox WHERE kind = $1`, kind))
	if row.PayloadSealed == nil {
		t.Fatalf("the %s message is not sealed: %s", kind, row.Payload)
	}
	keys, err := b.store.sealer()
	must(t, err)
	p, err := row.Open(keys)
	must(t, err)
	return string(p)
}
