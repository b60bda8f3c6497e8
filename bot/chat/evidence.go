package chat

import (
	"errors"
	"log/slog"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/intake"
)

// incoming is a file a reporter sent, as Telegram describes it. It is kept
// in a draft only while an answer's uncleanable file waits for the
// reporter's choice.
type incoming struct {
	FileID string `json:"id"`
	Name   string `json:"name"` // as declared by the client: only used to spot lies
	MIME   string `json:"mime"`
	Size   int64  `json:"size"` // declared; 0 when unknown
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
		return incoming{FileID: best.FileID, Name: "photo.jpg", MIME: "image/jpeg", Size: int64(best.FileSize)}
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
	if s.d != nil && (s.d.Mode == modeAnswer || s.d.Mode == modeAddInfo) {
		// A file goes with the answer its caption is; without words it
		// would say nothing to the officer, so they are asked for.
		text := messageText(s.locale, m)
		if text == "" {
			return s.say("dialogue.empty")
		}
		f := fileOf(m, s.c.core.FileLimits(intake.Telegram).File)
		return s.onDialogue(text, &f, false)
	}
	if s.d != nil && s.d.Mode == modeHelpText {
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
	f, problem, err := s.keepFile(m)
	if err != nil {
		return err
	}
	// The items of one album update one message instead of sending one each.
	sameAlbum := m.MediaGroupID != "" && m.MediaGroupID == s.d.Album && problem == intake.ProblemNone
	s.d.Album = m.MediaGroupID
	if problem == intake.ProblemUncleanable {
		// Asked before it is kept; the rest of an album goes on below it.
		s.d.Album = ""
		id := strconv.FormatInt(f.ID, 10)
		return s.showWizard(intake.UncleanableText(s.locale, f.Remains), keyboard(
			[]models.InlineKeyboardButton{s.btn("btn.keep_anyway", "u:keep:"+id)},
			[]models.InlineKeyboardButton{s.btn("btn.screenshot_instead", "u:drop:"+id)},
		))
	}
	var note string
	switch {
	case problem != intake.ProblemNone:
		note = s.c.core.ProblemText(intake.Telegram, s.locale, problem)
	case started:
		note = tr(s.locale, "report.started")
	case r.Step != stepEvidence:
		n, _, err := s.fileTotals()
		if err != nil {
			return err
		}
		note = tr(s.locale, "report.evidence.saved", n)
	}
	text, kb := s.stepView()
	if note != "" {
		text = note + "\n\n" + text
	}
	if sameAlbum {
		return s.updateWizard(text, kb)
	}
	return s.showWizard(text, kb)
}

// download fetches a file a reporter sent, within the core's limit for
// Telegram. problem is set when it cannot be had.
func (s *session) download(f incoming) (intake.Upload, intake.Problem, error) {
	limit := s.c.core.FileLimits(intake.Telegram).File
	if f.Size > limit {
		return intake.Upload{}, intake.ProblemTooLarge, nil
	}
	data, err := s.c.files.Download(s.ctx, f.FileID, limit)
	switch {
	case errors.Is(err, botapi.ErrFileTooLarge):
		return intake.Upload{}, intake.ProblemTooLarge, nil
	case err != nil:
		// Not retried: a reporter waiting on a file Telegram will not give
		// us is better told to send it again. The error names no one.
		s.c.log.Warn("chat: evidence download failed", slog.String("error", err.Error()))
		return intake.Upload{}, intake.ProblemFailed, nil
	}
	return intake.Upload{Data: data, Name: f.Name, MIME: f.MIME}, intake.ProblemNone, nil
}

// keepFile downloads one file and hands it to the core to clean and keep.
// problem is set when the file is refused, or held until the reporter
// chooses (uncleanable); err is for failures worth a retry.
func (s *session) keepFile(m *models.Message) (intake.File, intake.Problem, error) {
	core := s.c.core
	p, err := core.CheckFile(s.ctx, s.tx, s.key(), intake.Telegram, fileOf(m, core.FileLimits(intake.Telegram).File).Size)
	if err != nil || p != intake.ProblemNone {
		return intake.File{}, p, err
	}
	up, p, err := s.download(fileOf(m, core.FileLimits(intake.Telegram).File))
	if err != nil || p != intake.ProblemNone {
		return intake.File{}, p, err
	}
	return core.KeepFile(s.ctx, s.tx, s.key(), intake.Telegram, up)
}

// onHeldFile takes the reporter's choice about an uncleanable file: keep it
// anyway, or drop it and send a screenshot instead.
func (s *session) onHeldFile(arg string) error {
	verb, idText, _ := strings.Cut(arg, ":")
	if verb == "answer" {
		return s.onHeldAnswer(idText)
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || s.d == nil || s.d.Report == nil || (verb != "keep" && verb != "drop") {
		return s.answerCallback(tr(s.locale, "stale.button"), false)
	}
	note := tr(s.locale, "report.evidence.dropped")
	if verb == "keep" {
		p, err := s.c.core.KeepAnyway(s.ctx, s.tx, s.key(), intake.Telegram, id)
		switch {
		case errors.Is(err, intake.ErrNoFile):
			return s.staleStep()
		case err != nil:
			return err
		case p != intake.ProblemNone:
			note = s.c.core.ProblemText(intake.Telegram, s.locale, p)
		default:
			note = tr(s.locale, "report.evidence.kept_anyway")
		}
	} else if err := s.c.core.RemoveFile(s.ctx, s.tx, s.key(), id); err != nil {
		return err
	}
	return s.showStep(note)
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
