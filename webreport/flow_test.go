package webreport

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The whole report, as a phone makes it, ends at a receipt that finds the tip;
// the tip is the web's, with both photos cleaned.
func TestReportToReceipt(t *testing.T) {
	b := setup(t)
	p := b.phone("", wechatAgent)
	p.report("有人每天晚上九点在东山街道某小区后门卖冰毒，开一辆白色面包车。", map[string][]byte{
		"IMG_0001.jpg": photoJPEG(t, 1, true),
		"IMG_0002.jpg": photoJPEG(t, 2, false),
	})
	if !strings.Contains(p.body, "东山街道某小区3栋后门") || !strings.Contains(p.body, "白色面包车") {
		t.Fatalf("the review does not show the report:\n%s", p.body)
	}
	b.wait(time.Minute)
	p.post("/r/submit", url.Values{})
	p.must("receipt", 200)
	code := p.receipt()

	if n := b.count(`SELECT count(*) FROM tips WHERE channel = 'web' AND contact_mode = 'code'`); n != 1 {
		t.Fatalf("%d web tips", n)
	}
	if n := b.count(`SELECT count(*) FROM attachments`); n != 2 {
		t.Fatalf("%d attachments", n)
	}
	var data [][]byte
	if err := b.db.Select(&data, `SELECT data FROM attachments`); err != nil {
		t.Fatal(err)
	}
	for _, d := range data {
		if bytes.Contains(d, []byte(gpsMarker)) {
			t.Fatal("a photo kept its EXIF")
		}
	}
	if n := b.count(`SELECT count(*) FROM intake_draft_files`); n != 0 {
		t.Fatalf("%d draft files left after submit", n)
	}

	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {strings.ToLower(strings.ReplaceAll(code, "-", " "))}})
	p.must("status_view", 200)
	if !strings.Contains(p.body, "已收到") {
		t.Fatalf("the status does not say received:\n%s", p.body)
	}
}
