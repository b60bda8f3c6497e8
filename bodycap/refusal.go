package bodycap

import (
	"fmt"
	"html"
	"net/http"
	"strings"
)

// refusals are the default answers, in Chinese and English; they say what was
// refused and what to do, and nothing of what was sent.
var refusals = map[string]map[int]string{
	"zh-CN": {
		http.StatusBadRequest:            "提交的内容无法读取，未被接收。请重新提交。",
		http.StatusRequestEntityTooLarge: "提交的内容太大，未被接收。请删减内容或换用较小的文件后重试。",
		http.StatusUnsupportedMediaType:  "此处不能上传文件，提交未被接收。",
	},
	"en": {
		http.StatusBadRequest:            "The submission could not be read and was not accepted. Please send it again.",
		http.StatusRequestEntityTooLarge: "The submission is too large and was not accepted. Shorten it or use a smaller file, then try again.",
		http.StatusUnsupportedMediaType:  "Files cannot be sent here; the submission was not accepted.",
	},
}

var refusalTitle = map[string]string{"zh-CN": "未被接收", "en": "Not accepted"}

// writeRefusal answers status with a page in the client's language: English if
// it asks for it (the admin's language cookie, or the browser's first choice),
// else Chinese.
func writeRefusal(w http.ResponseWriter, r *http.Request, status int) {
	lang := "zh-CN"
	if c, err := r.Cookie("tipline_lang"); (err == nil && c.Value == "en") || strings.HasPrefix(r.Header.Get("Accept-Language"), "en") {
		lang = "en"
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!doctype html>\n<html lang=\"%s\"><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"+
		"<title>%s</title>\n<p>%s</p>\n", lang, refusalTitle[lang], html.EscapeString(refusals[lang][status]))
}
