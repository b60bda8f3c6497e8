package webreport

import (
	"crypto/sha256"
	"net/url"
	"strings"
	"testing"

	"github.com/tipline/tipline/internal/evidencetest"
	"github.com/tipline/tipline/queue"
)

// TestQuestionImageOnTheStatusPage: the image an officer sent with a
// question shows with it on the status page, inline, with no address that
// could carry the grant.
func TestQuestionImageOnTheStatusPage(t *testing.T) {
	b := setup(t)
	p := b.phone("", "")
	code := p.submitted("有人在东山街道某小区后门卖冰毒，每天晚上九点左右出现。", nil)
	tip := b.tipOf(code)
	duty := b.officer()
	if _, err := b.queue.Claim(t.Context(), duty, tip, 0); err != nil {
		t.Fatal(err)
	}
	img := evidencetest.CommentedJPEG(t, "")
	if _, err := b.queue.AskReporterWith(t.Context(), duty, tip, "是这辆车吗？", &queue.NewAttachment{Kind: "image", FileName: "image.jpg",
		MIME: "image/jpeg", Size: int64(len(img)), SHA256: sha256.Sum256(img), CleanStatus: "cleaned", Data: img}, 0); err != nil {
		t.Fatal(err)
	}
	p.get("/r/status")
	p.post("/r/status", url.Values{"receipt": {code}})
	p.must("status_view", 200)
	if !strings.Contains(p.body, `<img class="from-officer" src="data:image/jpeg;base64,`) {
		t.Fatalf("the question's image is not on the page:\n%s", p.body)
	}
}
