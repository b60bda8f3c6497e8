package chat

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/internal/evidencetest"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/outbox"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// fakeQueue stands in for queue.Store: it keeps submissions in memory and
// answers receipt checks from views set by the test.
type fakeQueue struct {
	mu       sync.Mutex
	subs     []queue.Submission
	receipts []queue.Receipt
	views    map[queue.Receipt]queue.ReporterView
	added    []string
	answers  []string
	files    [][]queue.NewAttachment // of each answer and addition, in order
	rated    map[int64]queue.Satisfaction
}

func newFakeQueue() *fakeQueue {
	return &fakeQueue{views: map[queue.Receipt]queue.ReporterView{}}
}

func (f *fakeQueue) Submit(ctx context.Context, tx sqlx.ExtContext, sub queue.Submission) (int64, queue.Receipt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if sub.Description == "" || sub.Category == "" {
		return 0, "", &queue.InvalidError{Field: "description", Reason: "empty"}
	}
	if sub.Files != nil {
		files, err := queue.TakeFiles(ctx, tx, sub.Files)
		if err != nil {
			return 0, "", err
		}
		sub.Attachments, sub.Files = append(sub.Attachments, files...), nil
	}
	r, err := queue.NewReceipt()
	if err != nil {
		return 0, "", err
	}
	f.subs = append(f.subs, sub)
	f.receipts = append(f.receipts, r)
	return int64(len(f.subs)), r, nil
}

func (f *fakeQueue) LookupReceipt(_ context.Context, _ sqlx.ExtContext, r queue.Receipt) (queue.ReporterView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.views[r]
	if !ok {
		return v, queue.ErrNotFound
	}
	return v, nil
}

func (f *fakeQueue) AddInformation(_ context.Context, _ sqlx.ExtContext, tipID int64, body string, atts []queue.NewAttachment) (queue.Dialogue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.added = append(f.added, fmt.Sprintf("%d:%s", tipID, body))
	f.files = append(f.files, atts)
	return queue.Dialogue{TipID: tipID, Body: body}, nil
}

func (f *fakeQueue) AnswerQuestion(_ context.Context, _ sqlx.ExtContext, tipID, q int64, body string, atts []queue.NewAttachment) (queue.Dialogue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers = append(f.answers, fmt.Sprintf("%d:%d:%s", tipID, q, body))
	f.files = append(f.files, atts)
	return queue.Dialogue{TipID: tipID, Body: body}, nil
}

func (f *fakeQueue) Closed(_ context.Context, _ sqlx.QueryerContext, tipID int64) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, v := range f.views {
		if v.TipID == tipID {
			return v.State == queue.StateClosed, nil
		}
	}
	return false, nil
}

func (f *fakeQueue) AttachmentTotals(context.Context, sqlx.ExtContext, int64) (int, int64, error) {
	return 0, 0, nil
}

func (f *fakeQueue) Rate(_ context.Context, _ sqlx.ExtContext, tipID int64, v queue.Satisfaction) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rated == nil {
		f.rated = map[int64]queue.Satisfaction{}
	}
	f.rated[tipID] = v
	return nil
}

// emulatorFiles downloads from the emulator's file store.
type emulatorFiles struct{ s *telegramtest.Server }

func (e emulatorFiles) Download(_ context.Context, fileID string, maxBytes int64) ([]byte, error) {
	b, ok := e.s.File(fileID)
	if !ok {
		return nil, fmt.Errorf("no file")
	}
	if int64(len(b)) > maxBytes {
		return nil, botapi.ErrFileTooLarge
	}
	return b, nil
}

// fixture is one conversation under test: an emulator producing the updates,
// the conversation, a rolled-back transaction and a movable clock.
type fixture struct {
	t    *testing.T
	ctx  context.Context
	srv  *telegramtest.Server
	conv *Conversation
	q    *fakeQueue
	tx   *sqlx.Tx
	keys *anon.Keys
	cfg  *config.Config
	now  time.Time
	cbN  int
	lang map[int64]string
}

func setup(t *testing.T) *fixture {
	t.Helper()
	t.Parallel()
	cfg := config.Default()
	cfg.Keys = config.GenerateKeys()
	loc, _ := time.LoadLocation(cfg.Timezone)
	cfg.Location = loc
	reporter, seal, _ := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporter, seal)
	if err != nil {
		t.Fatal(err)
	}
	srv := telegramtest.New(telegramtest.Options{Token: "1:test"})
	f := &fixture{t: t, ctx: context.Background(), srv: srv, q: newFakeQueue(), tx: pgtest.Tx(t), keys: keys, cfg: &cfg,
		now: time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)}
	f.conv, err = New(Deps{Config: &cfg, Queue: f.q, Keys: keys, Files: emulatorFiles{srv}, Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) user(lang string) *telegramtest.User {
	if f.lang == nil {
		f.lang = map[int64]string{}
	}
	u := f.srv.NewUser(telegramtest.UserOptions{FirstName: "Wei", LastName: "Zhang", Username: "zhangwei_secret", LanguageCode: lang, Phone: "+8613800138000"})
	f.lang[u.ID()] = lang
	return u
}

// handle runs one update through the conversation.
func (f *fixture) handle(u *models.Update) {
	f.t.Helper()
	if err := f.conv.Handle(f.ctx, f.tx, u); err != nil {
		f.t.Fatalf("handle: %v", err)
	}
}

func (f *fixture) msg(m *models.Message) { f.handle(&models.Update{Message: m}) }

// press sends a button press from u on a bot message.
func (f *fixture) press(u *telegramtest.User, data string) {
	f.t.Helper()
	f.cbN++
	from := models.User{ID: u.ID(), FirstName: "Wei", Username: "zhangwei_secret", LanguageCode: f.lang[u.ID()]}
	f.handle(&models.Update{CallbackQuery: &models.CallbackQuery{
		ID:   fmt.Sprintf("cb%d", f.cbN),
		From: from,
		Message: models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage,
			Message: &models.Message{ID: 9000 + f.cbN, Chat: models.Chat{ID: u.ID(), Type: models.ChatTypePrivate}}},
		Data: data,
	}})
}

// answerWizard answers every step of a report in progress and submits it.
func (f *fixture) answerWizard(u *telegramtest.User) {
	f.t.Helper()
	for _, data := range []string{"c:selling", "a:dongshan", "o:today", "d:done", "e:done", "k:code", "r:submit"} {
		f.press(u, data)
	}
}

// replies are the requests queued for u's chat, oldest first.
func (f *fixture) replies(u *telegramtest.User) []botapi.Request {
	f.t.Helper()
	ref := f.keys.Reporter(u.ID())
	var rows []outbox.Row
	if err := f.tx.SelectContext(f.ctx, &rows, `SELECT id, kind, payload, payload_sealed, chat_sealed, chat_key FROM outbox WHERE chat_key = $1 ORDER BY id`, f.keys.OutboxKey(ref)); err != nil {
		f.t.Fatal(err)
	}
	out := make([]botapi.Request, 0, len(rows))
	for _, r := range rows {
		if chatID, err := f.keys.OpenChat(r.ChatSealed); err != nil || chatID != u.ID() {
			f.t.Fatalf("outbox row is not sealed to the reporter's chat: %v", err)
		}
		payload, err := r.Open(f.keys)
		if err != nil {
			f.t.Fatal(err)
		}
		req, err := f.conv.Render(r.Kind, payload)
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, req)
	}
	return out
}

func (f *fixture) last(u *telegramtest.User) botapi.Request {
	f.t.Helper()
	rs := f.replies(u)
	for i := len(rs) - 1; i >= 0; i-- {
		if rs[i].Method == botapi.SendMessage || rs[i].Method == botapi.EditMessageText {
			return rs[i]
		}
	}
	f.t.Fatal("no message sent")
	return botapi.Request{}
}

// expectLast fails unless the last message shown contains want.
func (f *fixture) expectLast(u *telegramtest.User, want string) botapi.Request {
	f.t.Helper()
	r := f.last(u)
	if !strings.Contains(r.Text, want) {
		f.t.Fatalf("last message %q does not contain %q", r.Text, want)
	}
	return r
}

// buttons lists the callback data of a request's keyboard.
func buttons(r botapi.Request) []string {
	kb, ok := r.ReplyMarkup.(map[string]any)
	if !ok {
		b, _ := json.Marshal(r.ReplyMarkup)
		_ = json.Unmarshal(b, &kb)
	}
	var out []string
	rows, _ := kb["inline_keyboard"].([]any)
	for _, row := range rows {
		for _, b := range row.([]any) {
			if d, ok := b.(map[string]any)["callback_data"].(string); ok {
				out = append(out, d)
			}
		}
	}
	return out
}

func hasButton(r botapi.Request, data string) bool {
	for _, b := range buttons(r) {
		if b == data {
			return true
		}
	}
	return false
}

// draft reads the reporter's draft, or nil.
func (f *fixture) draft(u *telegramtest.User) *draft {
	f.t.Helper()
	var row struct {
		Report []byte `db:"report"`
		Extra  []byte `db:"extra"`
	}
	err := f.tx.GetContext(f.ctx, &row, `SELECT report, extra FROM intake_drafts WHERE draft_key = $1`, f.keys.Reporter(u.ID()).Bytes())
	if err != nil {
		return nil
	}
	stored := &intake.Draft{Extra: row.Extra}
	if row.Report != nil {
		stored.Report = &intake.Report{}
		if err := json.Unmarshal(row.Report, stored.Report); err != nil {
			f.t.Fatal(err)
		}
	}
	d, err := decodeDraft(stored)
	if err != nil {
		f.t.Fatal(err)
	}
	return d
}

// dirtyJPEG is a small JPEG carrying a comment that names the photographer.
func dirtyJPEG(t *testing.T, secret string) []byte { return evidencetest.CommentedJPEG(t, secret) }
