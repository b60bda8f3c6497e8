package admin

import (
	"crypto/sha256"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/queue"
)

// submitAs files a tip of one reporter, as the bot would; the error is the
// queue's (ErrBlocked for a blocked reporter).
func (b *bundle) submitAs(ref anon.Ref, kind queue.Kind, description string) (int64, error) {
	b.t.Helper()
	sub := queue.Submission{
		Kind: kind, ReporterRef: ref, Locale: "zh-CN", Category: "selling", AreaCode: "dongshan",
		Occurred: queue.OccurredToday, Description: description, ContactMode: queue.ContactCode,
	}
	if kind == queue.KindHelp {
		sub.Category, sub.AreaCode = queue.SelfHelpCategory, ""
	}
	id, _, err := b.queue.Submit(b.t.Context(), b.db, sub)
	return id, err
}

var reporterTag = regexp.MustCompile(`<code title="[^"]*">([0-9a-f]+)</code>`)

// tagOn reads the reporter tag a tip page shows, and whether it says blocked.
func (b *bundle) tagOn(c *http.Client, id int64) (tag string, blocked bool) {
	b.t.Helper()
	res, body := b.get(c, "/tips/"+strconv.FormatInt(id, 10))
	m := reporterTag.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		b.t.Fatalf("tip %d: %d, no reporter tag", id, res.StatusCode)
	}
	return m[1], regexp.MustCompile(`class="late">(已屏蔽|Blocked)<`).MatchString(body)
}

// TestReporterTagAndBlockPerAudience: one person's report and help question
// carry tags that cannot be matched across the two roles, and a block holds
// only in the audience of the role that made it.
func TestReporterTagAndBlockPerAudience(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor", "counsellor")
	ref := anon.Ref(sha256.Sum256([]byte("one person who reports and asks for help")))
	report, err := b.submitAs(ref, queue.KindReport, "东山街道网吧门口有人卖零包。")
	if err != nil {
		t.Fatal(err)
	}
	help, err := b.submitAs(ref, queue.KindHelp, "我想戒掉,该怎么办?")
	if err != nil {
		t.Fatal(err)
	}
	officer, supervisor, counsellor := b.login("officer"), b.login("supervisor"), b.login("counsellor")

	enforcementTag, _ := b.tagOn(officer, report)
	helpTag, _ := b.tagOn(counsellor, help)
	if enforcementTag == helpTag {
		t.Fatalf("officers and counsellors see the same tag %s for one person", helpTag)
	}
	for _, tag := range []string{enforcementTag, helpTag} {
		if tag == ref.Short() {
			t.Fatalf("tag %s is the prefix of the stored reporter ref", tag)
		}
	}
	if again, _ := b.tagOn(supervisor, report); again != enforcementTag {
		t.Fatalf("the supervisor sees tag %s, the officer %s: one audience, one tag", again, enforcementTag)
	}
	// The tag still tells the person's own tips apart from another's, in each audience.
	report2, _ := b.submitAs(ref, queue.KindReport, "还是那个网吧,今晚又来了。")
	if tag, _ := b.tagOn(officer, report2); tag != enforcementTag {
		t.Fatalf("one reporter's two reports carry %s and %s", enforcementTag, tag)
	}

	// A supervisor's block refuses reports and leaves the help channel open.
	reportPath := "/tips/" + strconv.FormatInt(report, 10)
	if res := b.post(supervisor, reportPath+"/block", url.Values{"reason": {"刷屏"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("supervisor's block: %d", res.StatusCode)
	}
	if _, blocked := b.tagOn(officer, report); !blocked {
		t.Fatal("the report does not show its reporter blocked")
	}
	if _, blocked := b.tagOn(counsellor, help); blocked {
		t.Fatal("a supervisor's block shows on the help question")
	}
	if _, err := b.submitAs(ref, queue.KindReport, "又一条举报。"); !errors.Is(err, queue.ErrBlocked) {
		t.Fatalf("report after the supervisor's block: %v, want ErrBlocked", err)
	}
	help2, err := b.submitAs(ref, queue.KindHelp, "还是想问问戒断的事。")
	if err != nil {
		t.Fatalf("help question after the supervisor's block: %v", err)
	}

	// A counsellor's block refuses help questions only, and officers are not told.
	helpPath := "/tips/" + strconv.FormatInt(help2, 10)
	if res := b.post(counsellor, helpPath+"/block", url.Values{"reason": {"骚扰"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("counsellor's block: %d", res.StatusCode)
	}
	if _, blocked := b.tagOn(counsellor, help); !blocked {
		t.Fatal("the help question does not show the counsellor's block")
	}
	if _, err := b.submitAs(ref, queue.KindHelp, "再问一次。"); !errors.Is(err, queue.ErrBlocked) {
		t.Fatalf("help question after the counsellor's block: %v, want ErrBlocked", err)
	}
	if res := b.post(supervisor, reportPath+"/block", url.Values{"unblock": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("supervisor's unblock: %d", res.StatusCode)
	}
	if _, blocked := b.tagOn(officer, report); blocked {
		t.Fatal("after the supervisor's unblock, the report shows a block (the counsellor's)")
	}
	if _, err := b.submitAs(ref, queue.KindReport, "解除屏蔽后的举报。"); err != nil {
		t.Fatalf("report after the supervisor's unblock: %v", err)
	}
	if _, err := b.submitAs(ref, queue.KindHelp, "再问一次。"); !errors.Is(err, queue.ErrBlocked) {
		t.Fatalf("the supervisor's unblock lifted the counsellor's block: %v", err)
	}
}
