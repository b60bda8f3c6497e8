package admin

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tipline/tipline/queue"
)

// logBuffer collects a test server's log lines; the server writes from its own goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func setupLogged(t *testing.T, more func(*Deps)) (*bundle, *logBuffer) {
	t.Helper()
	logs := &logBuffer{}
	b := setupWith(t, func(d *Deps) {
		d.Log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
		if more != nil {
			more(d)
		}
	})
	return b, logs
}

// breakAudit makes every audit insert of action fail in the test's database.
func (b *bundle) breakAudit(action string) {
	b.t.Helper()
	if _, err := b.db.Exec(`CREATE OR REPLACE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS
		$$ BEGIN RAISE EXCEPTION 'audit refused for test'; END $$`); err != nil {
		b.t.Fatal(err)
	}
	q := fmt.Sprintf(`CREATE TRIGGER "refuse_%s" BEFORE INSERT ON audit_log FOR EACH ROW
		WHEN (NEW.action = '%s') EXECUTE FUNCTION test_refuse_audit()`, action, action)
	if _, err := b.db.Exec(q); err != nil {
		b.t.Fatal(err)
	}
}

func wantAuditLogged(t *testing.T, logs *logBuffer, action string) {
	t.Helper()
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "level=ERROR") && strings.Contains(line, "action="+action) {
			return
		}
	}
	t.Errorf("no Error log for the failed audit of %s:\n%s", action, logs.String())
}

// TestUnauditedViewIsRefused: a tip or an attachment is not shown when the view
// cannot be audited, and the failure is logged without reporter data.
func TestUnauditedViewIsRefused(t *testing.T) {
	t.Parallel()
	b, logs := setupLogged(t, nil)
	b.addOfficers("officer")
	c := b.login("officer")
	const secret = "东山街道网吧 13912345678"
	id := b.submit(queue.KindReport, secret, queue.NewAttachment{Kind: "image", FileName: "a.png", MIME: "image/png", Size: 15, CleanStatus: "cleaned", Data: []byte("PNGBYTES-SECRET")})
	atts, err := b.queue.Attachments(t.Context(), id)
	if err != nil || len(atts) != 1 {
		t.Fatalf("attachments: %v %d", err, len(atts))
	}
	b.breakAudit("tip.attachment")
	b.breakAudit("tip.view")
	tipPath := "/tips/" + strconv.FormatInt(id, 10)

	res, body := b.get(c, tipPath+"/attachments/"+strconv.FormatInt(atts[0].ID, 10))
	if res.StatusCode < 500 || strings.Contains(body, "PNGBYTES-SECRET") {
		t.Errorf("unaudited attachment view: %d, content shown %v", res.StatusCode, strings.Contains(body, "PNGBYTES-SECRET"))
	}
	if !strings.Contains(body, "审计日志") {
		t.Errorf("refusal does not say why: %s", body)
	}
	res, body = b.get(c, tipPath)
	if res.StatusCode < 500 || strings.Contains(body, "13912345678") {
		t.Errorf("unaudited tip view: %d", res.StatusCode)
	}
	wantAuditLogged(t, logs, "tip.attachment")
	wantAuditLogged(t, logs, "tip.view")
	if strings.Contains(logs.String(), "13912345678") {
		t.Errorf("log holds tip content: %s", logs.String())
	}
}

// TestUnauditedChangeSaysSo: a change committed before its audit failed is
// not answered with a 500 (which invites a second change) but with a message
// that it was saved unaudited; the failure is logged.
func TestUnauditedChangeSaysSo(t *testing.T) {
	t.Parallel()
	b, logs := setupLogged(t, nil)
	b.addOfficers("officer")
	c := b.login("officer")
	id := b.submit(queue.KindReport, "有人在网吧卖零包")
	b.breakAudit("tip.note")
	tipPath := "/tips/" + strconv.FormatInt(id, 10)
	res := b.post(c, tipPath+"/note", url.Values{"body": {"已电话核实"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tipPath {
		t.Fatalf("unaudited note: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body := b.get(c, tipPath)
	if !strings.Contains(body, "未能写入审计日志") {
		t.Error("officer not told the change went unaudited")
	}
	wantAuditLogged(t, logs, "tip.note")
}

// TestUnauditedLoginFailureIsLogged: a refused login whose audit fails is still
// refused, and the failure is logged rather than dropped.
func TestUnauditedLoginFailureIsLogged(t *testing.T) {
	t.Parallel()
	b, logs := setupLogged(t, nil)
	b.addOfficers("officer")
	b.breakAudit("login.failed")
	res := b.post(b.client(), "/login", url.Values{"username": {"officer"}, "password": {"wrong password!"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("bad login: %d", res.StatusCode)
	}
	wantAuditLogged(t, logs, "login.failed")
	if strings.Contains(logs.String(), "wrong password") {
		t.Error("log holds the password")
	}
}
