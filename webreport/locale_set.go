package webreport

import (
	"net/http"
	"slices"
)

// backPaths are the pages the language switch may return to: the pages a
// GET shows. A switch on a page reached by a POST returns to its form.
var backPaths = []string{"/r/", "/r/where", "/r/when", "/r/description", "/r/evidence", "/r/review", "/r/receipt", "/r/status"}

// setLocale switches the language with a link, which works without
// JavaScript. The cookie holds the language only.
func (h *handler) setLocale(w http.ResponseWriter, r *http.Request) {
	loc := "zh-CN"
	if r.URL.Query().Get("to") == "en" {
		loc = "en"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: loc, Path: "/r/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	back := r.URL.Query().Get("back")
	if !slices.Contains(backPaths, back) {
		back = "/r/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}
