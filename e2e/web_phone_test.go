//go:build e2e

package e2e

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptrace"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// A web reporter's traits that the service must never keep: the audit looks
// for each of them. The address is a loopback address of its own, so that
// finding it anywhere means the service kept it.
const (
	webPhoneAddr     = "127.0.0.77"
	webAgentMarker   = "WebAgentMarker-E2E-UA-7f3c"
	webLangMarker    = "x-weblangmarker"
	webRefererMarker = "WebRefererMarker-E2E-qr-91d2"
	// webMinFill is web.min_fill in these tests: Submit waits for it.
	webMinFill = time.Second
)

var (
	webTokenRE   = regexp.MustCompile(`name="ft" value="([^"]+)"`)
	webPageRE    = regexp.MustCompile(`data-page="([a-z_]+)"`)
	webReceiptRE = regexp.MustCompile(`id="code" class="code" value="([0-9A-Z-]+)"`)
)

// webPhone is a phone's browser on the web report: cookies kept, redirects
// followed, every request from webPhoneAddr carrying the marker user agent,
// Accept-Language and Referer. It remembers every draft cookie value the
// server set, for the audit.
type webPhone struct {
	t    *testing.T
	base string // http://public-listener
	c    *http.Client

	token  string // the form token of the last page
	body   string
	status int

	mu      sync.Mutex
	cookies []string // every tipline_draft value set
	local   []string // the local addresses the connections used
	started time.Time
}

func newWebPhone(t *testing.T, base string) *webPhone {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	d := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(webPhoneAddr)}}
	tr := &http.Transport{DialContext: d.DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	p := &webPhone{t: t, base: base}
	p.c = &http.Client{Jar: jar, Transport: markedTransport{p: p, next: tr}, Timeout: 30 * time.Second}
	return p
}

// markedTransport sets the markers on every request, redirects included,
// and notes what the server set and where the connection came from.
type markedTransport struct {
	p    *webPhone
	next http.RoundTripper
}

func (m markedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("User-Agent", "Mozilla/5.0 (Linux; Android 12) Mobile MicroMessenger/8.0.47 "+webAgentMarker)
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,"+webLangMarker+";q=0.1")
	req.Header.Set("Referer", "https://poster.example.cn/qr?from="+webRefererMarker)
	trace := &httptrace.ClientTrace{GotConn: func(ci httptrace.GotConnInfo) {
		m.p.mu.Lock()
		m.p.local = append(m.p.local, ci.Conn.LocalAddr().String())
		m.p.mu.Unlock()
	}}
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	res, err := m.next.RoundTrip(req)
	if err == nil {
		for _, ck := range res.Cookies() {
			if ck.Name == "tipline_draft" && ck.Value != "" {
				m.p.mu.Lock()
				m.p.cookies = append(m.p.cookies, ck.Value)
				m.p.mu.Unlock()
			}
		}
	}
	return res, err
}

func (p *webPhone) do(req *http.Request) {
	p.t.Helper()
	res, err := p.c.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		p.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	p.body, p.status = string(body), res.StatusCode
	if m := webTokenRE.FindStringSubmatch(p.body); m != nil {
		p.token = m[1]
	}
}

func (p *webPhone) get(path string) {
	p.t.Helper()
	req, err := http.NewRequest(http.MethodGet, p.base+path, nil)
	if err != nil {
		p.t.Fatal(err)
	}
	p.do(req)
}

// post sends a form with the last page's token, as the page's form would.
func (p *webPhone) post(path string, form url.Values) {
	p.t.Helper()
	form.Set("ft", p.token)
	req, err := http.NewRequest(http.MethodPost, p.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	p.do(req)
}

// upload sends files as the evidence form does, under a name a phone gives.
func (p *webPhone) upload(path string, files ...[]byte) {
	p.t.Helper()
	body, ctype := webUploadBody(p.token, files...)
	req, err := http.NewRequest(http.MethodPost, p.base+path, bytes.NewReader(body))
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	p.do(req)
}

// webUploadBody is the multipart body of the evidence form with files.
func webUploadBody(token string, files ...[]byte) (body []byte, contentType string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("ft", token)
	for i, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename="IMG_%04d.jpg"`, 2000+i))
		h.Set("Content-Type", "image/jpeg")
		w, _ := mw.CreatePart(h)
		_, _ = w.Write(f)
	}
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// must fails the test unless the last page was page, answered with status.
func (p *webPhone) must(page string, status int) {
	p.t.Helper()
	got := ""
	if m := webPageRE.FindStringSubmatch(p.body); m != nil {
		got = m[1]
	}
	if p.status != status || got != page {
		p.t.Fatalf("want the page %s (%d), got %q (%d):\n%.2000s", page, status, got, p.status, p.body)
	}
}

// report walks every step with description and photos, submits and returns
// the receipt shown, having told the page it was written down.
func (p *webPhone) report(description string, photos ...[]byte) string {
	p.t.Helper()
	p.toEvidence(description)
	if len(photos) > 0 {
		p.upload("/r/evidence", photos...)
		p.must("evidence", 200)
		if strings.Contains(p.body, `class="err"`) {
			p.t.Fatalf("a photo was refused:\n%.2000s", p.body)
		}
	}
	return p.submit()
}

// toEvidence walks the steps before the evidence page with description.
func (p *webPhone) toEvidence(description string) {
	p.t.Helper()
	p.get("/r/")
	p.must("start", 200)
	p.started = time.Now()
	p.post("/r/category", url.Values{"category": {"selling"}})
	p.must("where", 200)
	p.post("/r/where", url.Values{"area": {"dongshan"}, "place": {"东山街道菜市场后门"}})
	p.must("when", 200)
	p.post("/r/when", url.Values{"occurred": {"today"}})
	p.must("description", 200)
	p.post("/r/description", url.Values{"description": {description}})
	p.must("evidence", 200)
}

// submit submits from the review page and returns the receipt shown.
func (p *webPhone) submit() string {
	p.t.Helper()
	p.get("/r/review")
	p.must("review", 200)
	// A person takes longer than web.min_fill over five pages; the first
	// page's time is kept in whole seconds, hence the second more.
	time.Sleep(time.Until(p.started.Add(webMinFill + time.Second)))
	p.post("/r/submit", url.Values{})
	p.must("receipt", 200)
	m := webReceiptRE.FindStringSubmatch(p.body)
	if m == nil {
		p.t.Fatalf("no receipt on the receipt page:\n%.2000s", p.body)
	}
	p.post("/r/receipt/done", url.Values{})
	return m[1]
}

// checkStatus checks receipt on the status page, typed as a person might (lower
// case, spaces for hyphens), and returns the page.
func (p *webPhone) checkStatus(receipt string) string {
	p.t.Helper()
	p.get("/r/status")
	p.must("status", 200)
	p.post("/r/status", url.Values{"receipt": {strings.ToLower(strings.ReplaceAll(receipt, "-", " "))}})
	p.must("status_view", 200)
	return p.body
}

// secrets are what the phone sent or was given that names it or its report:
// the draft cookie values and the connection's local addresses checked.
func (p *webPhone) secrets() []string {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.cookies) == 0 {
		p.t.Fatal("the server never set a draft cookie")
	}
	for _, a := range p.local {
		if host, _, _ := net.SplitHostPort(a); host != webPhoneAddr {
			p.t.Fatalf("a connection came from %s, not %s", a, webPhoneAddr)
		}
	}
	if len(p.local) == 0 {
		p.t.Fatal("no connection was made")
	}
	return append([]string(nil), p.cookies...)
}
