package admin

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/internal/evidencetest"
	"github.com/tipline/tipline/queue"
)

// TestQuestionWithAnImage: an officer's question may carry one image, which
// is cleaned of what names its taker before it is kept or sent; a file that
// is not an image is refused and no question goes.
func TestQuestionWithAnImage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	id := b.submit(queue.KindReport, "东山街道有人卖零包")
	path := "/tips/" + strconv.FormatInt(id, 10)
	b.post(c, path+"/claim", map[string][]string{"version": {"1"}})
	ask := func(file string, data []byte) *http.Response {
		t.Helper()
		tip, err := b.queue.Get(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("version", strconv.Itoa(tip.Version))
		_ = mw.WriteField("body", "是这辆车吗？")
		fw, _ := mw.CreateFormFile("image", file)
		_, _ = fw.Write(data)
		_ = mw.Close()
		req, _ := http.NewRequest(http.MethodPost, b.srv.URL+path+"/ask", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := ask("notes.txt", []byte("not an image")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a text file: %d", res.StatusCode)
	}
	var n int
	if err := b.db.Get(&n, `SELECT count(*) FROM dialogue WHERE tip_id = $1`, id); err != nil || n != 0 {
		t.Fatal("a question went with a refused file")
	}
	if res := ask("车.jpg", evidencetest.CommentedJPEG(t, "Officer Wang, Xiangxiang PSB")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an image: %d", res.StatusCode)
	}
	var data []byte
	if err := b.db.Get(&data, `SELECT a.data FROM attachments a JOIN dialogue d ON d.id = a.dialogue_id
		WHERE d.tip_id = $1 AND d.direction = 'to_reporter'`, id); err != nil {
		t.Fatalf("the question's image was not kept: %v", err)
	}
	if bytes.Contains(data, []byte("Officer Wang")) || !bytes.HasPrefix(data, []byte{0xFF, 0xD8}) {
		t.Error("the image was kept uncleaned, or is not the JPEG")
	}
	_, page := b.get(c, path)
	if !strings.Contains(page, `enctype="multipart/form-data"`) && strings.Contains(page, `action="`+path+`/ask"`) {
		t.Error("the ask form cannot send an image")
	}
}
