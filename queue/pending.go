package queue

import (
	"context"
	"errors"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
)

var errPending = errors.New("queue: not implemented yet")

func (s *Store) Submit(ctx context.Context, tx sqlx.ExtContext, sub Submission) (int64, Receipt, error) {
	return 0, "", errPending
}
func (s *Store) LookupReceipt(ctx context.Context, tx sqlx.ExtContext, r Receipt) (ReporterView, error) {
	return ReporterView{}, errPending
}
func (s *Store) AddInformation(ctx context.Context, tx sqlx.ExtContext, tipID int64, body string, atts []NewAttachment) (Dialogue, error) {
	return Dialogue{}, errPending
}
func (s *Store) AnswerQuestion(ctx context.Context, tx sqlx.ExtContext, tipID, questionID int64, body string, atts []NewAttachment) (Dialogue, error) {
	return Dialogue{}, errPending
}
func (s *Store) IsBlocked(ctx context.Context, tx sqlx.QueryerContext, ref anon.Ref) (bool, error) {
	return false, errPending
}
func (s *Store) MarkContactUnreachable(ctx context.Context, tx sqlx.ExtContext, tipIDs ...int64) error {
	return errPending
}
func (s *Store) CountRecentTips(ctx context.Context, tx sqlx.QueryerContext, ref anon.Ref, since time.Time) (int, error) {
	return 0, errPending
}
func (s *Store) Get(ctx context.Context, id int64) (Tip, error)             { return Tip{}, errPending }
func (s *Store) GetAs(ctx context.Context, by Actor, id int64) (Tip, error) { return Tip{}, errPending }
func (s *Store) List(ctx context.Context, f Filter) (Page, error)           { return Page{}, errPending }
func (s *Store) ListAs(ctx context.Context, by Actor, f Filter) (Page, error) {
	return Page{}, errPending
}
func (s *Store) CountByState(ctx context.Context, kind Kind) (map[State]int, error) {
	return nil, errPending
}
func (s *Store) ClaimNext(ctx context.Context, by Actor, kind Kind) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) Claim(ctx context.Context, by Actor, id int64, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) Release(ctx context.Context, by Actor, id int64, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) Assign(ctx context.Context, by Actor, id, officerID int64, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) SetPriority(ctx context.Context, by Actor, id int64, p Priority, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) AskReporter(ctx context.Context, by Actor, id int64, body string, version int) (Dialogue, error) {
	return Dialogue{}, errPending
}
func (s *Store) Forward(ctx context.Context, by Actor, id int64, unit, caseNo string, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) Close(ctx context.Context, by Actor, id int64, res Resolution, duplicateOf int64, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) Reopen(ctx context.Context, by Actor, id int64, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) ResumeReview(ctx context.Context, by Actor, id int64, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) AddNote(ctx context.Context, by Actor, id int64, body string) (Note, error) {
	return Note{}, errPending
}
func (s *Store) Block(ctx context.Context, by Actor, tipID int64, reason string) error {
	return errPending
}
func (s *Store) Unblock(ctx context.Context, by Actor, tipID int64) error { return errPending }
func (s *Store) Reward(ctx context.Context, by Actor, id int64, step RewardStep, amountCents int64, version int) (Tip, error) {
	return Tip{}, errPending
}
func (s *Store) Timeline(ctx context.Context, id int64) ([]Event, []Note, []Dialogue, error) {
	return nil, nil, nil, errPending
}
func (s *Store) Attachments(ctx context.Context, id int64) ([]Attachment, error) {
	return nil, errPending
}
func (s *Store) AttachmentData(ctx context.Context, tipID, attID int64) (Attachment, []byte, error) {
	return Attachment{}, nil, errPending
}
func (s *Store) Entities(ctx context.Context, id int64) ([]Entity, error)  { return nil, errPending }
func (s *Store) Linked(ctx context.Context, id int64) ([]LinkedTip, error) { return nil, errPending }
func (s *Store) Stats(ctx context.Context, from, to time.Time) (Stats, error) {
	return Stats{}, errPending
}
func (s *Store) UrgentTips(ctx context.Context, from, to time.Time, limit int) ([]Tip, error) {
	return nil, errPending
}
func (s *Store) OverdueTips(ctx context.Context, now time.Time, limit int) ([]Tip, error) {
	return nil, errPending
}
func (s *Store) Purge(ctx context.Context, now time.Time, batch int) (PurgeResult, error) {
	return PurgeResult{}, errPending
}
func Seed(ctx context.Context, db *sqlx.DB, cfg *config.Config, receiptKey []byte, n int, progress func(done int)) error {
	return errPending
}
