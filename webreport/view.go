package webreport

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed templates/*.html static/*
var assets embed.FS

type pageTemplate = *template.Template

// pageNames lists every page; a test renders each in both languages.
var pageNames = []string{"start", "where", "when", "description", "evidence", "review", "receipt",
	"status", "status_view", "problem"}

func parseTemplates() (map[string]pageTemplate, error) {
	pages := make(map[string]pageTemplate, len(pageNames))
	for _, name := range pageNames {
		if _, err := fs.Stat(assets, "templates/"+name+".html"); err != nil {
			return nil, fmt.Errorf("webreport: page %s is not declared: %w", name, err)
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("webreport: unable to parse page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// view is what every page gets; a handler sets only its own data in D.
type view struct {
	Page   string
	Locale string
	Nonce  string
	Token  string // the signed form token every form carries
	Path   string // the page, for the language switch to come back to
	Notice string // a message about the last action, in the reader's language
	Error  bool   // Notice says something went wrong
	D      any

	h *handler
}

func (h *handler) view(r *http.Request, page string) *view {
	return &view{Page: page, Locale: locale(r), Nonce: nonceFrom(r), Token: h.formToken(h.now()), Path: r.URL.Path, h: h}
}

// locale is the language the reader chose with the switch; Chinese otherwise.
// The browser's Accept-Language is not read: it is one more trait of the
// reporter, and the office's readers are Chinese first.
func locale(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh-CN"
}

func (h *handler) render(w http.ResponseWriter, v *view, status int) {
	t, ok := h.pages[v.Page]
	var buf bytes.Buffer
	if !ok {
		h.log.Error("webreport: no such page", "page", v.Page)
		status = http.StatusInternalServerError
		fmt.Fprint(&buf, "500")
	} else if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		h.log.Error("webreport: unable to render a page", "page", v.Page, "err", err)
		buf.Reset()
		status = http.StatusInternalServerError
		fmt.Fprint(&buf, translate(v.Locale, "error.server"))
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// problem answers with a page that says, in the reader's language, what went
// wrong and where to go on.
func (h *handler) problem(w http.ResponseWriter, r *http.Request, status int, key string) {
	v := h.view(r, "problem")
	v.Notice, v.Error = translate(v.Locale, key), true
	h.render(w, v, status)
}

// fail logs an unexpected error (never the request) and answers with the
// reader's error page.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("webreport: request failed", "route", r.Pattern, "err", err)
	h.problem(w, r, http.StatusInternalServerError, "error.server")
}

// T translates a key into the view's language.
func (v *view) T(key string, args ...any) string { return translate(v.Locale, key, args...) }

// Other is the language the switch offers.
func (v *view) Other() string {
	if v.Locale == "en" {
		return "zh-CN"
	}
	return "en"
}

// Date formats t as a day in the office's time zone.
func (v *view) Date(t time.Time) string { return t.In(v.h.loc).Format("2006-01-02") }

// Category is a configured category's name in the view's language.
func (v *view) Category(code string) string {
	if c, ok := v.h.cfg.Category(code); ok {
		return c.Name(v.Locale)
	}
	return code
}

// Lines splits a text into lines for display (each escaped by the template).
func (v *view) Lines(s string) []string { return strings.Split(s, "\n") }

// option is a choice of a form's list.
type option struct {
	Value, Label string
}
