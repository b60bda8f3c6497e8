package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/tipline/tipline/audit"
	"github.com/tipline/tipline/officer"
)

type auditData struct {
	Entries  []audit.Entry
	Officers []officer.Officer
	Form     url.Values
	Older    string
}

func (h *handler) showAudit(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), Limit: 100}
	f.OfficerID, _ = strconv.ParseInt(q.Get("officer"), 10, 64)
	f.TipID, _ = strconv.ParseInt(q.Get("tip"), 10, 64)
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	if t, err := time.ParseInLocation("2006-01-02", q.Get("from"), h.loc); err == nil {
		f.From = t
	}
	if t, err := time.ParseInLocation("2006-01-02", q.Get("to"), h.loc); err == nil {
		f.To = t.AddDate(0, 0, 1)
	}
	entries, err := audit.List(r.Context(), h.db, f)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	officers, err := h.officers.List(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := auditData{Entries: entries, Officers: officers, Form: q}
	if len(entries) == f.Limit {
		older := url.Values{}
		for k, v := range q {
			older[k] = v
		}
		older.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		d.Older = "/audit?" + older.Encode()
	}
	v := h.view(w, r, "audit")
	v.D = d
	h.render(w, r, v, http.StatusOK)
}
