package queue

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// CannedQuestion is a question officers often ask reporters, in both
// languages: picked on a tip, it fills the question's form in the reporter's
// language, to be edited before it is sent.
type CannedQuestion struct {
	ID       int64  `db:"id"`
	TextZh   string `db:"text_zh"`
	TextEn   string `db:"text_en"`
	Archived bool   `db:"archived"`
}

// MaxCannedQuestion is a canned question's length in characters, the
// migration's bound: room to edit before the question's own limit.
const MaxCannedQuestion = 2000

// Text is the question in a locale ("en", or Chinese for anything else).
func (c CannedQuestion) Text(locale string) string {
	if locale == "en" {
		return c.TextEn
	}
	return c.TextZh
}

// CannedQuestions lists the canned questions in the order they were written;
// archived ones only when asked (the list page), never on a tip.
func (s *Store) CannedQuestions(ctx context.Context, withArchived bool) ([]CannedQuestion, error) {
	out := []CannedQuestion{}
	err := s.db.SelectContext(ctx, &out, `
		SELECT id, text_zh, text_en, archived_at IS NOT NULL AS archived
		  FROM canned_questions WHERE $1 OR archived_at IS NULL ORDER BY archived_at IS NOT NULL, id`, withArchived)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to list canned questions: %w", err)
	}
	return out, nil
}

func checkCannedTexts(zh, en string) (string, string, error) {
	zh, en = strings.TrimSpace(zh), strings.TrimSpace(en)
	for _, f := range []struct{ field, text string }{{"text_zh", zh}, {"text_en", en}} {
		if err := checkBody(f.field, f.text); err != nil {
			return "", "", err
		}
		if n := utf8.RuneCountInString(f.text); n > MaxCannedQuestion {
			return "", "", invalid(f.field, "%d characters, at most %d", n, MaxCannedQuestion)
		}
	}
	return zh, en, nil
}

// CreateCannedQuestion adds a question to the list.
func (s *Store) CreateCannedQuestion(ctx context.Context, zh, en string) (CannedQuestion, error) {
	zh, en, err := checkCannedTexts(zh, en)
	if err != nil {
		return CannedQuestion{}, err
	}
	c := CannedQuestion{TextZh: zh, TextEn: en}
	err = s.db.GetContext(ctx, &c.ID, `
		INSERT INTO canned_questions (text_zh, text_en, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id`,
		zh, en, s.now())
	if err != nil {
		return CannedQuestion{}, fmt.Errorf("queue: unable to add a canned question: %w", err)
	}
	return c, nil
}

// EditCannedQuestion rewrites a question in both languages.
func (s *Store) EditCannedQuestion(ctx context.Context, id int64, zh, en string) error {
	zh, en, err := checkCannedTexts(zh, en)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx,
		`UPDATE canned_questions SET text_zh = $2, text_en = $3, updated_at = $4 WHERE id = $1`, id, zh, en, s.now())
	return listEntryChanged("canned question", id, res, err)
}

// ArchiveCannedQuestion takes a question off the tips' list (or back onto it).
func (s *Store) ArchiveCannedQuestion(ctx context.Context, id int64, archived bool) error {
	res, err := s.db.ExecContext(ctx, `
		UPDATE canned_questions SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, $3) END, updated_at = $3
		 WHERE id = $1`, id, archived, s.now())
	return listEntryChanged("canned question", id, res, err)
}
