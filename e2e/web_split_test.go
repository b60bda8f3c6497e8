//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tipline/tipline/internal/pgtest"
)

// TestSplitStart runs Tipline as docs/operations.md deploys it across a
// border: the web report and the admin in one process (`serve --components
// web,admin`, the web report on a public listener of its own), the bot and
// the jobs in another, one database. A web report reaches the admin; the web
// receipt works in the bot's status check and a bot receipt on the web's
// status page; each process serves only its own routes, and neither keeps
// anything of either reporter.
func TestSplitStart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	c := newCluster(t, pgtest.URL(t), nil, webEnv()...)
	c.dumpLogsOnFailure()
	adminAddr, public, botAddr := freeAddr(t), freeAddr(t), freeAddr(t)
	office := c.start("web-admin", adminAddr, []string{"--components", "web,admin"}, publicEnv(public)...)
	bot := c.start("bot-jobs", botAddr, []string{"--components", "bot,jobs"})

	// Each listener serves its own routes only.
	for _, r := range []struct {
		addr, path string
		want       int
	}{
		{public, "/r/", http.StatusOK},
		{adminAddr, "/login", http.StatusOK},
		{adminAddr, "/r/", http.StatusNotFound},
		{public, "/login", http.StatusNotFound},
		{botAddr, "/r/", http.StatusNotFound},
		{botAddr, "/login", http.StatusNotFound},
	} {
		res, err := http.Get("http://" + r.addr + r.path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != r.want {
			t.Errorf("GET %s on %s: %d, want %d", r.path, r.addr, res.StatusCode, r.want)
		}
	}

	// A web report reaches the officer on the admin of the web's process.
	phone := newWebPhone(t, "http://"+public)
	webReceipt := phone.report("东山街道菜市场后门有人卖冰毒，每天晚上八点出现。"+webMarker, dirtyPhoto(t))
	webTip := tipOf(t, c, webReceipt)
	addOfficer(t, c, adminAddr)
	officer := loginOfficer(t, "http://"+adminAddr)
	if page := officer.get(t, "/queue"); !strings.Contains(page, fmt.Sprintf(`href="/tips/%d"`, webTip)) {
		t.Fatalf("the web report (tip %d) is not on the queue:\n%.3000s", webTip, page)
	}
	if page := officer.get(t, fmt.Sprintf("/tips/%d", webTip)); !strings.Contains(page, webMarker) {
		t.Fatalf("the tip page of the web report does not show it:\n%.3000s", page)
	}
	// Claimed, the tip reads "under review" to its reporter: a state only
	// this tip is in, so a status check that shows it found this tip.
	officer.post(t, fmt.Sprintf("/tips/%d/claim", webTip), url.Values{"version": {"1"}})

	// The web receipt in the bot's status check, typed in lower case.
	var updates atomic.Int64
	z := newCitizenIn(c.tg, 1, "zh-CN", &updates)
	floor := z.floor()
	z.u.SendCommand("/status " + strings.ToLower(webReceipt))
	if _, err := z.awaitText(ctx, floor, "正在核查"); err != nil {
		t.Fatalf("the bot's status check of the web receipt: %v", err)
	}

	// A bot receipt on the web's status page.
	botReceipt, err := z.report(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if page := phone.checkStatus(botReceipt); !strings.Contains(page, "已收到") {
		t.Fatalf("the web status page of the bot's receipt:\n%.2000s", page)
	}
	if page := phone.checkStatus(webReceipt); !strings.Contains(page, "正在核查") {
		t.Fatalf("the web status page of the claimed web tip:\n%.2000s", page)
	}
	var channels []string
	if err := c.db.Select(&channels, `SELECT channel FROM tips WHERE id IN ($1, $2) ORDER BY id`, webTip, tipOf(t, c, botReceipt)); err != nil {
		t.Fatal(err)
	}
	if strings.Join(channels, ",") != "web,telegram" {
		t.Errorf("the tips' channels are %v, want web then telegram", channels)
	}
	for _, p := range []*proc{office, bot} {
		if p.exited() {
			t.Fatalf("%s exited: %v", p.name, p.err)
		}
	}
	t.Logf("split start: web+admin on %s (public %s), bot+jobs on %s; receipts crossed both ways", adminAddr, public, botAddr)

	// Both processes' logs and files, and the dump, keep neither reporter.
	c.stopAll()
	forbidden := append(webForbidden(phone), receiptForms(webReceipt)...)
	forbidden = append(forbidden, receiptForms(botReceipt)...)
	forbidden = append(forbidden, z.identities()...)
	findForbidden(t, auditSources(t, c.dbURL, c.written()), append(forbidden, photoComment, "TESTNAME", botToken))
}

// officerSession is an officer logged in to the admin over HTTP, sending what
// the admin's pages send (their origin, same-site).
type officerSession struct {
	base string
	c    *http.Client
}

func loginOfficer(t *testing.T, base string) *officerSession {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &officerSession{base: base, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	if page := s.post(t, "/login", url.Values{"username": {officerName}, "password": {officerPassword}}); strings.Contains(page, `name="password"`) {
		t.Fatalf("the officer's login was refused:\n%.2000s", page)
	}
	return s
}

func (s *officerSession) do(t *testing.T, req *http.Request) string {
	t.Helper()
	req.Header.Set("Origin", s.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	res, err := s.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d\n%.2000s", req.Method, req.URL.Path, res.StatusCode, body)
	}
	return string(body)
}

func (s *officerSession) get(t *testing.T, path string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s.do(t, req)
}

// post sends a form and follows the redirect to the page it leads to.
func (s *officerSession) post(t *testing.T, path string, form url.Values) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(t, req)
}
