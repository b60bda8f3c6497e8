package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestLabelsFromTheOperationsListAndFree: a label that names an operation is
// that operation (in either language), another word a free label; the queue
// filters by either, the export lists them, and a label comes off again.
func TestLabelsFromTheOperationsListAndFree(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "admin")
	a, c := b.login("admin"), b.login("officer")
	if res := b.post(a, "/operations", url.Values{"name_zh": {"净边2026"}, "name_en": {"Clean Border 2026"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("operation: %d", res.StatusCode)
	}
	labelled := b.submit(queue.KindReport, "梅桥镇有人网上卖冰毒")
	other := b.submit(queue.KindReport, "东山街道有人卖零包")
	path := "/tips/" + strconv.FormatInt(labelled, 10)
	for _, l := range []string{"clean border 2026", "  网络  贩毒 ", "网络 贩毒"} {
		if res := b.post(c, path+"/labels", url.Values{"label": {l}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("label %q: %d", l, res.StatusCode)
		}
	}
	b.post(c, path+"/labels", url.Values{"label": {strings.Repeat("长", 41)}})
	labels, err := b.queue.Labels(t.Context(), labelled)
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != 2 || labels[0].OperationID == nil || labels[0].NameZh != "净边2026" || labels[1].NameZh != "网络 贩毒" {
		t.Fatalf("labels %+v: want the operation, then one free label", labels)
	}
	_, body := b.get(c, path)
	if !strings.Contains(body, `class="label operation"`) || !strings.Contains(body, ">网络 贩毒</a>") {
		t.Error("the tip page does not show its labels")
	}

	for _, q := range []string{"净边2026", "Clean Border 2026", "网络 贩毒"} {
		_, list := b.get(c, "/queue?state=all&label="+url.QueryEscape(q))
		if !strings.Contains(list, `href="/tips/`+strconv.FormatInt(labelled, 10)+`"`) || strings.Contains(list, `href="/tips/`+strconv.FormatInt(other, 10)+`"`) {
			t.Errorf("label %q: the queue does not list just the labelled tip", q)
		}
	}
	_, csv := b.get(a, "/export.csv?state=all")
	if !strings.Contains(csv, "标签") || !strings.Contains(csv, "净边2026、网络 贩毒") {
		t.Errorf("the export does not list the labels:\n%s", csv)
	}

	b.post(c, path+"/labels/remove", url.Values{"key": {labels[1].Key()}})
	if labels, _ = b.queue.Labels(t.Context(), labelled); len(labels) != 1 {
		t.Errorf("after removing, labels %+v", labels)
	}
	if res := b.post(c, path+"/labels/remove", url.Values{"key": {"没有这个"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("removing a label the tip lacks: %d", res.StatusCode)
	}
}
