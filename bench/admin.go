package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kinds of admin request, each a row of the table.
const (
	reqQueue     = "queue page"
	reqSearch    = "search"
	reqTip       = "tip page"
	reqDashboard = "dashboard"
	reqCampaigns = "campaigns page"
	reqLeaders   = "leaders' view"
)

type request struct {
	kind, path string
}

// adminResult is what the HTTP run measured.
type adminResult struct {
	requests             int
	workers              int
	took                 time.Duration
	byKind               map[string]percentiles
	dashboardByRange     map[string]percentiles
	rssStart             int64 // kB, ready and before any login
	rssIdle, rssPeak     int64
	rssEnd               int64
	errors               int
	firstError           string
	queueURLs, tipsAsked int
	rate                 int                    // requests a second of the timed run
	saturated            map[string]percentiles // by kind, from the closed loop
	// slowest is, by kind, the page whose median was the highest in the
	// timed run: a target "for any filter" is about it, not the mix.
	slowest map[string]slowPage
}

// slowPage is one page's address and median time.
type slowPage struct {
	path   string
	median float64 // ms
}

// slowestPages finds, for each kind, the path with the highest median time.
func slowestPages(reqs []request, times []time.Duration, failed []string) map[string]slowPage {
	byPath := map[request][]time.Duration{}
	for i, q := range reqs {
		if failed[i] == "" {
			byPath[q] = append(byPath[q], times[i])
		}
	}
	out := map[string]slowPage{}
	for q, ts := range byPath {
		if m := percentilesOf(ts).p50; m > out[q.kind].median {
			out[q.kind] = slowPage{path: q.path, median: m}
		}
	}
	return out
}

// openLoop releases reqs at rate a second and times each from its release.
func openLoop(ctx context.Context, c *client, reqs []request, rate int) ([]time.Duration, []string) {
	return releaseEvenly(ctx, len(reqs), rate, func(i int) error {
		_, err := c.get(ctx, reqs[i].path)
		return err
	})
}

// closedLoop sends reqs from workers clients, each sending its next request
// when answered.
func closedLoop(ctx context.Context, c *client, reqs []request, workers int) ([]time.Duration, []string) {
	return asFastAsAnswered(ctx, len(reqs), workers, func(i int) error {
		_, err := c.get(ctx, reqs[i].path)
		return err
	})
}

// measureAdmin starts `tipline serve --components admin` on the seeded
// database, logs in as a supervisor and sends a shuffled mix of queue pages
// (many filters, sorts and second pages), searches, tip pages and dashboards
// over loopback, timing each request to its last byte: first at o.rate
// requests a second (20 by default: a night shift of a dozen officers, each
// opening a page every half second, is fewer), then from o.workers clients as
// fast as answered, while sampling the server's resident memory.
func measureAdmin(ctx context.Context, o options, keys []string, r *report) error {
	password := randomHex(16)
	if _, err := tipline(ctx, o.bin, o.dbURL, keys, password+"\n", "officer", "add", "bench", "--role", "supervisor"); err != nil {
		if !strings.Contains(err.Error(), "exist") && !strings.Contains(err.Error(), "taken") {
			progress("officer add: %v; setting the password instead", err)
		}
		if _, err := tipline(ctx, o.bin, o.dbURL, keys, password+"\n", "officer", "passwd", "bench"); err != nil {
			return err
		}
		_, _ = tipline(ctx, o.bin, o.dbURL, keys, "", "officer", "enable", "bench")
	}

	srv, err := startServe(ctx, o.bin, o.dbURL, keys, "admin", func(s *server) string { return s.base + "/login" })
	if err != nil {
		return err
	}
	defer srv.stop()
	c := &client{base: srv.base, http: &http.Client{
		Timeout:       60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{MaxIdleConnsPerHost: 16},
	}}
	rssStart := vmRSS(srv.pid)
	if err := c.login(ctx, "bench", password); err != nil {
		return err
	}

	reqs, err := workload(ctx, o, c)
	if err != nil {
		return err
	}
	// Idle: logged in, warmed by one request to each distinct page but the
	// tip pages (see workload), then left alone.
	time.Sleep(2 * time.Second)
	pid := srv.pid
	res := &adminResult{rssStart: rssStart, requests: len(reqs), workers: o.workers, byKind: map[string]percentiles{}, dashboardByRange: map[string]percentiles{}}
	res.rssIdle = vmRSS(pid)

	stopSampling := make(chan struct{})
	var sampled sync.WaitGroup
	sampled.Add(1)
	go func() {
		defer sampled.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopSampling:
				return
			case <-t.C:
				res.rssPeak = max(res.rssPeak, vmRSS(pid))
			}
		}
	}()

	// First the latency at an office's load: requests released at o.rate a
	// second, evenly spaced, whatever the answers (an open loop), each timed
	// from its release, so time spent waiting for the server counts. Then the
	// same requests from o.workers clients as fast as answered: the server's
	// capacity, and its memory at it. Latency at that saturation is queueing
	// by construction, so it is reported beside, not judged.
	times, failed := openLoop(ctx, c, reqs, o.rate)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	start := time.Now()
	saturated, satFailed := closedLoop(ctx, c, reqs, o.workers)
	res.took = time.Since(start)
	res.rssEnd = vmRSS(pid)
	close(stopSampling)
	sampled.Wait()
	res.rssPeak = max(res.rssPeak, res.rssEnd)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	res.rate = o.rate
	res.saturated = map[string]percentiles{}
	sat := map[string][]time.Duration{}
	for i, q := range reqs {
		if satFailed[i] != "" {
			res.errors++
			if res.firstError == "" {
				res.firstError = satFailed[i]
			}
			continue
		}
		sat[q.kind] = append(sat[q.kind], saturated[i])
	}
	for k, ts := range sat {
		res.saturated[k] = percentilesOf(ts)
	}

	kinds := map[string][]time.Duration{}
	ranges := map[string][]time.Duration{}
	for i, q := range reqs {
		if failed[i] != "" {
			res.errors++
			if res.firstError == "" {
				res.firstError = failed[i]
			}
			continue
		}
		kinds[q.kind] = append(kinds[q.kind], times[i])
		if q.kind == reqDashboard {
			u, _ := url.Parse(q.path)
			rng := u.Query().Get("range")
			if rng == "" {
				rng = "today"
			}
			ranges[rng] = append(ranges[rng], times[i])
		}
	}
	for k, ts := range kinds {
		res.byKind[k] = percentilesOf(ts)
	}
	res.slowest = slowestPages(reqs, times, failed)
	for k, ts := range ranges {
		res.dashboardByRange[k] = percentilesOf(ts)
	}
	distinct := map[string]bool{}
	for _, q := range reqs {
		switch q.kind {
		case reqTip:
			res.tipsAsked++
		case reqQueue:
			distinct[q.path] = true
		}
	}
	res.queueURLs = len(distinct)
	r.admin = res
	if res.errors > 0 {
		progress("%d admin requests failed, the first: %s (server log: %s)", res.errors, res.firstError, srv.logName)
	}
	return nil
}

// workload is the shuffled list of requests: about 55% queue pages, 10%
// searches, 25% tip pages, 3% campaigns pages, 2% leaders' views and 5%
// dashboards, over every combination below.
func workload(ctx context.Context, o options, c *client) ([]request, error) {
	db, err := sql.Open("postgres", o.dbURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var officerID int64
	_ = db.QueryRowContext(ctx, `SELECT id FROM officers WHERE username = 'seed.officer1'`).Scan(&officerID)
	var tipIDs []int64
	rows, err := db.QueryContext(ctx, `SELECT id FROM tips TABLESAMPLE SYSTEM (1) WHERE kind = 'report' LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("unable to sample tips: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		tipIDs = append(tipIDs, id)
	}
	rows.Close()
	if len(tipIDs) == 0 {
		return nil, errors.New("no report tips to show")
	}

	monthAgo := time.Now().AddDate(0, -1, 0).Format("2006-01-02")
	weekAgo := time.Now().AddDate(0, 0, -7).Format("2006-01-02")
	officer := strconv.FormatInt(officerID, 10)
	queues := []string{
		"", "sort=newest", "sort=oldest", "sort=due",
		"state=all", "state=all&sort=newest", "state=new", "state=in_review&sort=due", "state=needs_info",
		"state=forwarded", "state=closed&sort=newest", "state=closed",
		"category=selling", "area=meiqiao&sort=newest", "category=drug_driving&area=yutang&state=all",
		"category=cultivation&area=jinsou&priority=1", "priority=1", "priority=2&sort=newest",
		"overdue=1", "overdue=1&sort=due", "assignee=none&state=new", "assignee=" + officer,
		"assignee=" + officer + "&state=all&sort=newest", "mine=1",
		"from=" + monthAgo + "&sort=newest&state=all", "from=" + monthAgo + "&category=use&area=dongshan&state=all",
		"from=" + weekAgo + "&to=" + time.Now().Format("2006-01-02"), "state=all&category=manufacturing&sort=oldest",
	}
	searches := []string{"冰毒", "梅桥 冰毒", "海洛因&sort=newest", "零包 东山", "KTV", "meth", "heroin bus station",
		"麻古&category=selling&sort=newest", "可卡因&state=all", "老四 出租屋&state=all"}

	var queuePaths []string
	for _, q := range queues {
		p := "/queue"
		if q != "" {
			p += "?" + q
		}
		queuePaths = append(queuePaths, p)
		// The second page of each: a cursor must cost what the first page does.
		body, err := c.get(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("queue page %s: %w", p, err)
		}
		if next := nextPage.FindStringSubmatch(body); next != nil {
			queuePaths = append(queuePaths, html.UnescapeString(next[1]))
		}
	}
	var searchPaths []string
	for _, s := range searches {
		q, rest, _ := strings.Cut(s, "&")
		p := "/queue?q=" + url.QueryEscape(q)
		if rest != "" {
			p += "&" + rest
		}
		searchPaths = append(searchPaths, p)
	}
	dash := []string{"/dashboard", "/dashboard?range=7", "/dashboard?range=30"}
	yearAgo := time.Now().AddDate(-1, 0, 0).Format("2006-01-02")
	campaignPages := []string{"/campaigns", "/campaigns?from=" + monthAgo + "&to=" + time.Now().Format("2006-01-02"),
		"/campaigns?from=" + yearAgo + "&to=" + time.Now().Format("2006-01-02")}
	leaderPages := []string{"/leaders", "/leaders?preset=90", "/leaders?preset=year&sort=actioned"}
	// A server that has been running: each search and dashboard asked once
	// before the measurement, as each queue filter was just above. Tip pages
	// are random tips, so most are read cold.
	for _, p := range slices.Concat(searchPaths, dash, campaignPages, leaderPages) {
		if _, err := c.get(ctx, p); err != nil {
			return nil, fmt.Errorf("warming %s: %w", p, err)
		}
	}

	rng := mrand.New(mrand.NewPCG(7, 11))
	n := o.requests
	var reqs []request
	for i := range n * 55 / 100 {
		reqs = append(reqs, request{reqQueue, queuePaths[i%len(queuePaths)]})
	}
	for i := range n * 10 / 100 {
		reqs = append(reqs, request{reqSearch, searchPaths[i%len(searchPaths)]})
	}
	for range n * 25 / 100 {
		reqs = append(reqs, request{reqTip, fmt.Sprintf("/tips/%d", tipIDs[rng.IntN(len(tipIDs))])})
	}
	for i := range n * 3 / 100 {
		reqs = append(reqs, request{reqCampaigns, campaignPages[i%len(campaignPages)]})
	}
	for i := range n * 2 / 100 {
		reqs = append(reqs, request{reqLeaders, leaderPages[i%len(leaderPages)]})
	}
	for i := range n - len(reqs) {
		reqs = append(reqs, request{reqDashboard, dash[i%len(dash)]})
	}
	rng.Shuffle(len(reqs), func(i, j int) { reqs[i], reqs[j] = reqs[j], reqs[i] })
	return reqs, nil
}

var nextPage = regexp.MustCompile(`href="(/queue\?[^"]*after=[^"]*)"`)

// client is one logged-in officer's browser, shared by the workers.
type client struct {
	base   string
	http   *http.Client
	cookie *http.Cookie
}

// login posts the form as the browser would from the login page itself: the
// Origin matches the host and Sec-Fetch-Site says same-origin, which is what
// the cross-origin protection admits.
func (c *client) login(ctx context.Context, username, password string) error {
	form := url.Values{"username": {username}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		return fmt.Errorf("login refused: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "tipline_session" {
			c.cookie = ck
		}
	}
	if c.cookie == nil {
		return errors.New("login: no session cookie")
	}
	return nil
}

// get fetches a page to its last byte; anything but 200 is an error.
func (c *client) get(ctx context.Context, path string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return "", err
	}
	req.AddCookie(c.cookie)
	resp, err := c.http.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: %s %s", path, resp.Status, resp.Header.Get("Location"))
	}
	return string(body), nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// vmRSS is the process's resident set in kB, 0 when unreadable.
func vmRSS(pid int) int64 { return procStatus(pid, "VmRSS:") }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
