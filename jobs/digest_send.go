package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/tipline/tipline/internal/textsplit"
	"github.com/tipline/tipline/outbox"
)

// delivery is one channel and target of a digest.
type delivery struct {
	ID       int64  `db:"id"`
	Channel  string `db:"channel"`
	Target   string `db:"target"`
	State    string `db:"state"`
	Attempts int    `db:"attempts"`
}

type storedDigest struct {
	ID     int64     `db:"id"`
	Job    string    `db:"job"`
	Start  time.Time `db:"period_start"`
	TextZh string    `db:"text_zh"`
	TextEn string    `db:"text_en"`
	HTML   string    `db:"html"`
	CSV    []byte    `db:"csv"`
	Late   bool      `db:"late"`
}

// runDigest is the daily or weekly digest job: the digest of the period is
// built once and stored, then delivered on every channel. A channel that
// fails is retried when the run is taken over after its backoff; channels
// already delivered are not sent again.
func (s *Scheduler) runDigest(ctx context.Context, r *run) (any, error) {
	d, err := s.storeDigest(ctx, r.Job, r.Period, r.Late)
	if err != nil {
		return nil, err
	}
	if err := s.addDeliveries(ctx, d.ID); err != nil {
		return nil, err
	}
	sent, failed, err := s.deliver(ctx, r, d, "", false)
	result := map[string]any{"digest_id": d.ID, "sent": sent, "failed": failed}
	if err != nil {
		return result, err
	}
	if failed > 0 {
		if r.Attempts >= maxAttempts {
			s.giveUpDeliveries(ctx, d.ID)
		}
		return result, fmt.Errorf("jobs: %d digest deliveries failed", failed)
	}
	return result, nil
}

// storeDigest builds and stores the period's digest, or returns the one a
// previous attempt stored, so every channel gets the same text.
func (s *Scheduler) storeDigest(ctx context.Context, name string, p period, late bool) (storedDigest, error) {
	var d storedDigest
	const get = `SELECT id, job, period_start, text_zh, text_en, html, csv, late FROM digests WHERE job = $1 AND period_start = $2`
	err := s.db.GetContext(ctx, &d, get, name, p.Start)
	if err == nil {
		return d, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("jobs: unable to read the digest: %w", err)
	}
	built, err := s.build(ctx, name, p, late)
	if err != nil {
		return d, err
	}
	const ins = `
		INSERT INTO digests (job, period_start, period_end, late, text_zh, text_en, html, csv)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (job, period_start) DO NOTHING`
	if _, err := s.db.ExecContext(ctx, ins, name, p.Start, p.End, late, built.TextZh, built.TextEn, built.HTML, built.CSV); err != nil {
		return d, fmt.Errorf("jobs: unable to store the digest: %w", err)
	}
	if err := s.db.GetContext(ctx, &d, get, name, p.Start); err != nil {
		return d, fmt.Errorf("jobs: unable to read the digest: %w", err)
	}
	return d, nil
}

// addDeliveries records one delivery per configured chat and address.
func (s *Scheduler) addDeliveries(ctx context.Context, digestID int64) error {
	const q = `
		INSERT INTO digest_deliveries (digest_id, channel, target) VALUES ($1, $2, $3)
		ON CONFLICT (digest_id, channel, target) DO NOTHING`
	for _, chat := range s.cfg.Digest.TelegramChats {
		if _, err := s.db.ExecContext(ctx, q, digestID, "telegram", strconv.FormatInt(chat, 10)); err != nil {
			return fmt.Errorf("jobs: unable to record a delivery: %w", err)
		}
	}
	for _, addr := range s.cfg.Digest.Emails {
		if _, err := s.db.ExecContext(ctx, q, digestID, "email", addr); err != nil {
			return fmt.Errorf("jobs: unable to record a delivery: %w", err)
		}
	}
	return nil
}

// deliver sends the digest on each pending delivery (every delivery when
// again, for a resend; dedupe then tells the resend apart). A failed channel
// is counted and does not stop the others.
func (s *Scheduler) deliver(ctx context.Context, r *run, d storedDigest, dedupeSuffix string, again bool) (sent, failed int, err error) {
	var ds []delivery
	q := `SELECT id, channel, target, state, attempts FROM digest_deliveries WHERE digest_id = $1 AND (state = 'pending' OR $2) ORDER BY id`
	if err := s.db.SelectContext(ctx, &ds, q, d.ID, again); err != nil {
		return 0, 0, fmt.Errorf("jobs: unable to read deliveries: %w", err)
	}
	text := d.TextZh
	if s.cfg.Digest.Locale == "en" {
		text = d.TextEn
	}
	if err := s.sendRobots(ctx, d, text, dedupeSuffix); err != nil {
		return sent, failed, err
	}
	for _, dl := range ds {
		if r != nil {
			if err := s.renew(ctx, r); err != nil {
				return sent, failed, err
			}
		}
		var derr error
		switch dl.Channel {
		case "telegram":
			derr = s.sendTelegram(ctx, d, dl, text, dedupeSuffix)
		case "email":
			derr = s.sendEmail(ctx, d, dl, text)
		}
		if ctx.Err() != nil {
			return sent, failed, ctx.Err()
		}
		if derr != nil {
			deliveriesTotal.WithLabelValues(dl.Channel, "error").Inc()
			failed++
			s.log.Warn("jobs: digest delivery failed", "channel", dl.Channel, "digest_id", d.ID, "err", derr)
			if _, err := s.db.ExecContext(ctx, `
				UPDATE digest_deliveries SET attempts = attempts + 1, last_error = $2 WHERE id = $1`,
				dl.ID, derr.Error()); err != nil {
				return sent, failed, fmt.Errorf("jobs: unable to record a failed delivery: %w", err)
			}
			continue
		}
		deliveriesTotal.WithLabelValues(dl.Channel, "sent").Inc()
		sent++
	}
	return sent, failed, nil
}

const markSent = `
	UPDATE digest_deliveries SET state = 'sent', attempts = attempts + 1, last_error = NULL,
	       sent_at = coalesce($2::timestamptz, now())
	 WHERE id = $1`

// sendTelegram queues the digest for one office chat. The outbox row and the
// delivery's state commit together, and the dedupe key makes a re-run of
// the period queue nothing new.
func (s *Scheduler) sendTelegram(ctx context.Context, d storedDigest, dl delivery, text, suffix string) error {
	chat, err := strconv.ParseInt(dl.Target, 10, 64)
	if err != nil {
		return fmt.Errorf("jobs: bad chat id in delivery %d", dl.ID)
	}
	key := fmt.Sprintf("digest:%s:%s:%d%s", d.Job, d.Start.UTC().Format(time.RFC3339), chat, suffix)
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("jobs: unable to begin: %w", err)
	}
	defer tx.Rollback()
	// A digest past Telegram's limit goes as numbered parts, queued in
	// order for the one chat, so it arrives whole and in order.
	parts := textsplit.Numbered(text, textsplit.TelegramMax, textsplit.UTF16, wordsFor(s.cfg.Digest.Locale).part)
	for i, p := range parts {
		partKey := key
		if len(parts) > 1 {
			partKey = fmt.Sprintf("%s:%d", key, i+1)
		}
		if _, err := outbox.Enqueue(ctx, tx, outbox.Message{
			Lane: outbox.Bulk, To: outbox.Office(chat), Kind: "text",
			Payload: map[string]string{"text": p}, DedupeKey: partKey,
		}); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, markSent, dl.ID, s.sqlNow()); err != nil {
		return fmt.Errorf("jobs: unable to mark a delivery sent: %w", err)
	}
	return tx.Commit()
}

// sendEmail mails the digest to one address. Mail cannot be made part of a
// transaction: if the process dies between sending and recording, the
// address gets the digest twice rather than never.
func (s *Scheduler) sendEmail(ctx context.Context, d storedDigest, dl delivery, text string) error {
	w := wordsFor(s.cfg.Digest.Locale)
	title := w.dailyTitle
	if d.Job == JobWeeklyDigest {
		title = w.weeklyTitle
	}
	day := d.Start.In(s.loc).Format("2006-01-02")
	err := s.mailer.Send(ctx, Mail{
		To:       dl.Target,
		Subject:  title + " " + day,
		Text:     text,
		HTML:     d.HTML,
		FileName: "tipline-" + d.Job + "-" + day + ".csv",
		File:     d.CSV,
	})
	if err != nil {
		return err
	}
	if _, err := s.db.ExecContext(ctx, markSent, dl.ID, s.sqlNow()); err != nil {
		return fmt.Errorf("jobs: unable to mark a delivery sent: %w", err)
	}
	return nil
}

// giveUpDeliveries marks what is still pending as failed for good.
func (s *Scheduler) giveUpDeliveries(ctx context.Context, digestID int64) {
	if _, err := s.db.ExecContext(ctx, `
		UPDATE digest_deliveries SET state = 'failed' WHERE digest_id = $1 AND state = 'pending'`, digestID); err != nil {
		s.log.Error("jobs: unable to give deliveries up", "digest_id", digestID, "err", err)
	}
}
