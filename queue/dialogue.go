package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/outbox"
)

const dialogueSelect = `
SELECT d.id, d.tip_id, d.direction, d.officer_id, coalesce(nullif(o.display_name, ''), o.username, ''),
       d.reply_to, d.body, d.seen_at, d.created_at
  FROM dialogue d LEFT JOIN officers o ON o.id = d.officer_id`

// questionKey is the outbox dedupe key of the message carrying a question.
func questionKey(dialogueID int64) string { return fmt.Sprintf("dialogue_question:%d", dialogueID) }

func scanDialogue(r rowScanner) (Dialogue, error) {
	var d Dialogue
	err := r.Scan(&d.ID, &d.TipID, &d.Direction, &d.OfficerID, &d.OfficerName, &d.ReplyTo, &d.Body, &d.SeenAt, &d.CreatedAt)
	return d, err
}

// dialogues reads dialogue rows with their attachments.
func (s *Store) dialogues(ctx context.Context, q sqlx.QueryerContext, where string, args ...any) ([]Dialogue, error) {
	rows, err := q.QueryxContext(ctx, dialogueSelect+" "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("queue: unable to fetch dialogue: %w", err)
	}
	out := []Dialogue{}
	ids := []int64{}
	for rows.Next() {
		d, err := scanDialogue(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("queue: unable to fetch dialogue: %w", err)
		}
		out = append(out, d)
		ids = append(ids, d.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return out, err
	}
	atts, err := s.attachments(ctx, q, `WHERE dialogue_id = ANY($1) ORDER BY id`, pqInt64s(ids))
	if err != nil {
		return nil, err
	}
	at := make(map[int64]int, len(out))
	for i, d := range out {
		at[d.ID] = i
	}
	for _, a := range atts {
		i := at[*a.DialogueID]
		out[i].Attachments = append(out[i].Attachments, a)
	}
	return out, nil
}

func (s *Store) dialogue(ctx context.Context, q sqlx.QueryerContext, id int64) (Dialogue, error) {
	ds, err := s.dialogues(ctx, q, `WHERE d.id = $1`, id)
	if err != nil {
		return Dialogue{}, err
	}
	if len(ds) == 0 {
		return Dialogue{}, fmt.Errorf("queue: dialogue %d: %w", id, ErrNotFound)
	}
	return ds[0], nil
}

// insertDialogue writes one message and its files.
func (s *Store) insertDialogue(ctx context.Context, tx sqlx.ExtContext, tipID int64, dir string, officer *int64, replyTo *int64, body string, atts []NewAttachment) (int64, error) {
	var id int64
	err := tx.QueryRowxContext(ctx, `
		INSERT INTO dialogue (tip_id, direction, officer_id, reply_to, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, tipID, dir, officer, replyTo, body, s.now()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("queue: unable to store dialogue of tip %d: %w", tipID, err)
	}
	if err := s.insertAttachments(ctx, tx, tipID, &id, atts); err != nil {
		return 0, err
	}
	return id, nil
}

// AskReporter sends the reporter a question and moves the tip to needs_info.
// A reporter who consented to be messaged gets it at once through the outbox;
// otherwise it waits until they check with their receipt.
func (s *Store) AskReporter(ctx context.Context, by Actor, id int64, body string, version int) (Dialogue, error) {
	return s.AskReporterWith(ctx, by, id, body, nil, version)
}

// AskReporterWith is AskReporter with an image the officer shows the
// reporter (a place, a vehicle: "is this the one?"), already cleaned of its
// camera and location data by the caller. It is stored with the question and
// goes to the reporter first, as a file of its own, then the question.
func (s *Store) AskReporterWith(ctx context.Context, by Actor, id int64, body string, image *NewAttachment, version int) (Dialogue, error) {
	if err := checkOfficerText("body", body); err != nil {
		return Dialogue{}, err
	}
	var atts []NewAttachment
	if image != nil {
		if image.Kind != "image" || len(image.Data) == 0 {
			return Dialogue{}, invalid("image", "not an image")
		}
		atts = []NewAttachment{*image}
	}
	var dID int64
	var d Dialogue
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		l, err := lockTip(ctx, tx, &by, id, version, actAsk)
		if err != nil {
			return err
		}
		if dID, err = s.insertDialogue(ctx, tx, id, ToReporter, &by.ID, nil, body, atts); err != nil {
			return err
		}
		if err := s.change(ctx, tx, &by, id, l, actAsk, "", nil, map[string]any{"dialogue_id": dID}); err != nil {
			return err
		}
		c, err := readContact(ctx, tx, id)
		if err != nil {
			return err
		}
		if c.reachable {
			r, err := anon.RefFromBytes(c.ref)
			if err != nil {
				return err
			}
			keys, err := s.sealer()
			if err != nil {
				return err
			}
			if image != nil {
				// The image's bytes ride sealed in the row, erased once sent.
				if _, err := outbox.Enqueue(ctx, tx, noticeTo(outbox.Reporter(r, c.sealed, keys), QuestionImageNotice{
					TipID: id, DialogueID: dID, Locale: c.locale, Name: image.FileName, Data: image.Data}, "")); err != nil {
					return err
				}
			}
			// Found again by its key when the tip closes, to take the
			// question's Answer button away.
			_, err = outbox.Enqueue(ctx, tx, noticeTo(outbox.Reporter(r, c.sealed, keys), QuestionNotice{
				TipID: id, DialogueID: dID, Body: body, Locale: c.locale, TipKind: string(l.kind), Submitted: c.created,
			}, questionKey(dID)))
			if err != nil {
				return err
			}
		}
		d, err = s.dialogue(ctx, tx, dID)
		return err
	})
	return d, err
}

// AddInformation stores what a reporter adds to their tip on their own, inside
// the caller's transaction. The text becomes searchable and its entities are
// linked; the version is bumped so an officer's open page asks for a reload.
func (s *Store) AddInformation(ctx context.Context, tx sqlx.ExtContext, tipID int64, body string, atts []NewAttachment) (Dialogue, error) {
	return s.fromReporter(ctx, tx, tipID, nil, body, atts)
}

// AnswerQuestion stores the reporter's reply to an officer's question; a tip
// waiting for it goes back to in_review.
func (s *Store) AnswerQuestion(ctx context.Context, tx sqlx.ExtContext, tipID, questionID int64, body string, atts []NewAttachment) (Dialogue, error) {
	return s.fromReporter(ctx, tx, tipID, &questionID, body, atts)
}

func (s *Store) fromReporter(ctx context.Context, tx sqlx.ExtContext, tipID int64, question *int64, body string, atts []NewAttachment) (Dialogue, error) {
	if err := checkBody("body", body); err != nil {
		return Dialogue{}, err
	}
	if err := checkAttachments(atts); err != nil {
		return Dialogue{}, err
	}
	l, err := lockTip(ctx, tx, nil, tipID, 0, actInfo)
	if err != nil {
		return Dialogue{}, err
	}
	a := actInfo
	if question != nil {
		var ok bool
		err := tx.QueryRowxContext(ctx, `SELECT true FROM dialogue WHERE id = $1 AND tip_id = $2 AND direction = 'to_reporter'`,
			*question, tipID).Scan(&ok)
		if errors.Is(err, sql.ErrNoRows) {
			return Dialogue{}, fmt.Errorf("queue: question %d of tip %d: %w", *question, tipID, ErrNotFound)
		}
		if err != nil {
			return Dialogue{}, fmt.Errorf("queue: unable to find question %d: %w", *question, err)
		}
		if l.state == StateClosed {
			// A question's Answer button outlives the tip in the chat; what
			// it sends would reach no one, so it is refused, not kept.
			return Dialogue{}, fmt.Errorf("queue: answer to a question of closed tip %d: %w", tipID, ErrIllegalTransition)
		}
		a.name = actAnswer.name
		if l.state == StateNeedsInfo {
			a.to = actAnswer.to
		}
	}
	dID, err := s.insertDialogue(ctx, tx, tipID, FromReporter, nil, question, body, atts)
	if err != nil {
		return Dialogue{}, err
	}
	// The reply is marked until the holder looks (see Seen), so the queue
	// can show it.
	if err := s.change(ctx, tx, nil, tipID, l, a, `, search = search || to_tsvector('simple', $4), reporter_replied_at = $3::timestamptz`,
		[]any{SearchDocument(body)}, map[string]any{"dialogue_id": dID}); err != nil {
		return Dialogue{}, err
	}
	if l.kind == KindReport {
		if err := linkEntities(ctx, tx, tipID, body); err != nil {
			return Dialogue{}, err
		}
	}
	return s.dialogue(ctx, tx, dID)
}
