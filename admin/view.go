package admin

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

//go:embed templates/*.html static/*
var assets embed.FS

type pageTemplate = *template.Template

// pageNames lists every page; a test checks each parses and renders.
var pageNames = []string{"login", "login_totp", "password", "totp_enrol", "queue", "tip", "dashboard",
	"officers", "audit", "health", "digests", "error", "campaigns", "campaign", "operations", "canned", "leaders"}

func parseTemplates() (map[string]pageTemplate, error) {
	pages := make(map[string]pageTemplate, len(pageNames))
	for _, name := range pageNames {
		if _, err := fs.Stat(assets, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("admin: page %s is not declared: %w", name, err)
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/part_*.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("admin: unable to parse page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
	"deref": func(p *int64) int64 {
		if p == nil {
			return 0
		}
		return *p
	},
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"join": strings.Join,
	"list": func(s ...string) []string { return s },
	"int":  func(p queue.Priority) int { return int(p) },
	// maxText is the length of a note or a question (queue.MaxOfficerText).
	"maxText": func() int { return queue.MaxOfficerText },
	"coord": func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', 5, 64)
	},
	"yuan": func(p *int64) string {
		if p == nil {
			return ""
		}
		return fmt.Sprintf("%d.%02d", *p/100, *p%100)
	},
}

// view is what every page gets: the officer, locale, nonce and flash; a handler
// sets only its own data in D.
type view struct {
	Page    string
	Title   string
	Locale  string
	Nonce   string
	Officer *officer.Officer
	Flash   string
	FlashOK bool
	Path    string
	D       any

	h    *handler
	ctx  context.Context
	kept map[string]string // see Kept
}

func (h *handler) view(w http.ResponseWriter, r *http.Request, page string) *view {
	v := &view{Page: page, Nonce: nonceFrom(r), Officer: currentOfficer(r), Path: r.URL.Path, h: h, ctx: r.Context()}
	v.Locale = h.locale(r)
	v.Flash = h.sessions.PopString(r.Context(), sessFlash)
	v.FlashOK = h.sessions.PopBool(r.Context(), sessFlashOK)
	return v
}

// locale is the officer's language; before login, the browser's, defaulting to Chinese.
func (h *handler) locale(r *http.Request) string {
	if o := currentOfficer(r); o != nil {
		return o.Locale
	}
	if c, err := r.Cookie("tipline_lang"); err == nil && c.Value == "en" {
		return "en"
	}
	if strings.HasPrefix(r.Header.Get("Accept-Language"), "en") {
		return "en"
	}
	return "zh-CN"
}

func (h *handler) render(w http.ResponseWriter, r *http.Request, v *view, status int) {
	t, ok := h.pages[v.Page]
	if !ok {
		h.serverError(w, r, fmt.Errorf("admin: no page %s", v.Page))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		h.serverError(w, r, fmt.Errorf("admin: unable to render %s: %w", v.Page, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// T translates a message key into the view's locale.
func (v *view) T(key string, args ...any) string { return translate(v.Locale, key, args...) }

// Time formats t in the office's time zone.
func (v *view) Time(t any) string {
	switch x := t.(type) {
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.In(v.h.loc).Format("2006-01-02 15:04")
	case *time.Time:
		if x == nil {
			return ""
		}
		return x.In(v.h.loc).Format("2006-01-02 15:04")
	}
	return ""
}

// Due is the deadline a tip is working to: triage while it waits for an
// officer's decision, the unit's feedback once forwarded.
func (v *view) Due(t queue.Tip) string {
	if t.State == queue.StateForwarded && t.FeedbackDue != nil {
		return v.T("tip.feedback_due") + " " + v.Time(t.FeedbackDue)
	}
	return v.Time(t.TriageDue)
}

// OverdueText says which deadline an overdue tip has passed; "" when none.
func (v *view) OverdueText(t queue.Tip) string {
	if !t.Overdue {
		return ""
	}
	if t.State == queue.StateForwarded {
		return v.T("tip.overdue_feedback")
	}
	return v.T("tip.overdue_triage")
}

// Category is a category's name in the view's locale.
func (v *view) Category(code string) string {
	if code == queue.SelfHelpCategory {
		return v.T("category.self_help")
	}
	if c, ok := v.h.cfg.Category(code); ok {
		return c.Name(v.Locale)
	}
	return code
}

// Area is a configured area's name, "not sure" in the officer's language,
// or the reporter's own words.
func (v *view) Area(code, text string) string {
	if code == queue.AreaUnknown {
		return v.T("area.unknown")
	}
	if a, ok := v.h.cfg.Area(code); ok {
		return a.Name(v.Locale)
	}
	return text
}

func (v *view) Categories() []option {
	var out []option
	for _, c := range v.h.cfg.Categories {
		out = append(out, option{c.Code, v.Category(c.Code)})
	}
	return out
}

func (v *view) Areas() []option {
	var out []option
	for _, a := range v.h.cfg.Areas {
		out = append(out, option{a.Code, v.Area(a.Code, "")})
	}
	return out
}

// Can says whether the current officer's role holds the permission
// (officer.Permission, such as "supervise").
func (v *view) Can(permission string) bool {
	return v.Officer != nil && v.Officer.Role.Can(officer.Permission(permission))
}

// HelpWaiting is the counsellors' notice on every page: how many help
// questions wait for them. Empty for every other role (queue.WaitingHelp),
// and empty rather than an error page when the count fails: the notice is a
// courtesy, the page is the work.
func (v *view) HelpWaiting() string {
	if v.Officer == nil || v.ctx == nil {
		return ""
	}
	w, err := v.h.queue.WaitingHelp(v.ctx, actor(v.Officer))
	if err != nil {
		v.h.log.Warn("admin: unable to count waiting help questions", slog.Any("err", err))
		return ""
	}
	if w.Total() == 0 {
		return ""
	}
	return v.T("help.waiting", w.New, w.Replied)
}

type option struct{ Value, Label string }

func (h *handler) flash(r *http.Request, msg string, ok bool) {
	h.sessions.Put(r.Context(), sessFlash, msg)
	h.sessions.Put(r.Context(), sessFlashOK, ok)
}

func (h *handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("admin: server error", slog.String("path", r.URL.Path), slog.Any("err", err))
	h.errorPage(w, r, http.StatusInternalServerError, "error.server")
}

func (h *handler) forbidden(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusForbidden, "error.forbidden")
}

func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusNotFound, "error.not_found")
}

func (h *handler) badRequest(w http.ResponseWriter, r *http.Request) {
	h.errorPage(w, r, http.StatusBadRequest, "error.bad_request")
}

func (h *handler) errorPage(w http.ResponseWriter, r *http.Request, status int, key string) {
	h.errorText(w, r, status, translate(h.locale(r), key))
}

// errorText answers status with a message already in the officer's language.
func (h *handler) errorText(w http.ResponseWriter, r *http.Request, status int, text string) {
	v := &view{Page: "error", Nonce: nonceFrom(r), Officer: currentOfficer(r), Path: r.URL.Path, h: h, Locale: h.locale(r)}
	v.D = text
	t := h.pages["error"]
	var buf bytes.Buffer
	if t == nil || t.ExecuteTemplate(&buf, "layout", v) != nil {
		http.Error(w, http.StatusText(status), status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// errIs is errors.Is over several targets.
func errIs(err error, targets ...error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
