package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/smtptest"
)

func TestEmailedDigestOverSMTP(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	b := setup(t)
	b.cfg.SMTP = config.SMTP{Host: "127.0.0.1", Port: srv.Port(), From: "tipline@jdb.example.cn", TLS: "none"}
	b.cfg.Digest.Emails = []string{"duty@jdb.example.cn"}
	b.submitAt(t, time.Date(2026, 11, 20, 9, 0, 0, 0, b.cfg.Location), nil)
	s, err := New(Deps{Config: b.cfg, DB: b.db, Queue: b.store, Now: b.clock.Now}) // the SMTP mailer
	if err != nil {
		t.Fatal(err)
	}
	b.clock.Set(time.Date(2026, 11, 21, 8, 0, 0, 0, b.cfg.Location))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s.tick(ctx, mustJob(t, s, JobDailyDigest))

	msgs := srv.Received()
	if len(msgs) != 1 {
		t.Fatalf("server received %d messages, want 1", len(msgs))
	}
	if !strings.Contains(msgs[0].To, "duty@jdb.example.cn") {
		t.Errorf("RCPT %q", msgs[0].To)
	}
	if msgs[0].Subject != "湘乡市禁毒举报日报 2026-11-20" {
		t.Errorf("subject %q", msgs[0].Subject)
	}
	got, file := msgs[0].Parts, msgs[0].FileName
	if !strings.Contains(got["text/plain"], "新线索 1 件") {
		t.Errorf("plain part: %q", got["text/plain"])
	}
	if !strings.Contains(got["text/html"], "<h1") || !strings.Contains(got["text/html"], "新线索 1 件") {
		t.Errorf("HTML part: %q", got["text/html"])
	}
	// One tip in the period: its area is below the digest's minimum, hidden.
	csv := got["text/csv"]
	if !strings.HasPrefix(csv, "\uFEFF编号,提交时间") || !strings.Contains(csv, "吸食毒品,<3,") || file != "tipline-digest_daily-2026-11-20.csv" {
		t.Errorf("CSV attachment %q: %q", file, csv)
	}
	if strings.Contains(csv, "聚众") {
		t.Error("CSV carries the description")
	}
	if n := b.count(t, `SELECT count(*) FROM digest_deliveries WHERE channel = 'email' AND state = 'sent'`); n != 1 {
		t.Errorf("email delivery not recorded as sent")
	}
}

// "starttls" means STARTTLS or nothing: a server that does not offer it gets
// no mail, in clear or otherwise.
func TestSTARTTLSIsRequired(t *testing.T) {
	t.Parallel()
	srv := smtptest.Start(t)
	m := NewSMTPMailer(config.SMTP{Host: "127.0.0.1", Port: srv.Port(), From: "tipline@jdb.example.cn", TLS: "starttls"})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.Send(ctx, Mail{To: "duty@jdb.example.cn", Subject: "x", Text: "x"}); err == nil {
		t.Fatal("sent without STARTTLS")
	}
	if n := len(srv.Received()); n != 0 {
		t.Errorf("server received %d messages in clear", n)
	}
}
