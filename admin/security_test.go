package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

func TestCrossOriginPostRefused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	id := b.submit(queue.KindReport, "有人在东山街道卖零包")

	req, _ := http.NewRequest(http.MethodPost, b.srv.URL+"/tips/"+strconv.FormatInt(id, 10)+"/claim", strings.NewReader("version=0"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin claim: %d, want 403", res.StatusCode)
	}
	tip, err := b.queue.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if tip.State != queue.StateNew || tip.AssigneeID != nil {
		t.Fatalf("cross-origin claim changed the tip: %s", tip.State)
	}
	// The same request from the same origin works.
	res = b.post(c, "/tips/"+strconv.FormatInt(id, 10)+"/claim", url.Values{"version": {"0"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("same-origin claim: %d", res.StatusCode)
	}
	if tip, _ := b.queue.Get(t.Context(), id); tip.State != queue.StateInReview {
		t.Fatalf("same-origin claim left state %s", tip.State)
	}
}

func TestSecurityHeadersAndEscaping(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	hostile := `<script>alert(1)</script><img src=x onerror=alert(2)> 卖零包 "quoted" 13800138000`
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...)
	id := b.submit(queue.KindReport, hostile,
		queue.NewAttachment{Kind: "image", FileName: "a.png", MIME: "image/png", Size: int64(len(png)), CleanStatus: "cleaned", Data: png},
		queue.NewAttachment{Kind: "document", FileName: "<b>x</b>.html", MIME: "text/html", Size: 5, CleanStatus: "uncleanable", Data: []byte("<h1>")})

	res, body := b.get(c, "/tips/"+strconv.FormatInt(id, 10))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("tip page: %d", res.StatusCode)
	}
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "frame-ancestors 'none'", "script-src 'self' 'nonce-", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline: %q", csp)
	}
	if res.Header.Get("Referrer-Policy") != "no-referrer" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("headers: %v", res.Header)
	}
	nonce := csp[strings.Index(csp, "'nonce-")+7:]
	nonce = nonce[:strings.Index(nonce, "'")]
	if !strings.Contains(body, `<script src="/static/app.js" nonce="`+nonce+`"`) {
		t.Error("page script does not carry the request's nonce")
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") {
		t.Fatal("hostile tip content rendered as HTML")
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatal("tip description not shown escaped")
	}
	if !strings.Contains(body, "无法清除元数据") || !strings.Contains(body, "已移除元数据") {
		t.Error("cleaning marks missing")
	}
	_, second := b.get(c, "/tips/"+strconv.FormatInt(id, 10))
	if strings.Contains(second, nonce) {
		t.Error("nonce reused across requests")
	}

	atts, err := b.queue.Attachments(t.Context(), id)
	if err != nil || len(atts) != 2 {
		t.Fatalf("attachments: %v %v", atts, err)
	}
	for _, a := range atts {
		res, _ := b.get(c, "/tips/"+strconv.FormatInt(id, 10)+"/attachments/"+strconv.FormatInt(a.ID, 10))
		disp := res.Header.Get("Content-Disposition")
		switch a.MIME {
		case "image/png":
			if !strings.HasPrefix(disp, "inline") || res.Header.Get("Content-Type") != "image/png" {
				t.Errorf("image served as %q %q", res.Header.Get("Content-Type"), disp)
			}
		default:
			if !strings.HasPrefix(disp, "attachment") {
				t.Errorf("%s served %q, want attachment", a.MIME, disp)
			}
		}
	}
	var views int
	if err := b.db.Get(&views, `SELECT count(*) FROM audit_log WHERE action = 'tip.view' AND tip_id = $1`, id); err != nil || views != 2 {
		t.Fatalf("tip views audited: %d %v", views, err)
	}
}
