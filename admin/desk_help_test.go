package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// A counsellor is told on every page what help questions wait, and closes one
// in the words of help; the enforcement roles see neither.
func TestCounsellorsHelpDesk(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor", "counsellor")
	help := b.submit(queue.KindHelp, "我想戒掉,该怎么办?")
	report := b.submit(queue.KindReport, "东山街道网吧门口有人卖零包。")
	counsellor := b.login("counsellor")

	_, page := b.get(counsellor, "/account/password")
	if !strings.Contains(page, `id="help-waiting"`) || !strings.Contains(page, translate("zh-CN", "help.waiting", 1, 0)) {
		t.Fatal("a counsellor's page does not say a help question waits")
	}
	for _, role := range []string{"officer", "supervisor"} {
		c := b.login(role)
		for _, path := range []string{"/queue", "/account/password", "/tips/" + strconv.FormatInt(report, 10)} {
			if _, page := b.get(c, path); strings.Contains(page, `help-waiting`) || strings.Contains(page, "待处理求助") {
				t.Fatalf("%s's %s speaks of help questions", role, path)
			}
		}
	}

	tipPath := "/tips/" + strconv.FormatInt(help, 10)
	if res := b.post(counsellor, tipPath+"/claim", url.Values{"version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("claim: %d", res.StatusCode)
	}
	_, page = b.get(counsellor, tipPath)
	for _, res := range queue.HelpResolutions {
		if !strings.Contains(page, `<option value="`+string(res)+`">`) {
			t.Errorf("the close form offers no %s", res)
		}
	}
	for _, res := range []queue.Resolution{queue.Actioned, queue.Unfounded, queue.OutOfScope} {
		if strings.Contains(page, `<option value="`+string(res)+`">`) {
			t.Errorf("a help question's close form offers %s", res)
		}
	}
	b.post(counsellor, tipPath+"/close", url.Values{"version": {"2"}, "resolution": {string(queue.NoReply)}})
	tip, err := b.queue.Get(t.Context(), help)
	if err != nil {
		t.Fatal(err)
	}
	if tip.Resolution == nil || *tip.Resolution != queue.NoReply {
		t.Fatalf("closed as %v, want no_reply", tip.Resolution)
	}
	if _, page := b.get(counsellor, tipPath); !strings.Contains(page, "求助人未回复") {
		t.Fatal("the closed help question does not name its resolution")
	}
}
