package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"io"
	"math"
	mrand "math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tipline/tipline/internal/pgconn"
)

// The web report run: phones fill the text steps of many reports, then a
// few phones submit them, each its next when answered (a closed loop): an
// upload of a 200 KB photo to the evidence step, the Submit and the receipt
// page, through `tipline serve --components web` and the real core. An open
// loop at the target rate collapses on a machine that cannot keep up: every
// upload in flight at once, none answered within minutes. Then a 20 MB
// upload to a fresh server, its resident memory read before and at its
// peak.
const (
	webPhotoBytes = 200 << 10
	webBigBytes   = 20_000_000
	// webAddrs is how many loopback addresses the phones come from: the web
	// report's limits count per client, and a city's phones are many.
	webAddrs = 200
	// webMinFill is web.min_fill of the measured server: the text steps are
	// filled at least this long before the timed Submit.
	webMinFill = time.Second
)

// webResult is what the web report run measured.
type webResult struct {
	rawAttachments float64 // raw 200 KB inserts/s, 8 connections
	workers        int     // phones submitting at once
	reports        int
	completed      int
	failed         int
	firstError     string
	took           time.Duration // the timed run
	perReport      percentiles   // upload → receipt page
	upload, submit percentiles
	prepared       time.Duration // filling the text steps of every report
	tips           int           // web tips in the database afterwards
	receipts       int           // distinct receipts shown

	rssBefore, rssUpload, rssAfterUpload, rssSubmit int64 // kB
	peakExact                                       bool  // VmHWM after a reset, not sampled
	bigUpload, bigSubmit                            time.Duration
}

func (w *webResult) throughput() float64 {
	if w.took <= 0 {
		return 0
	}
	return float64(w.completed) / w.took.Seconds()
}

// measureWeb runs the web report on a fresh database, with the raw insert
// rate of 200 KB rows on the same server measured just before.
func measureWeb(ctx context.Context, o options, keys []string, r *report) error {
	dbURL := withDatabase(o.serverURL, fmt.Sprintf("tipline_bench_web_%d", os.Getpid()))
	if err := createDatabase(ctx, o.serverURL, dbURL, true); err != nil {
		return err
	}
	defer dropDatabase(o.serverURL, dbURL)
	if _, err := tipline(ctx, o.bin, dbURL, keys, "", "migrate", "up"); err != nil {
		return err
	}
	res := &webResult{workers: o.webWorkers, reports: o.webReports}
	var err error
	if res.rawAttachments, err = rawAttachmentRate(ctx, dbURL, 8, 5*time.Second); err != nil {
		return err
	}
	photo, err := jpegOfSize(webPhotoBytes, 1)
	if err != nil {
		return err
	}
	if err := submitRun(ctx, o, dbURL, keys, photo, res); err != nil {
		return err
	}
	if err := bigUploadRun(ctx, o, dbURL, keys, photo, res); err != nil {
		return err
	}
	r.web = res
	return nil
}

// submitRun prepares o.webReports reports up to their evidence step, then
// submits them from o.webWorkers phones and times each.
func submitRun(ctx context.Context, o options, dbURL string, keys []string, photo []byte, res *webResult) error {
	srv, err := startWeb(ctx, o.bin, dbURL, keys)
	if err != nil {
		return err
	}
	defer srv.stop()
	clients := make([]*http.Client, min(webAddrs, o.webReports))
	for i := range clients {
		clients[i] = webClient(i)
	}
	phones := make([]*webPhone, o.webReports)
	for i := range phones {
		phones[i] = &webPhone{base: srv.public, c: clients[i%len(clients)]}
	}
	t := time.Now()
	if err := inParallel(ctx, len(phones), 8, func(i int) error { return phones[i].fill(ctx) }); err != nil {
		return fmt.Errorf("filling the steps: %w (server log: %s)", err, srv.logName)
	}
	res.prepared = time.Since(t)
	// The last report's first page was served within the second before.
	time.Sleep(webMinFill + time.Second)

	uploads := make([]time.Duration, len(phones))
	submits := make([]time.Duration, len(phones))
	receipts := make([]string, len(phones))
	start := time.Now()
	times, failed := asFastAsAnswered(ctx, len(phones), o.webWorkers, func(i int) error {
		p := phones[i]
		t := time.Now()
		body, ctype := uploadBody(p.token, photo)
		if err := p.send(ctx, http.MethodPost, "/r/evidence", ctype, bytes.NewReader(body), "evidence"); err != nil {
			return err
		}
		if strings.Contains(p.page, `class="err"`) {
			return errors.New("the photo was refused")
		}
		uploads[i] = time.Since(t)
		t = time.Now()
		code, err := p.submit(ctx)
		if err != nil {
			return err
		}
		submits[i] = time.Since(t)
		receipts[i] = code
		return nil
	})
	res.took = time.Since(start)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var ok, up, sub []time.Duration
	distinct := map[string]bool{}
	for i := range phones {
		if failed[i] != "" {
			res.failed++
			if res.firstError == "" {
				res.firstError = failed[i]
			}
			continue
		}
		ok, up, sub = append(ok, times[i]), append(up, uploads[i]), append(sub, submits[i])
		distinct[receipts[i]] = true
	}
	res.completed, res.receipts = len(ok), len(distinct)
	res.perReport, res.upload, res.submit = percentilesOf(ok), percentilesOf(up), percentilesOf(sub)
	if res.failed > 0 {
		progress("%d web reports failed, the first: %s (server log: %s)", res.failed, res.firstError, srv.logName)
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.QueryRowContext(ctx, `SELECT count(*) FROM tips WHERE channel = 'web'`).Scan(&res.tips)
}

// bigUploadRun sends one 20 MB photo to a fresh server warmed by one whole
// report, and reads the server's resident memory before, at its peak during
// the upload, after it, and at its peak during that report's Submit.
func bigUploadRun(ctx context.Context, o options, dbURL string, keys []string, photo []byte, res *webResult) error {
	big, err := jpegOfSize(webBigBytes, 2)
	if err != nil {
		return err
	}
	srv, err := startWeb(ctx, o.bin, dbURL, keys)
	if err != nil {
		return err
	}
	defer srv.stop()
	c := webClient(0)
	warm := &webPhone{base: srv.public, c: c}
	if err := warm.fill(ctx); err != nil {
		return err
	}
	p := &webPhone{base: srv.public, c: c}
	if err := p.fill(ctx); err != nil {
		return err
	}
	time.Sleep(webMinFill + time.Second)
	body, ctype := uploadBody(warm.token, photo)
	if err := warm.send(ctx, http.MethodPost, "/r/evidence", ctype, bytes.NewReader(body), "evidence"); err != nil {
		return err
	}
	if _, err := warm.submit(ctx); err != nil {
		return err
	}
	time.Sleep(2 * time.Second)

	res.rssBefore = vmRSS(srv.pid)
	body, ctype = uploadBody(p.token, big)
	var upErr error
	res.rssUpload, res.peakExact, res.bigUpload = peakDuring(srv.pid, func() {
		upErr = p.send(ctx, http.MethodPost, "/r/evidence", ctype, bytes.NewReader(body), "evidence")
	})
	if upErr != nil {
		return fmt.Errorf("the 20 MB upload: %w", upErr)
	}
	if strings.Contains(p.page, `class="err"`) {
		return fmt.Errorf("the 20 MB photo was refused (server log: %s)", srv.logName)
	}
	time.Sleep(time.Second)
	res.rssAfterUpload = vmRSS(srv.pid)
	var subErr error
	res.rssSubmit, _, res.bigSubmit = peakDuring(srv.pid, func() { _, subErr = p.submit(ctx) })
	if subErr != nil {
		return fmt.Errorf("the 20 MB report's Submit: %w", subErr)
	}
	return nil
}

// peakDuring runs f and returns the process's peak resident memory while it
// ran, in kB: VmHWM after resetting it through clear_refs when the kernel
// allows (exact), else the highest VmRSS sampled every 5 ms.
func peakDuring(pid int, f func()) (peak int64, exact bool, took time.Duration) {
	exact = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0) == nil
	done := make(chan struct{})
	var sampled sync.WaitGroup
	sampled.Add(1)
	go func() {
		defer sampled.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, vmRSS(pid))
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	start := time.Now()
	f()
	took = time.Since(start)
	close(done)
	sampled.Wait()
	if exact {
		peak = max(peak, procStatus(pid, "VmHWM:"))
	}
	return peak, exact, took
}

// startWeb starts the web report alone on its public listener, its per-client
// limits out of the way (the run is many reports from few addresses) and
// web.min_fill at webMinFill.
func startWeb(ctx context.Context, bin, dbURL string, keys []string) (*server, error) {
	return startServe(ctx, bin, dbURL, keys, "web", func(s *server) string { return s.public + "/r/" },
		"TIPLINE_WEB_MIN_FILL="+webMinFill.String(), "TIPLINE_WEB_REPORTS_PER_DAY=1000000",
		"TIPLINE_WEB_UPLOADS_PER_HOUR=1000000", "TIPLINE_WEB_CHECKS_PER_HOUR=1000000",
		"TIPLINE_LIMITS_TIPS_PER_DAY=1000000")
}

// webClient is an HTTP client connecting from the loopback address
// 127.0.1.(1+i%webAddrs): the phones of a run are many clients to the
// server's per-client limits, as a city's are. Redirects are not followed
// here: a phone reads where it is sent (webPhone.send).
func webClient(i int) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 1, byte(1+i%webAddrs))}}
	return &http.Client{
		Timeout:       2 * time.Minute,
		Transport:     &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

var (
	webToken   = regexp.MustCompile(`name="ft" value="([^"]+)"`)
	webPage    = regexp.MustCompile(`data-page="([a-z_]+)"`)
	webReceipt = regexp.MustCompile(`id="code" class="code" value="([0-9A-Z-]+)"`)
)

// webPhone is one report in progress: its draft cookie and the form token of
// the last page it read.
type webPhone struct {
	base   string
	c      *http.Client
	cookie string
	token  string
	page   string
}

// send makes one request and checks that it led to the page want (a
// redirect is followed once, as a browser does after a POST).
func (p *webPhone) send(ctx context.Context, method, path, ctype string, body io.Reader, want string) error {
	req, err := http.NewRequestWithContext(ctx, method, p.base+path, body)
	if err != nil {
		return err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if p.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "tipline_draft", Value: p.cookie})
	}
	res, err := p.c.Do(req)
	if err != nil {
		return err
	}
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "tipline_draft" {
			p.cookie = ck.Value
		}
	}
	p.page = string(page)
	if m := webToken.FindStringSubmatch(p.page); m != nil {
		p.token = m[1]
	}
	if res.StatusCode == http.StatusSeeOther {
		return p.send(ctx, http.MethodGet, res.Header.Get("Location"), "", nil, want)
	}
	got := ""
	if m := webPage.FindStringSubmatch(p.page); m != nil {
		got = m[1]
	}
	if res.StatusCode != http.StatusOK || got != want {
		return fmt.Errorf("%s %s: %s, page %q, want %q", method, path, res.Status, got, want)
	}
	return nil
}

func (p *webPhone) post(ctx context.Context, path string, form url.Values, want string) error {
	form.Set("ft", p.token)
	return p.send(ctx, http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()), want)
}

// fill walks the text steps of a report to its evidence step.
func (p *webPhone) fill(ctx context.Context) error {
	if err := p.send(ctx, http.MethodGet, "/r/", "", nil, "start"); err != nil {
		return err
	}
	for _, s := range []struct {
		path string
		form url.Values
		next string
	}{
		{"/r/category", url.Values{"category": {"selling"}}, "where"},
		{"/r/where", url.Values{"area": {"dongshan"}, "place": {"东山街道菜市场后门"}}, "when"},
		{"/r/when", url.Values{"occurred": {"today"}}, "description"},
		{"/r/description", url.Values{"description": {"东山街道菜市场后门有人卖冰毒，每天晚上八点出现，开一辆白色面包车。"}}, "evidence"},
	} {
		if err := p.post(ctx, s.path, s.form, s.next); err != nil {
			return err
		}
	}
	return nil
}

// submit sends the report and returns the receipt its page shows.
func (p *webPhone) submit(ctx context.Context) (string, error) {
	if err := p.post(ctx, "/r/submit", url.Values{}, "receipt"); err != nil {
		return "", err
	}
	m := webReceipt.FindStringSubmatch(p.page)
	if m == nil {
		return "", errors.New("no receipt on the receipt page")
	}
	return m[1], nil
}

// uploadBody is the evidence form with one photo.
func uploadBody(token string, photo []byte) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("ft", token)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="files"; filename="IMG_2001.jpg"`)
	h.Set("Content-Type", "image/jpeg")
	w, _ := mw.CreatePart(h)
	_, _ = w.Write(photo)
	_ = mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// jpegOfSize is a real JPEG of noise (which compresses about as little as a
// photo's detail does) of exactly size bytes: encoded a little smaller, then
// padded with comment segments before its end, which the cleaner removes.
func jpegOfSize(size int, seed uint64) ([]byte, error) {
	rng := mrand.New(mrand.NewPCG(seed, 99))
	encode := func(side int) ([]byte, error) {
		img := image.NewRGBA(image.Rect(0, 0, side*4/3, side))
		for i := range img.Pix {
			img.Pix[i] = byte(rng.UintN(64)) + 96
		}
		var buf bytes.Buffer
		err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
		return buf.Bytes(), err
	}
	sample, err := encode(192)
	if err != nil {
		return nil, err
	}
	perPixel := float64(len(sample)) / (256 * 192)
	side := int(math.Sqrt(float64(size) * 0.93 / perPixel * 3 / 4))
	var out []byte
	for {
		if out, err = encode(side); err != nil {
			return nil, err
		}
		if len(out) <= size-4 {
			break
		}
		side = side * 95 / 100
	}
	body := append([]byte{}, out[:len(out)-2]...) // without its end marker
	for pad := size - len(out); pad > 0; {
		n := min(pad, 65535+2)
		if pad-n > 0 && pad-n < 4 {
			n -= 4 // leave room for one more segment
		}
		seg := make([]byte, n)
		seg[0], seg[1] = 0xFF, 0xFE
		seg[2], seg[3] = byte((n-2)>>8), byte(n-2)
		_, _ = rand.Read(seg[4:])
		body = append(body, seg...)
		pad -= n
	}
	return append(body, 0xFF, 0xD9), nil
}

// rawAttachmentRate is how many single-row INSERTs of a 200 KB attachment row
// the server commits per second over conns connections, into a copy of
// attachments with its indexes: the least a web report with a photo writes.
//
// It connects as the server does (pgconn: []byte parameters sent binary), and
// the copy takes the columns' storage with LIKE, so the baseline writes the
// bytes the way a report does.
func rawAttachmentRate(ctx context.Context, dbURL string, conns int, d time.Duration) (float64, error) {
	db, err := pgconn.Open(dbURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(conns)
	if _, err := db.ExecContext(ctx, `CREATE TABLE bench_raw_attachments (LIKE attachments INCLUDING ALL)`); err != nil {
		return 0, fmt.Errorf("unable to create the raw insert table: %w", err)
	}
	defer db.Exec(`DROP TABLE IF EXISTS bench_raw_attachments`)
	data := make([]byte, webPhotoBytes)
	_, _ = rand.Read(data)
	sum := make([]byte, 32)
	return insertsPerSecond(ctx, conns, d, func(n int64) error {
		_, err := db.ExecContext(ctx, `INSERT INTO bench_raw_attachments (tip_id, kind, mime, size_bytes, sha256_original, clean_status, data)
			VALUES ($1, 'image', 'image/jpeg', $2, $3, 'cleaned', $4)`, n, len(data), sum, data)
		return err
	})
}

// procStatus is a kB field of /proc/<pid>/status, 0 when unreadable.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// rows are the web report's rows of the table.
func (w *webResult) rows() []row {
	mb := func(kb int64) float64 { return float64(kb) / 1024 }
	checks := "; nothing lost or doubled"
	if w.failed > 0 || w.tips != w.completed || w.receipts != w.completed {
		checks = fmt.Sprintf("; CHECKS FAILED: %d failed (%s), %d web tips stored and %d distinct receipts for %d reports completed",
			w.failed, w.firstError, w.tips, w.receipts, w.completed)
	}
	rate := w.throughput()
	peak := "the highest VmRSS sampled every 5 ms"
	if w.peakExact {
		peak = "VmHWM, reset just before"
	}
	growth := mb(w.rssUpload - w.rssBefore)
	return []row{
		{"raw PostgreSQL insert, 200 KB rows, 8 connections", fmt.Sprintf("%.0f rows/s", w.rawAttachments), "—",
			"single-row INSERT of a 200 KB attachment row, autocommit, into an empty copy of attachments with its indexes, 5 s: the least a web report with a photo writes"},
		{"web report submit", fmt.Sprintf("%.0f reports/s", rate), "≥ 100/s: " + judge(rate >= 100 && w.failed == 0),
			fmt.Sprintf("%.2f × raw 200 KB inserts; tipline serve --components web, %d reports from %d phones submitting at once, each its next when answered, from %d loopback addresses: the evidence form with a 200 KB JPEG, Submit and the receipt page, after the text steps were filled (%d reports in %.0f s)%s",
				ratio(rate, w.rawAttachments), w.reports, w.workers, min(webAddrs, w.reports), w.reports, w.prepared.Seconds(), checks)},
		{"web report submit latency", fmt.Sprintf("p95 %.1f ms", w.perReport.p95), "p95 < 100 ms: " + judge(w.perReport.n > 0 && w.perReport.p95 < 100),
			fmt.Sprintf("%s from the upload's start to the receipt page's last byte, %d phones at once; the upload alone p95 %.1f ms, Submit and receipt page p95 %.1f ms", w.perReport, w.workers, w.upload.p95, w.submit.p95)},
		{"server memory, 20 MB upload", fmt.Sprintf("+%.1f MB", growth), "< 30 MB: " + judge(w.rssUpload > 0 && growth < 30),
			fmt.Sprintf("VmRSS of a fresh tipline serve --components web warmed by one report: %.1f MB before, %.1f MB at the peak of one 20,000,000-byte JPEG's upload (%s; %.1f s), %.1f MB after; that report's Submit peaked at %.1f MB (+%.1f MB, %.1f s)",
				mb(w.rssBefore), mb(w.rssUpload), peak, w.bigUpload.Seconds(), mb(w.rssAfterUpload), mb(w.rssSubmit), mb(w.rssSubmit-w.rssBefore), w.bigSubmit.Seconds())},
	}
}
