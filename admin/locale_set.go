package admin

import (
	"net/http"
	"net/url"
	"strings"
)

func (h *handler) setLocale(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	loc := r.PostFormValue("locale")
	if loc != "en" {
		loc = "zh-CN"
	}
	if err := h.officers.SetLocale(r.Context(), o.ID, loc); err != nil {
		h.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, localPath(r.PostFormValue("back")), http.StatusSeeOther)
}

// localPath keeps redirects on this site: only absolute paths, never "//host".
func localPath(p string) string {
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, "\\") {
		return "/"
	}
	return u.RequestURI()
}
