package webreport

import (
	"io/fs"
	"net/http"

	"github.com/tipline/tipline/intake"
)

// formBytes bounds a form without files: the longest description in
// percent-encoded UTF-8 is well under it.
const formBytes = 256 << 10

func (h *handler) routeTable() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"GET /r/{$}":              h.showStep(intake.StepCategory),
		"POST /r/category":        capBody(formBytes, h.saveStep(intake.StepCategory, h.saveCategory)),
		"GET /r/where":            h.showStep(intake.StepArea),
		"POST /r/where":           capBody(formBytes, h.saveStep(intake.StepArea, h.saveWhere)),
		"GET /r/when":             h.showStep(intake.StepOccurred),
		"POST /r/when":            capBody(formBytes, h.saveStep(intake.StepOccurred, h.saveWhen)),
		"GET /r/description":      h.showStep(intake.StepDescription),
		"POST /r/description":     capBody(formBytes, h.saveStep(intake.StepDescription, h.saveDescription)),
		"GET /r/evidence":         h.showStep(intake.StepEvidence),
		"POST /r/evidence":        h.uploadEvidence,
		"POST /r/evidence/remove": capBody(formBytes, h.removeEvidence),
		"POST /r/evidence/decide": capBody(formBytes, h.decideEvidence),
		"GET /r/review":           h.showStep(intake.StepReview),
		"POST /r/submit":          capBody(formBytes, h.submitReport),
		"GET /r/receipt":          h.showReceipt,
		"POST /r/receipt/done":    capBody(formBytes, h.forgetReceipt),
		"GET /r/status":           h.showStatus,
		"POST /r/status":          capBody(formBytes, h.checkStatus),
		"POST /r/status/answer":   h.answerQuestion,
		"POST /r/status/add":      h.addInformation,
		"POST /r/status/rate":     capBody(formBytes, h.rateTip),
		"GET /r/lang":             h.setLocale,
	}
}

// UploadRoutes are the routes that take multipart bodies with files; every
// other route of the web report takes small forms only.
var UploadRoutes = []string{"/r/evidence", "/r/status/answer", "/r/status/add"}

// routes builds the chain: recover → secure headers → cross-origin check →
// route. Nothing in it logs a request.
func (h *handler) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /r/static/", http.StripPrefix("/r/static/", cacheStatic(http.FileServerFS(static))))
	for pattern, handle := range h.routeTable() {
		mux.Handle(pattern, handle)
	}
	mux.HandleFunc("/r/", func(w http.ResponseWriter, r *http.Request) {
		h.problem(w, r, http.StatusNotFound, "error.not_found")
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.problem(w, r, http.StatusForbidden, "error.cross_origin")
	}))
	return h.recoverPanic(h.secureHeaders(cop.Handler(mux)))
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}
