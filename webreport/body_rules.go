package webreport

import (
	"net/http"

	"github.com/tipline/tipline/bodycap"
)

// BodyRules are what the routes of the web report may send, for the
// listener's body cap (which must be the outermost handler): small forms
// everywhere, files only where evidence is taken, at most a report's worth.
// A refusal is the web report's own page, in the reader's language.
func (s *Server) BodyRules() []bodycap.Rule {
	h := s.h
	refuse := func(key string) func(w http.ResponseWriter, r *http.Request, status int) {
		return func(w http.ResponseWriter, r *http.Request, status int) {
			h.secureHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.problem(w, r, status, key)
			})).ServeHTTP(w, r)
		}
	}
	rules := []bodycap.Rule{{Pattern: "/r/", MaxBytes: formBytes, Refuse: refuse("error.too_large")}}
	for _, p := range UploadRoutes {
		rules = append(rules, bodycap.Rule{Pattern: "POST " + p, MaxBytes: h.uploadBytes(), Multipart: true,
			Refuse: refuse("evidence.request_too_large")})
	}
	return rules
}
