package webreport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bodycap"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/internal/pgconn"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/internal/uploadtest"
	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

// bundle is one test's running web report: its own database and server, and
// a clock the test moves.
type bundle struct {
	t     *testing.T
	db    *sqlx.DB
	dbURL string
	cfg   *config.Config
	queue *queue.Store
	core  *intake.Core
	h     *handler
	srv   *httptest.Server

	read atomic.Int64 // bytes the server read from its connections

	mu  sync.Mutex
	now time.Time
}

func setup(t *testing.T) *bundle { t.Helper(); return setupWith(t, nil) }

// setupWith lets a test change the configuration before the server starts.
func setupWith(t *testing.T, change func(*config.Config)) *bundle {
	t.Helper()
	dbURL := pgtest.URL(t)
	db, err := pgconn.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	cfg := config.Default()
	var loc *time.Location
	loc, err = time.LoadLocation(cfg.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Location = loc
	cfg.Keys = config.Keys{Reporter: testKey('r'), Seal: testKey('s'), Receipt: testKey('c')}
	if change != nil {
		change(&cfg)
	}
	b := &bundle{t: t, db: db, dbURL: dbURL, cfg: &cfg, now: time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)}
	_, seal, receipt := cfg.KeyBytes()
	reporter, _, _ := cfg.KeyBytes()
	b.queue = queue.NewStore(db, &cfg, receipt)
	keys, err := anon.NewKeys(reporter, seal)
	if err != nil {
		t.Fatal(err)
	}
	b.core, err = intake.New(intake.Deps{Config: &cfg, Queue: b.queue, Now: b.clock})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Deps{Config: &cfg, DB: db, Queue: b.queue, Keys: keys, Intake: b.core})
	if err != nil {
		t.Fatal(err)
	}
	b.h = s.h
	b.h.now = b.clock
	b.srv = httptest.NewUnstartedServer(bodycap.New(s.BodyRules())(s.Handler()))
	b.srv.Listener = uploadtest.CountReads(b.srv.Listener, &b.read)
	b.srv.Start()
	t.Cleanup(b.srv.Close)
	return b
}

// testKey is a well-formed key (base64 of 32 bytes) for the tests.
func testKey(c byte) string {
	sum := sha256.Sum256([]byte{'w', 'e', 'b', c})
	return base64.StdEncoding.EncodeToString(sum[:])
}

func (b *bundle) clock() time.Time {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.now
}

// wait moves the clock on, as a person takes time to fill the pages.
func (b *bundle) wait(d time.Duration) {
	b.mu.Lock()
	b.now = b.now.Add(d)
	b.mu.Unlock()
}

// phone is a browser: cookies kept, redirects followed, connecting from a
// loopback address of its own, with a user agent the test can look for.
type phone struct {
	b      *bundle
	c      *http.Client
	agent  string
	token  string // the form token of the last page read
	body   string // the last page read
	status int
}

const wechatAgent = "Mozilla/5.0 (Linux; Android 12; V2102A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64"

func (b *bundle) phone(from string, agent string) *phone {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{Timeout: 5 * time.Second}
	if from != "" {
		d.LocalAddr = &net.TCPAddr{IP: net.ParseIP(from)}
	}
	tr := &http.Transport{DialContext: d.DialContext}
	b.t.Cleanup(tr.CloseIdleConnections)
	return &phone{b: b, agent: agent, c: &http.Client{Jar: jar, Transport: tr}}
}

var tokenRE = regexp.MustCompile(`name="ft" value="([^"]+)"`)

func (p *phone) do(req *http.Request) *http.Response {
	p.b.t.Helper()
	if p.agent != "" {
		req.Header.Set("User-Agent", p.agent)
	}
	res, err := p.c.Do(req)
	if err != nil {
		p.b.t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	p.body, p.status = string(body), res.StatusCode
	if m := tokenRE.FindStringSubmatch(p.body); m != nil {
		p.token = m[1]
	}
	return res
}

func (p *phone) get(path string) *http.Response {
	p.b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.b.srv.URL+path, nil)
	return p.do(req)
}

// post sends a form with the last page's token.
func (p *phone) post(path string, form url.Values) *http.Response {
	p.b.t.Helper()
	if _, ok := form["ft"]; !ok {
		form.Set("ft", p.token)
	}
	req, _ := http.NewRequest(http.MethodPost, p.b.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return p.do(req)
}

// upload sends a multipart form: fields first, then the files.
func (p *phone) upload(path string, form url.Values, files map[string][]byte) *http.Response {
	p.b.t.Helper()
	if _, ok := form["ft"]; !ok {
		form.Set("ft", p.token)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		hd := textproto.MIMEHeader{}
		hd.Set("Content-Disposition", `form-data; name="files"; filename="`+name+`"`)
		hd.Set("Content-Type", mime.TypeByExtension(filepath.Ext(name)))
		w, _ := mw.CreatePart(hd)
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, p.b.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return p.do(req)
}

// must fails the test unless the last page was the named page with status.
func (p *phone) must(page string, status int) {
	p.b.t.Helper()
	if p.status != status || !strings.Contains(p.body, `data-page="`+page+`"`) {
		p.b.t.Fatalf("want page %s (%d), got %d:\n%s", page, status, p.status, p.body)
	}
}

// report walks a phone through every step to the review, with files.
func (p *phone) report(description string, files map[string][]byte) {
	p.b.t.Helper()
	p.get("/r/")
	p.must("start", 200)
	p.post("/r/category", url.Values{"category": {"selling"}})
	p.must("where", 200)
	p.post("/r/where", url.Values{"area": {"dongshan"}, "place": {"东山街道某小区3栋后门"}})
	p.must("when", 200)
	p.post("/r/when", url.Values{"occurred": {"today"}})
	p.must("description", 200)
	p.post("/r/description", url.Values{"description": {description}})
	p.must("evidence", 200)
	if len(files) > 0 {
		p.upload("/r/evidence", url.Values{}, files)
		p.must("evidence", 200)
	}
	p.get("/r/review")
	p.must("review", 200)
}

var receiptRE = regexp.MustCompile(`id="code" class="code" value="([0-9A-Z-]+)"`)

// receipt is the code on the last page read.
func (p *phone) receipt() string {
	p.b.t.Helper()
	m := receiptRE.FindStringSubmatch(p.body)
	if m == nil {
		p.b.t.Fatalf("no receipt on the page:\n%s", p.body)
	}
	return m[1]
}

func (b *bundle) count(q string, args ...any) int {
	b.t.Helper()
	var n int
	if err := b.db.GetContext(context.Background(), &n, q, args...); err != nil {
		b.t.Fatal(err)
	}
	return n
}

// gpsMarker is planted in the test photo's EXIF; cleaning must remove it.
const gpsMarker = "MarkerPhone GPS 27.7351N"

// photoJPEG is a small real JPEG; with gps, it carries an EXIF block with a
// camera make and a GPS latitude, as a phone's photo does.
func photoJPEG(t testing.TB, seed int, gps bool) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 64, 48))
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x*4 + seed), uint8(y * 5), uint8(seed * 40), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	if !gps {
		return plain
	}
	be := binary.BigEndian
	var tiff []byte
	tiff = append(tiff, "MM\x00*"...)
	tiff = be.AppendUint32(tiff, 8)
	entry := func(tag, typ uint16, count, value uint32) {
		tiff = be.AppendUint16(tiff, tag)
		tiff = be.AppendUint16(tiff, typ)
		tiff = be.AppendUint32(tiff, count)
		tiff = be.AppendUint32(tiff, value)
	}
	makeOff := 8 + 2 + 2*12 + 4
	gpsOff := makeOff + len(gpsMarker) + 1
	if gpsOff%2 == 1 {
		gpsOff++
	}
	tiff = be.AppendUint16(tiff, 2)
	entry(0x010F, 2, uint32(len(gpsMarker)+1), uint32(makeOff))
	entry(0x8825, 4, 1, uint32(gpsOff))
	tiff = be.AppendUint32(tiff, 0)
	tiff = append(tiff, gpsMarker...)
	tiff = append(tiff, 0)
	for len(tiff) < gpsOff {
		tiff = append(tiff, 0)
	}
	latOff := gpsOff + 2 + 2*12 + 4
	tiff = be.AppendUint16(tiff, 2)
	entry(0x0001, 2, 2, uint32('N')<<24)
	entry(0x0002, 5, 3, uint32(latOff))
	tiff = be.AppendUint32(tiff, 0)
	for _, v := range []uint32{27, 1, 44, 1, 1234, 100} {
		tiff = be.AppendUint32(tiff, v)
	}
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1, byte((len(app1) + 2) >> 8), byte(len(app1) + 2)}
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, app1...)
	return append(out, plain[2:]...)
}

// officer makes an officer for the test and returns them as a queue actor.
func (b *bundle) officer() queue.Actor {
	b.t.Helper()
	o, err := officer.NewStore(b.db).Create(b.t.Context(), "duty", "officer", "correct horse battery")
	if err != nil {
		b.t.Fatal(err)
	}
	return queue.Actor{ID: o.ID, Username: o.Username, Role: "officer"}
}

// tipOf is the id of the tip a receipt belongs to.
func (b *bundle) tipOf(receipt string) int64 {
	b.t.Helper()
	r, err := queue.ParseReceipt(receipt)
	if err != nil {
		b.t.Fatal(err)
	}
	v, err := b.queue.LookupReceipt(b.t.Context(), b.db, r)
	if err != nil {
		b.t.Fatal(err)
	}
	return v.TipID
}

// submitted walks a phone through a whole report and returns its receipt.
func (p *phone) submitted(description string, files map[string][]byte) string {
	p.b.t.Helper()
	p.report(description, files)
	p.b.wait(time.Minute)
	p.post("/r/submit", url.Values{})
	p.must("receipt", 200)
	return p.receipt()
}
