package admin

import (
	"crypto/sha256"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

const testPassword = "correct horse battery"

// bundle is one test's running admin: its own database, server and officers.
type bundle struct {
	t        *testing.T
	db       *sqlx.DB
	cfg      *config.Config
	queue    *queue.Store
	officers *officer.Store
	srv      *httptest.Server
	ids      map[string]int64 // role → officer id; usernames equal roles
}

func setup(t *testing.T) *bundle { t.Helper(); return setupWith(t, nil) }

// setupWith lets a test add to the admin's dependencies before it starts.
func setupWith(t *testing.T, more func(*Deps)) *bundle {
	t.Helper()
	db := pgtest.DB(t)
	cfg := config.Default()
	loc, err := time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location = loc
	cfg.Limits.LoginFailuresPerIP = 4
	q := queue.NewStore(db, &cfg, []byte("receipt-key-for-tests-0123456789ab"))
	keys, err := anon.NewKeys([]byte("reporter-key-for-admin-tests-0123456789"), []byte("seal-key-for-admin-tests-0123456789abc"))
	if err != nil {
		t.Fatal(err)
	}
	d := Deps{Config: &cfg, DB: db, Queue: q, Keys: keys}
	if more != nil {
		more(&d)
	}
	s, err := New(d)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	b := &bundle{t: t, db: db, cfg: &cfg, queue: q, officers: officer.NewStore(db).WithSealer(keys), srv: srv, ids: map[string]int64{}}
	return b
}

// addOfficers creates one officer per role, named after the role.
func (b *bundle) addOfficers(roles ...string) {
	b.t.Helper()
	for _, r := range roles {
		o, err := b.officers.Create(b.t.Context(), r, officer.Role(r), testPassword)
		if err != nil {
			b.t.Fatal(err)
		}
		b.ids[r] = o.ID
	}
}

// client is a browser: cookies kept, redirects not followed.
func (b *bundle) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (b *bundle) login(username string) *http.Client {
	b.t.Helper()
	c := b.client()
	res := b.post(c, "/login", url.Values{"username": {username}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		b.t.Fatalf("login %s: %d %s", username, res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

func (b *bundle) get(c *http.Client, path string) (*http.Response, string) {
	b.t.Helper()
	res, err := c.Get(b.srv.URL + path)
	if err != nil {
		b.t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(body)
}

func (b *bundle) post(c *http.Client, path string, form url.Values) *http.Response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

var refCounter atomic.Int64

// submit files a tip as the bot would.
func (b *bundle) submit(kind queue.Kind, description string, atts ...queue.NewAttachment) int64 {
	b.t.Helper()
	sub := queue.Submission{
		Kind:        kind,
		ReporterRef: anon.Ref(sha256.Sum256([]byte("reporter " + strconv.FormatInt(refCounter.Add(1), 10)))),
		Locale:      "zh-CN",
		Category:    "selling",
		AreaCode:    "dongshan",
		Occurred:    queue.OccurredToday,
		Description: description,
		ContactMode: queue.ContactCode,
		Attachments: atts,
	}
	if kind == queue.KindHelp {
		sub.Category, sub.AreaCode = queue.SelfHelpCategory, ""
	}
	id, _, err := b.queue.Submit(b.t.Context(), b.db, sub)
	if err != nil {
		b.t.Fatal(err)
	}
	return id
}
