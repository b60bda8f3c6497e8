package admin

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/queue"
)

// TestChannelOnQueueTipAndDashboard: officers filter the queue by channel,
// read a tip's channel on its page, and the dashboard's counts by channel are
// the day's reports as SQL counts them, in both languages (and its areas are
// named, "not sure" too).
func TestChannelOnQueueTipAndDashboard(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor")
	submit := func(channel string, kind queue.Kind, area string) int64 {
		sub := queue.Submission{
			Kind: kind, Channel: channel, ReporterRef: anon.Ref(sha256.Sum256([]byte("channel " + strconv.FormatInt(refCounter.Add(1), 10)))),
			Locale: "zh-CN", Category: "selling", AreaCode: area, Occurred: queue.OccurredToday,
			Description: "东山街道网吧门口有人卖零包。", ContactMode: queue.ContactCode,
		}
		if kind == queue.KindHelp {
			sub.Category, sub.AreaCode = queue.SelfHelpCategory, ""
		}
		id, _, err := b.queue.Submit(t.Context(), b.db, sub)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	var telegram, web []int64
	for range 3 {
		telegram = append(telegram, submit("telegram", queue.KindReport, "dongshan"))
	}
	web = append(web, submit("web", queue.KindReport, "dongshan"), submit("web", queue.KindReport, queue.AreaUnknown))
	submit("web", queue.KindHelp, "")
	link := func(id int64) string { return `href="/tips/` + strconv.FormatInt(id, 10) + `"` }

	o := b.login("officer")
	_, page := b.get(o, "/queue?channel=web")
	for _, id := range web {
		if !strings.Contains(page, link(id)) {
			t.Errorf("the web filter leaves out web report #%d", id)
		}
	}
	for _, id := range telegram {
		if strings.Contains(page, link(id)) {
			t.Errorf("the web filter lists Telegram report #%d", id)
		}
	}
	if !strings.Contains(page, `<option value="web" selected>网页举报</option>`) {
		t.Error("the queue's filter does not offer the web channel, chosen")
	}
	if res, body := b.get(o, "/queue?channel=wechat"); res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "渠道") {
		t.Errorf("an unknown channel: %d, want a 400 naming 渠道", res.StatusCode)
	}
	if _, page := b.get(o, "/tips/"+strconv.FormatInt(web[0], 10)); !strings.Contains(page, "<dt>渠道</dt><dd>网页举报</dd>") {
		t.Error("the tip page does not say the tip came through the web")
	}
	if _, page := b.get(o, "/tips/"+strconv.FormatInt(web[1], 10)); !strings.Contains(page, "<dd>地点不确定</dd>") {
		t.Error("the tip page does not name the area the reporter was not sure of")
	}
	// A web report's ref is random: no tag to tell its reporter by, nothing to block.
	if _, page := b.get(b.login("supervisor"), "/tips/"+strconv.FormatInt(web[0], 10)); !strings.Contains(page, "网页举报不关联举报人") || strings.Contains(page, "/block") {
		t.Error("a web report shows a reporter tag or a block form")
	}
	if _, page := b.get(o, "/tips/"+strconv.FormatInt(telegram[0], 10)); !reporterTag.MatchString(page) {
		t.Error("a Telegram report lost its reporter tag")
	}

	var want []queue.Count
	if err := b.db.Select(&want, `
		SELECT channel AS key, count(*) AS n FROM tips WHERE kind = 'report' AND created_at >= $1
		 GROUP BY channel ORDER BY channel`, todayStart(b)); err != nil {
		t.Fatal(err)
	}
	if len(want) != 2 || want[0].N != 3 || want[1].N != 2 {
		t.Fatalf("the fixture is not what the test means: %v", want)
	}
	s := b.login("supervisor")
	for _, lang := range []struct {
		locale, head, unknown string
		names                 map[string]string
	}{
		{"zh-CN", "新收线索（按渠道）", "地点不确定", map[string]string{"telegram": "Telegram", "web": "网页举报"}},
		{"en", "New tips by channel", "Place not sure", map[string]string{"telegram": "Telegram", "web": "Web"}},
	} {
		b.post(s, "/account/locale", url.Values{"locale": {lang.locale}, "back": {"/dashboard"}})
		_, page := b.get(s, "/dashboard")
		_, section, ok := strings.Cut(page, `<h2 id="h-channels">`+lang.head+`</h2>`)
		if !ok {
			t.Fatalf("%s: the dashboard has no counts by channel", lang.locale)
		}
		if !strings.Contains(page, ">"+lang.unknown+"</text>") {
			t.Errorf("%s: the dashboard does not name the area a reporter was not sure of", lang.locale)
		}
		section, _, _ = strings.Cut(section, "</ul>")
		for _, c := range want {
			name := lang.names[c.Key]
			row := regexp.MustCompile(`<li>` + regexp.QuoteMeta(name) + ` <b>(\d+)</b></li>`)
			m := row.FindStringSubmatch(section)
			if m == nil || m[1] != fmt.Sprint(c.N) {
				t.Errorf("%s: the dashboard's %s count is %v, SQL counts %d", lang.locale, name, m, c.N)
			}
		}
	}
}

// todayStart is the start of the dashboard's "today" in the office's time zone.
func todayStart(b *bundle) time.Time {
	n := time.Now().In(b.cfg.Location)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, b.cfg.Location)
}
