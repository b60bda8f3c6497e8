package webreport

import (
	"bytes"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/uploadtest"
)

// A 200 MB upload is refused before its body is read when its length is
// declared, and at the report's limit when it is not; a file over the
// per-file limit is refused with a page that says which.
func TestOversizedUploadRefusedEarly(t *testing.T) {
	b := setupWith(t, func(c *config.Config) { c.Bot.MaxFileBytes = 1 << 20 })
	p := b.phone("", "")
	p.report("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	p.get("/r/evidence")

	const huge = 200 << 20
	body, contentType, length := uploadtest.Multipart(huge, "ft", p.token)
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/r/evidence", body)
	req.ContentLength = length
	req.Header.Set("Content-Type", contentType)
	before := b.read.Load()
	p.do(req)
	p.must("problem", http.StatusRequestEntityTooLarge)
	if read := b.read.Load() - before; read > 8<<20 {
		t.Fatalf("the server read %d bytes before the refusal", read)
	}

	// Length not declared: one file of 200 MB in a chunked body.
	body, contentType, _ = uploadtest.Multipart(huge, "ft", p.token)
	req, _ = http.NewRequest(http.MethodPost, b.srv.URL+"/r/evidence", body)
	req.ContentLength = -1
	req.Header.Set("Content-Type", contentType)
	before = b.read.Load()
	p.do(req)
	p.must("problem", http.StatusRequestEntityTooLarge)
	if !strings.Contains(p.body, "太大") {
		t.Fatalf("the page does not say the upload is too large:\n%s", p.body)
	}
	if read := b.read.Load() - before; read > 16<<20 {
		t.Fatalf("the server read %d bytes of an upload over an 11 MB limit", read)
	}

	// One file over the limit among others: refused by name of its place,
	// the others kept.
	p.get("/r/evidence")
	p.upload("/r/evidence", url.Values{}, map[string][]byte{"big.jpg": bytes.Repeat([]byte{0xff}, 1<<20+1)})
	p.must("evidence", 200)
	if !strings.Contains(p.body, "第 1 个文件") || !strings.Contains(p.body, "太大") {
		t.Fatalf("the page does not say which file is too large:\n%s", p.body)
	}
	if n := b.count(`SELECT count(*) FROM intake_draft_files`); n != 0 {
		t.Fatalf("%d files kept", n)
	}
}

// What a reporter types is shown as text on every page: markup escaped,
// direction overrides and control characters gone.
func TestHostileTextShownAsText(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	p.get("/r/")
	p.post("/r/category", url.Values{"category": {"selling"}})
	p.post("/r/where", url.Values{"area": {""}, "place": {"<img src=x onerror=alert(1)>\u202e楼后\x00"}})
	p.must("when", 200)
	p.post("/r/when", url.Values{"occurred": {"now"}})
	p.post("/r/description", url.Values{"description": {"<script>alert(1)</script> 卖家电话 \u202e1234-5678-901\u202c，\x07还有人</textarea><b>x</b>"}})
	p.get("/r/review")
	p.must("review", 200)
	for _, bad := range []string{"<script>alert", "<img src=x", "\u202e", "\x00", "\x07", "</textarea><b>"} {
		if strings.Contains(p.body, bad) {
			t.Fatalf("the review holds %q:\n%s", bad, p.body)
		}
	}
	if !strings.Contains(p.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatalf("the description is not shown as text:\n%s", p.body)
	}
	p.get("/r/description")
	if strings.Contains(p.body, "</textarea><b>") {
		t.Fatal("the text box can be closed from inside")
	}
}

// Every page carries the strict headers; a cross-site POST is refused with
// a page in the reader's language.
func TestHeadersAndCrossOrigin(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	res := p.get("/r/")
	h := res.Header
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self' 'nonce-", "frame-ancestors 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if h.Get("Referrer-Policy") != "no-referrer" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", h)
	}
	if len(p.body) > 50<<10 {
		t.Errorf("the start page is %d bytes", len(p.body))
	}
	p.post("/r/category", url.Values{"category": {"selling"}})
	var draft *http.Cookie
	u, _ := url.Parse(b.srv.URL + "/r/")
	for _, c := range p.c.Jar.Cookies(u) {
		if c.Name == draftCookie {
			draft = c
		}
	}
	if draft == nil {
		t.Fatal("no draft cookie")
	}
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/r/where", strings.NewReader("area=dongshan&ft="+p.token))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res = p.do(req)
	p.must("problem", http.StatusForbidden)
	if !strings.Contains(p.body, "其他网站") {
		t.Fatalf("the refusal is not explained:\n%s", p.body)
	}
	_ = res
	p.get("/r/nothing")
	p.must("problem", http.StatusNotFound)
}

// The draft cookie is the only thing that leads back to a draft: HttpOnly,
// SameSite=Strict, under /r/, short-lived; the database keeps only its hash.
func TestDraftCookie(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	p.get("/r/")
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/r/category", strings.NewReader("category=use&ft="+p.token))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var c *http.Cookie
	for _, k := range res.Cookies() {
		if k.Name == draftCookie {
			c = k
		}
	}
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/r/" || c.MaxAge != int(b.cfg.Web.DraftTTL.D()/time.Second) {
		t.Fatalf("draft cookie %+v", c)
	}
	if n := b.count(`SELECT count(*) FROM intake_drafts WHERE position(convert_to($1, 'UTF8') in draft_key) > 0`, c.Value); n != 0 {
		t.Fatal("the cookie's token is stored")
	}
}

// Nothing of the phone reaches the database: not its address (a client from
// 127.0.0.77), not its user agent, not an X-Forwarded-For it made up, which
// is not believed from a client that is no configured proxy.
func TestNoClientTraitsInDatabase(t *testing.T) {
	b := setup(t)
	const agent = "MarkerAgent/7.7 (WeChat test phone)"
	p := b.phone("127.0.0.77", agent)
	p.report("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", map[string][]byte{"a.jpg": photoJPEG(t, 3, true)})
	b.wait(time.Minute)
	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/r/submit", strings.NewReader("ft="+url.QueryEscape(p.token)))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "198.51.100.23")
	req.Header.Set("Referer", "https://referrer.example/marker")
	req.Header.Set("Accept-Language", "x-marker-lang")
	p.do(req)
	p.must("receipt", 200)
	code := p.receipt()
	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {"WRONG-CODE"}})
	p.post("/r/status", url.Values{"receipt": {code}})
	p.must("status_view", 200)

	dump, err := exec.Command("pg_dump", "--data-only", b.dbURL).Output()
	if err != nil {
		t.Fatalf("pg_dump: %v", err)
	}
	if !bytes.Contains(dump, []byte("卖冰毒")) {
		t.Fatal("the dump does not hold the report: it is not the test's database")
	}
	for _, marker := range []string{"127.0.0.77", agent, "MarkerAgent", "198.51.100.23", "referrer.example", "x-marker-lang", gpsMarker} {
		if bytes.Contains(dump, []byte(marker)) {
			t.Errorf("the database holds %q", marker)
		}
	}
}

// A file whose hidden data cannot be removed is warned about on the
// evidence page until the reporter keeps it anyway or removes it.
func TestUncleanableWarned(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	p.report("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	p.get("/r/evidence")
	warn := `action="/r/evidence/decide"`
	p.upload("/r/evidence", url.Values{}, map[string][]byte{"聊天记录.txt": []byte("卖家的微信号 wx_dealer_88")})
	p.must("evidence", 200)
	if !strings.Contains(p.body, warn) || !strings.Contains(p.body, "截图") {
		t.Fatalf("no warning:\n%s", p.body)
	}
	id := regexpValue(t, p.body, "file")
	p.post("/r/evidence/decide", url.Values{"file": {id}, "keep": {"0"}})
	p.must("evidence", 200)
	if n := b.count(`SELECT count(*) FROM intake_draft_files`); n != 0 || strings.Contains(p.body, warn) {
		t.Fatalf("%d files after removing the uncleanable one", n)
	}
	p.upload("/r/evidence", url.Values{}, map[string][]byte{"聊天记录.txt": []byte("卖家的微信号 wx_dealer_88")})
	p.post("/r/evidence/decide", url.Values{"file": {regexpValue(t, p.body, "file")}, "keep": {"1"}})
	p.must("evidence", 200)
	if n := b.count(`SELECT count(*) FROM intake_draft_files WHERE NOT pending`); n != 1 || strings.Contains(p.body, warn) {
		t.Fatalf("%d files kept after keeping the uncleanable one anyway", n)
	}
	// The file kept anyway goes with the report, its warning with it.
	b.wait(time.Minute)
	p.post("/r/submit", url.Values{})
	p.must("receipt", 200)
	if n := b.count(`SELECT count(*) FROM attachments WHERE clean_status = 'uncleanable'`); n != 1 {
		t.Fatalf("%d uncleanable attachments on the tip, want the one kept anyway", n)
	}
}
