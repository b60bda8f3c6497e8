package admin

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

type queueData struct {
	Channels []option
	Kind     queue.Kind
	Tab      string
	Counts   map[queue.State]int
	States   []queue.State
	Tips     []queue.Tip
	Next     string
	Form     url.Values
	Officers []officer.Officer
	// Query is the current filter as a query string, for links: a URL part
	// already encoded, which the template must not escape into one value.
	Query template.URL
	// Sorts are the queue's orders, for the filter's choice.
	Sorts []string
}

// actor is the officer as the queue knows them; the queue asks the role
// what it may do.
func actor(o *officer.Officer) queue.Actor {
	return queue.Actor{ID: o.ID, Username: o.Username, Role: o.Role}
}

// kindFor: counsellors work the self-help questions, everyone else the reports.
func kindFor(o *officer.Officer) queue.Kind {
	if o.Role.Can(officer.SeeHelp) {
		return queue.KindHelp
	}
	return queue.KindReport
}

// filterError names the first filter value that means nothing, so the page says
// which one instead of quietly widening the list (an export of every tip when the
// officer asked for some).
type filterError struct{ field string }

func (e *filterError) Error() string { return "admin: bad queue filter " + e.field }

// filterFields maps a filter's query parameter to the message naming it.
var filterFields = map[string]string{"state": "col.state", "category": "col.category", "area": "col.area",
	"channel": "col.channel", "priority": "col.priority", "assignee": "col.assignee", "from": "queue.from",
	"to": "queue.to", "sort": "queue.sort"}

// channels are the channels a tip comes through, as the queue filter offers them.
var channels = []string{queue.ChannelTelegram, "web"}

// channelName names a channel in the officer's language; a channel added
// since (with no text yet) shows its code rather than nothing.
func channelName(locale, code string) string {
	if _, ok := messages["channel."+code]; !ok {
		return code
	}
	return translate(locale, "channel."+code)
}

// queueFilter reads the queue's filter from the URL. An absent or empty value
// does not filter; any other value must mean something.
func (h *handler) queueFilter(r *http.Request, o *officer.Officer) (queue.Filter, string, error) {
	q := r.URL.Query()
	f := queue.Filter{Kind: kindFor(o), Query: q.Get("q"), Sort: q.Get("sort"), After: q.Get("after")}
	bad := func(field string) (queue.Filter, string, error) { return queue.Filter{}, "", &filterError{field} }
	tab := q.Get("state")
	switch tab {
	case "":
		tab = "open"
		f.States = []queue.State{queue.StateNew, queue.StateInReview, queue.StateNeedsInfo, queue.StateForwarded}
	case "all":
	default:
		if !slices.Contains(queue.States, queue.State(tab)) {
			return bad("state")
		}
		f.States = []queue.State{queue.State(tab)}
	}
	if c := q.Get("category"); c != "" {
		if _, ok := h.cfg.Category(c); !ok {
			return bad("category")
		}
		f.Category = c
	}
	if a := q.Get("area"); a != "" {
		if _, ok := h.cfg.Area(a); !ok {
			return bad("area")
		}
		f.AreaCode = a
	}
	if c := q.Get("channel"); c != "" {
		if !slices.Contains(channels, c) {
			return bad("channel")
		}
		f.Channel = c
	}
	if s := q.Get("priority"); s != "" {
		p, err := strconv.Atoi(s)
		if err != nil || !queue.Priority(p).Valid() {
			return bad("priority")
		}
		f.Priority = queue.Priority(p)
	}
	switch a := q.Get("assignee"); a {
	case "none":
		f.Unassigned = true
	case "":
	default:
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return bad("assignee")
		}
		f.AssigneeID = id
	}
	if q.Get("mine") == "1" {
		f.AssigneeID = o.ID
	}
	f.Overdue = q.Get("overdue") == "1"
	f.Replied = q.Get("replied") == "1"
	f.Label = strings.TrimSpace(q.Get("label"))
	if s := q.Get("from"); s != "" {
		t, err := time.ParseInLocation("2006-01-02", s, h.loc)
		if err != nil {
			return bad("from")
		}
		f.From = t
	}
	if s := q.Get("to"); s != "" {
		t, err := time.ParseInLocation("2006-01-02", s, h.loc)
		if err != nil {
			return bad("to")
		}
		f.To = t.AddDate(0, 0, 1)
	}
	if f.Sort != "" && !slices.Contains(queue.Sorts, f.Sort) {
		return bad("sort")
	}
	return f, tab, nil
}

// badFilter answers a filter that means nothing with a 400 naming the field.
func (h *handler) badFilter(w http.ResponseWriter, r *http.Request, err error) {
	loc := h.locale(r)
	field := ""
	if fe, ok := err.(*filterError); ok {
		field = translate(loc, filterFields[fe.field])
	}
	h.errorText(w, r, http.StatusBadRequest, translate(loc, "error.bad_filter", field))
}

func (h *handler) showQueue(w http.ResponseWriter, r *http.Request) {
	o := currentOfficer(r)
	f, tab, err := h.queueFilter(r, o)
	if err != nil {
		h.badFilter(w, r, err)
		return
	}
	page, err := h.queue.ListAs(r.Context(), actor(o), f)
	if err != nil {
		if errIs(err, queue.ErrInvalid) {
			h.badRequest(w, r)
			return
		}
		h.serverError(w, r, err)
		return
	}
	if page.Tips, err = h.repliedFirst(r, o, f, page.Tips); err != nil {
		h.serverError(w, r, err)
		return
	}
	counts, err := h.queue.CountByState(r.Context(), f.Kind)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	officers, err := h.officers.List(r.Context())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.warmDashboard()
	form := r.URL.Query()
	form.Del("after")
	v := h.view(w, r, "queue")
	var chs []option
	for _, c := range channels {
		chs = append(chs, option{Value: c, Label: channelName(h.locale(r), c)})
	}
	v.D = queueData{Channels: chs, Kind: f.Kind, Tab: tab, Counts: counts, States: queue.States, Tips: page.Tips, Next: page.Next,
		Form: form, Officers: officers, Query: template.URL(form.Encode()), Sorts: queue.Sorts}
	h.render(w, r, v, http.StatusOK)
}

// WithState is the current filter on another tab.
func (d queueData) WithState(s string) string {
	f := url.Values{}
	for k, v := range d.Form {
		f[k] = v
	}
	f.Set("state", s)
	return "/queue?" + f.Encode()
}

// NextURL is the next page of the same filter.
func (d queueData) NextURL() string {
	f := url.Values{}
	for k, v := range d.Form {
		f[k] = v
	}
	f.Set("after", d.Next)
	return "/queue?" + f.Encode()
}

// Open counts the tips not closed.
func (d queueData) Open() int {
	return d.Counts[queue.StateNew] + d.Counts[queue.StateInReview] + d.Counts[queue.StateNeedsInfo] + d.Counts[queue.StateForwarded]
}

// sortColumn is a column header that sorts the queue: the order it asks for on
// the first click, and the reverse one on the next, if it has one.
type sortColumn struct {
	first, second string
	aria          map[string]string // sort → aria-sort value
}

var sortColumns = map[string]sortColumn{
	"priority":   {first: "urgent", aria: map[string]string{"urgent": "descending"}},
	"created":    {first: "newest", second: "oldest", aria: map[string]string{"newest": "descending", "oldest": "ascending"}},
	"triage_due": {first: "due", aria: map[string]string{"due": "ascending"}},
}

// currentSort is the order in force; the queue's default is the most urgent first.
func (d queueData) currentSort() string {
	if s := d.Form.Get("sort"); s != "" {
		return s
	}
	return "urgent"
}

// SortURL is the current filter sorted by column col: its first order, or its
// second when the first is already in force.
func (d queueData) SortURL(col string) string {
	c := sortColumns[col]
	next := c.first
	if d.currentSort() == c.first && c.second != "" {
		next = c.second
	}
	f := url.Values{}
	for k, v := range d.Form {
		f[k] = v
	}
	f.Set("sort", next)
	return "/queue?" + f.Encode()
}

// AriaSort is the column's aria-sort: "ascending", "descending" or "none".
func (d queueData) AriaSort(col string) string {
	if a, ok := sortColumns[col].aria[d.currentSort()]; ok {
		return a
	}
	return "none"
}
