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
	locale   string
}

// ActionText names an action in the officer's language; an action the
// catalogue does not know yet shows as its code rather than not at all.
func (d auditData) ActionText(action string) string {
	if _, ok := messages["audit.do."+action]; !ok {
		return action
	}
	return translate(d.locale, "audit.do."+action)
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
	o := currentOfficer(r)
	if f.TipID != 0 {
		vis, err := h.queue.Visible(r.Context(), actor(o), []int64{f.TipID})
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		if visible, stored := vis[f.TipID]; stored && !visible {
			h.notFound(w, r)
			return
		}
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
	shown, err := h.auditVisible(r, o, entries, officers)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := auditData{Entries: shown, Officers: officers, Form: q, locale: h.locale(r)}
	// The next page starts after the last entry read, shown or not.
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

// auditVisible keeps the entries the viewer may read: an entry about a tip
// follows the tip page's rule, so what counsellors did on help questions is
// not shown to supervisors, to whom those questions do not exist. A tip since
// purged has no kind left; then the acting officer's role tells, as
// counsellors act only on help questions and the other roles only on reports.
func (h *handler) auditVisible(r *http.Request, o *officer.Officer, entries []audit.Entry, officers []officer.Officer) ([]audit.Entry, error) {
	var ids []int64
	for _, e := range entries {
		if e.TipID != nil {
			ids = append(ids, *e.TipID)
		}
	}
	vis, err := h.queue.Visible(r.Context(), actor(o), ids)
	if err != nil {
		return nil, err
	}
	counsellor := map[int64]bool{}
	for _, of := range officers {
		counsellor[of.ID] = of.Role.Can(officer.SeeHelp)
	}
	viewerCounsels := o.Role.Can(officer.SeeHelp)
	shown := make([]audit.Entry, 0, len(entries))
	for _, e := range entries {
		if e.TipID != nil {
			visible, stored := vis[*e.TipID]
			if !stored {
				visible = e.OfficerID != nil && counsellor[*e.OfficerID] == viewerCounsels
			}
			if !visible {
				continue
			}
		}
		shown = append(shown, e)
	}
	return shown, nil
}
