package queue

import (
	"time"

	"github.com/tipline/tipline/outbox"
)

// Notice is a message the queue sends a reporter through the outbox. Each
// kind is one type, owned here; every channel renders every kind (the bot
// as Telegram messages, see bot/chat's Render), so a renamed field is a
// compile error, not a silent blank. The JSON names are the outbox rows'
// and stay as they are for rows queued before a release.
type Notice interface {
	Kind() string
}

// QuestionNotice is an officer's question, with the button to answer it.
type QuestionNotice struct {
	TipID      int64  `json:"tip_id"`
	DialogueID int64  `json:"dialogue_id"`
	Body       string `json:"body"`
	Locale     string `json:"locale"`
	// TipKind and Submitted let the message say which of the reporter's
	// tips it is about, in the words of its kind.
	TipKind   string    `json:"kind"`
	Submitted time.Time `json:"submitted"`
}

// QuestionImageNotice is an image an officer sends with a question, before
// it; its bytes ride sealed in the row and are erased once sent.
type QuestionImageNotice struct {
	TipID      int64  `json:"tip_id"`
	DialogueID int64  `json:"dialogue_id"`
	Locale     string `json:"locale"`
	Name       string `json:"name"`
	Data       []byte `json:"data"`
}

// ClosingNotice tells the reporter their tip was closed, and why in the
// words of its kind; a report's asks the satisfaction question.
type ClosingNotice struct {
	TipID      int64     `json:"tip_id"`
	Locale     string    `json:"locale"`
	TipKind    string    `json:"kind"`
	Resolution string    `json:"resolution"`
	Submitted  time.Time `json:"submitted"`
}

// RewardNotice tells the reporter a reward was approved, how much, and by
// when and how to claim it.
type RewardNotice struct {
	TipID       int64      `json:"tip_id"`
	AmountCents int64      `json:"amount_cents"`
	ClaimDue    *time.Time `json:"claim_due"`
	Locale      string     `json:"locale"`
	Submitted   time.Time  `json:"submitted"`
}

// KeyboardRetired takes the buttons off an earlier message (a closed tip's
// question); the message stays for the reporter to read.
type KeyboardRetired struct {
	OutboxID int64 `json:"outbox_id"`
}

func (QuestionNotice) Kind() string      { return "dialogue_question" }
func (QuestionImageNotice) Kind() string { return "dialogue_image" }
func (ClosingNotice) Kind() string       { return "tip_closed" }
func (RewardNotice) Kind() string        { return "reward_notice" }
func (KeyboardRetired) Kind() string     { return "keyboard_retired" }

// NoticeKinds are one of each notice, for channels' tests that each renders
// them all.
var NoticeKinds = []Notice{QuestionNotice{}, QuestionImageNotice{}, ClosingNotice{}, RewardNotice{}, KeyboardRetired{}}

// noticeTo is the outbox message of n for a reporter.
func noticeTo(to outbox.Recipient, n Notice, dedupeKey string) outbox.Message {
	return outbox.Message{Lane: outbox.Notice, To: to, Kind: n.Kind(), Payload: n, DedupeKey: dedupeKey}
}
