package chat

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/tipline/tipline/bot/botapi"
)

// An officer's image goes to the reporter as a file with a caption in their
// language; a row without bytes is an error, never an empty file.
func TestRenderQuestionImage(t *testing.T) {
	f := setup(t)
	img := []byte{0xFF, 0xD8, 0xFF, 0xD9}
	payload, _ := json.Marshal(map[string]any{"locale": "zh-CN", "name": "image.jpg", "data": img})
	r, err := f.conv.Render("dialogue_image", payload)
	if err != nil || r.Method != botapi.SendDocument || !bytes.Equal(r.Document, img) || r.DocumentName != "image.jpg" ||
		r.Text != "办案人员随下面的问题附上这张图片。" {
		t.Fatalf("image: %+v %v", r, err)
	}
	empty, _ := json.Marshal(map[string]any{"locale": "en", "name": "image.jpg"})
	if _, err := f.conv.Render("dialogue_image", empty); err == nil {
		t.Fatal("an image without bytes rendered")
	}
}
