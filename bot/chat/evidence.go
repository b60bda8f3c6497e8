package chat

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/go-telegram/bot/models"
	"github.com/lib/pq"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/bot/media"
	"github.com/tipline/tipline/queue"
)

// incoming is a file a reporter sent, as Telegram describes it.
type incoming struct {
	fileID string
	name   string // as declared by the client: only used to spot lies
	mime   string
	size   int64 // declared; 0 when unknown
}

func hasFile(m *models.Message) bool {
	return len(m.Photo) > 0 || m.Document != nil || m.Video != nil || m.Voice != nil ||
		m.Audio != nil || m.VideoNote != nil || m.Animation != nil
}

// fileOf picks what to download. Of a photo's sizes, the largest within the
// limit; a photo whose every size is over it is reported as too large.
func fileOf(m *models.Message, limit int64) incoming {
	switch {
	case len(m.Photo) > 0:
		best := m.Photo[0]
		for _, p := range m.Photo[1:] {
			if int64(p.FileSize) <= limit && p.Width*p.Height >= best.Width*best.Height {
				best = p
			}
		}
		return incoming{fileID: best.FileID, name: "photo.jpg", mime: "image/jpeg", size: int64(best.FileSize)}
	case m.Document != nil:
		return incoming{m.Document.FileID, m.Document.FileName, m.Document.MimeType, m.Document.FileSize}
	case m.Video != nil:
		return incoming{m.Video.FileID, m.Video.FileName, m.Video.MimeType, m.Video.FileSize}
	case m.Voice != nil:
		return incoming{m.Voice.FileID, "voice.ogg", m.Voice.MimeType, m.Voice.FileSize}
	case m.Audio != nil:
		return incoming{m.Audio.FileID, m.Audio.FileName, m.Audio.MimeType, m.Audio.FileSize}
	case m.VideoNote != nil:
		return incoming{m.VideoNote.FileID, "video_note.mp4", "video/mp4", int64(m.VideoNote.FileSize)}
	case m.Animation != nil:
		return incoming{m.Animation.FileID, m.Animation.FileName, m.Animation.MimeType, m.Animation.FileSize}
	}
	return incoming{}
}

// onFile keeps a file as evidence of the report in progress (starting one
// when none is), with its caption or forwarded text as description.
func (s *session) onFile(m *models.Message) error {
	if s.d != nil && s.d.Mode != "" && s.d.Mode != modeReceipt {
		// Answers and added information are text; say so rather than
		// silently filing the picture somewhere else.
		return s.say("dialogue.empty")
	}
	s.clearMode()
	started := s.ensureReport()
	r := s.d.Report
	if text := messageText(s.locale, m); text != "" {
		r.addPart(m.ID, text, s.c.cfg.Bot.DescriptionMax)
	}
	if err := s.ensureDraftRow(); err != nil {
		return err
	}
	problem, err := s.keepFile(m)
	if err != nil {
		return err
	}
	var note string
	switch {
	case problem != "":
		note = problem
	case started:
		note = tr(s.locale, "report.started")
	case r.Step != stepEvidence:
		n, _, err := s.fileTotals()
		if err != nil {
			return err
		}
		note = tr(s.locale, "report.evidence.saved", n)
	}
	// The items of one album update one message instead of sending one each.
	sameAlbum := m.MediaGroupID != "" && m.MediaGroupID == s.d.Album && problem == ""
	s.d.Album = m.MediaGroupID
	text, kb := s.stepView()
	if note != "" {
		text = note + "\n\n" + text
	}
	if sameAlbum {
		return s.updateWizard(text, kb)
	}
	return s.showWizard(text, kb)
}

// keepFile downloads, cleans and stores one file. problem is the answer to
// give when the file is refused; err is for failures worth a retry.
func (s *session) keepFile(m *models.Message) (problem string, err error) {
	cfg := s.c.cfg.Bot
	limit := cfg.MaxFileBytes
	if limit <= 0 || limit > telegramFileLimit {
		limit = telegramFileLimit
	}
	mb := func(n int64) int64 { return (n + (1<<20 - 1)) >> 20 }
	f := fileOf(m, limit)
	n, total, err := s.fileTotals()
	if err != nil {
		return "", err
	}
	if cfg.MaxFilesPerTip > 0 && n >= cfg.MaxFilesPerTip {
		return tr(s.locale, "report.evidence.count", cfg.MaxFilesPerTip), nil
	}
	if f.size > limit {
		return tr(s.locale, "report.evidence.too_large", mb(limit)), nil
	}
	if cfg.MaxTipBytes > 0 && total+f.size > cfg.MaxTipBytes {
		return tr(s.locale, "report.evidence.bytes", mb(cfg.MaxTipBytes)), nil
	}
	data, err := s.c.files.Download(s.ctx, f.fileID, limit)
	switch {
	case errors.Is(err, botapi.ErrFileTooLarge):
		return tr(s.locale, "report.evidence.too_large", mb(limit)), nil
	case err != nil:
		// Not retried: a reporter waiting on a file Telegram will not give
		// us is better told to send it again. The error names no one.
		s.c.log.Warn("chat: evidence download failed", slog.String("error", err.Error()))
		return tr(s.locale, "report.evidence.failed"), nil
	}
	res, err := media.Clean(data, f.name, f.mime, limit)
	switch {
	case errors.Is(err, media.ErrTooLarge):
		return tr(s.locale, "report.evidence.too_large", mb(limit)), nil
	case errors.Is(err, media.ErrTruncated):
		return tr(s.locale, "report.evidence.broken"), nil
	case errors.Is(err, media.ErrMismatch):
		return tr(s.locale, "report.evidence.mismatch"), nil
	case errors.Is(err, media.ErrEmpty):
		return tr(s.locale, "report.evidence.empty"), nil
	case err != nil:
		return tr(s.locale, "report.evidence.broken"), nil
	}
	if cfg.MaxTipBytes > 0 && total+int64(len(res.Data)) > cfg.MaxTipBytes {
		return tr(s.locale, "report.evidence.bytes", mb(cfg.MaxTipBytes)), nil
	}
	var original []byte
	if cfg.KeepOriginals {
		original = data
	}
	// The reporter's own file name may name them ("IMG_Zhang_Wei.jpg"): a
	// neutral one is stored instead.
	name := fmt.Sprintf("evidence-%d%s", n+1, res.Ext)
	const q = `
		INSERT INTO bot_draft_files (reporter_ref, kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, data, original, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`
	removed := res.Removed
	if removed == nil {
		removed = []string{}
	}
	if _, err := s.tx.ExecContext(s.ctx, q, s.ref.Bytes(), res.Kind, name, res.MIME, len(res.Data),
		res.SHA256[:], string(res.Status), pq.Array(removed), res.Data, original, s.now); err != nil {
		return "", fmt.Errorf("chat: unable to keep evidence: %w", err)
	}
	return "", nil
}

// fileTotals counts the files of the draft and their bytes.
func (s *session) fileTotals() (n int, bytes int64, err error) {
	const q = `SELECT count(*), coalesce(sum(size_bytes), 0) FROM bot_draft_files WHERE reporter_ref = $1`
	if err := s.tx.QueryRowxContext(s.ctx, q, s.ref.Bytes()).Scan(&n, &bytes); err != nil {
		return 0, 0, fmt.Errorf("chat: unable to count evidence: %w", err)
	}
	return n, bytes, nil
}

// draftAttachments reads the draft's files for submission.
func (s *session) draftAttachments() ([]queue.NewAttachment, error) {
	const q = `
		SELECT kind, file_name, mime, size_bytes, sha256_original, clean_status, removed, data, original
		FROM bot_draft_files WHERE reporter_ref = $1 ORDER BY id`
	rows, err := s.tx.QueryContext(s.ctx, q, s.ref.Bytes())
	if err != nil {
		return nil, fmt.Errorf("chat: unable to read evidence: %w", err)
	}
	defer rows.Close()
	var out []queue.NewAttachment
	for rows.Next() {
		var a queue.NewAttachment
		var sum []byte
		var removed pq.StringArray
		if err := rows.Scan(&a.Kind, &a.FileName, &a.MIME, &a.Size, &sum, &a.CleanStatus, &removed, &a.Data, &a.Original); err != nil {
			return nil, fmt.Errorf("chat: unable to read evidence: %w", err)
		}
		copy(a.SHA256[:], sum)
		a.Removed = removed
		out = append(out, a)
	}
	return out, rows.Err()
}

// dropReport forgets the report in progress and its files.
func (s *session) dropReport() error {
	if _, err := s.tx.ExecContext(s.ctx, `DELETE FROM bot_draft_files WHERE reporter_ref = $1`, s.ref.Bytes()); err != nil {
		return fmt.Errorf("chat: unable to drop evidence: %w", err)
	}
	if s.d != nil {
		s.d.Report = nil
	}
	return nil
}
