package chat

import (
	"errors"
	"log/slog"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/intake"
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
		r.AddText(int64(m.ID), text, s.c.core.DescriptionMax())
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

// keepFile downloads one file and hands it to the core to clean and keep.
// problem is the answer to give when the file is refused; err is for
// failures worth a retry.
func (s *session) keepFile(m *models.Message) (problem string, err error) {
	core := s.c.core
	f := fileOf(m, core.FileLimits(intake.Telegram).File)
	p, err := core.CheckFile(s.ctx, s.tx, s.key(), intake.Telegram, f.size)
	if err != nil || p != intake.ProblemNone {
		return core.ProblemText(intake.Telegram, s.locale, p), err
	}
	data, err := s.c.files.Download(s.ctx, f.fileID, core.FileLimits(intake.Telegram).File)
	switch {
	case errors.Is(err, botapi.ErrFileTooLarge):
		return core.ProblemText(intake.Telegram, s.locale, intake.ProblemTooLarge), nil
	case err != nil:
		// Not retried: a reporter waiting on a file Telegram will not give
		// us is better told to send it again. The error names no one.
		s.c.log.Warn("chat: evidence download failed", slog.String("error", err.Error()))
		return core.ProblemText(intake.Telegram, s.locale, intake.ProblemFailed), nil
	}
	_, p, err = core.KeepFile(s.ctx, s.tx, s.key(), intake.Telegram, intake.Upload{Data: data, Name: f.name, MIME: f.mime})
	return core.ProblemText(intake.Telegram, s.locale, p), err
}

// dropReport forgets the report in progress and its files.
func (s *session) dropReport() error {
	if err := s.c.core.DropFiles(s.ctx, s.tx, s.key()); err != nil {
		return err
	}
	if s.d != nil {
		s.d.Report = nil
	}
	return nil
}
