// Package bodycap bounds what a request may send before any handler sees it. It
// owns the listener's body rules: how many bytes each route may send, which
// routes take files (multipart/form-data), and how much of a multipart form is
// held in memory before the rest waits in temporary files.
//
// Its middleware must be the outermost handler of a listener:
//
//	srv.Handler = bodycap.New(rules)(metrics.Middleware(mux))
//
// Every wrapper inside it may copy the request (r.WithContext), and Go removes
// a multipart form's temporary files only when the form hangs off the request
// the server itself handed out. So the middleware parses the form once, on that
// request, before anything copies it; the copies share the parsed form, a
// handler's r.FormValue or r.FormFile finds it parsed, and the temporary files
// are removed when the handler returns, on every path.
//
// For each request the most specific rule applies, chosen as net/http's
// ServeMux chooses a handler; a request no rule matches may send no body. Then,
// in this order:
//
//   - a multipart body where the rule takes no files is refused with 415,
//     unread;
//   - a declared Content-Length above the rule's MaxBytes is refused with 413,
//     unread;
//   - the body is capped at MaxBytes while it is read (http.MaxBytesReader), so
//     a chunked body is cut at the cap with 413;
//   - a url-encoded or multipart form is parsed (413 when it outgrows the cap,
//     400 when it cannot be parsed); other bodies (JSON) are left for the
//     handler to read, capped.
//
// A refusal closes the connection and answers a short page in the client's
// language (Chinese unless it prefers English); a rule's Refuse may answer
// instead. Nothing of a body is echoed or logged. Refusals are counted in
// tipline_http_body_refused_total{rule,code}.
//
// A route that takes files is one rule line, for example a web report's
// evidence of at most five files of 20 MiB each:
//
//	{Pattern: "POST /r/{token}/evidence", MaxBytes: 5*20<<20 + 64<<10, Multipart: true}
//
// Its handler reads r.MultipartForm.File; what it keeps it must copy before it
// returns, since the temporary files are removed then.
package bodycap

import (
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// DefaultMemory is how many bytes of a multipart form's files a rule holds in
// memory when its Memory is zero; larger files wait on disk.
const DefaultMemory = 1 << 20

// Rule is what the routes matching Pattern may send.
type Rule struct {
	// Pattern is a net/http ServeMux pattern: "POST /login", "/sandbox/",
	// "POST /r/{token}/evidence", "/" for everything no other rule matches.
	Pattern string
	// MaxBytes bounds the body; zero means no body at all.
	MaxBytes int64
	// Multipart admits multipart/form-data bodies; the middleware parses them
	// before the handler runs.
	Multipart bool
	// Memory bounds the bytes of a form's files kept in memory; the rest go to
	// temporary files. Zero means DefaultMemory. Go's parser holds the form's
	// other values in memory too, up to MaxBytes.
	Memory int64
	// Refuse, if set, answers a refused request instead of the default page.
	// status is 400, 413 or 415; the connection is closed after the answer.
	Refuse func(w http.ResponseWriter, r *http.Request, status int)
}

func (r *Rule) memory() int64 {
	if r.Memory == 0 {
		return min(DefaultMemory, r.MaxBytes)
	}
	return r.Memory
}

// unmatched applies to requests no rule matches: they may send no body.
var unmatched = &Rule{Pattern: "unmatched"}

var refused = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "tipline_http_body_refused_total",
	Help: "Requests refused before their handler by the body rule that matched them (its pattern) and status: 400 unparsable form, 413 too large, 415 files where none are taken.",
}, []string{"rule", "code"})

// New returns the middleware enforcing rules. It panics on a rule with a
// negative size or a pattern net/http's ServeMux would refuse (invalid, or
// conflicting with another), as ServeMux.Handle does: rules are code, not input.
func New(rules []Rule) func(http.Handler) http.Handler {
	mux := http.NewServeMux()
	for i := range rules {
		rule := rules[i]
		if rule.MaxBytes < 0 || rule.Memory < 0 {
			panic(fmt.Sprintf("bodycap: rule %q: negative size", rule.Pattern))
		}
		mux.Handle(rule.Pattern, matched{&rule})
	}
	return func(next http.Handler) http.Handler {
		return &capped{rules: mux, next: next}
	}
}

// matched marks a rule in the ServeMux that finds it; it never serves.
type matched struct{ rule *Rule }

func (matched) ServeHTTP(http.ResponseWriter, *http.Request) {}

type capped struct {
	rules *http.ServeMux
	next  http.Handler
}

func (c *capped) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rule := unmatched
	if h, _ := c.rules.Handler(r); h != nil {
		if m, ok := h.(matched); ok {
			rule = m.rule
		}
	}
	ct := r.Header.Get("Content-Type")
	media, _, _ := mime.ParseMediaType(ct)
	isMultipart := strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "multipart/")
	if isMultipart && (!rule.Multipart || media != "multipart/form-data") {
		refuse(w, r, rule, http.StatusUnsupportedMediaType)
		return
	}
	if r.ContentLength > rule.MaxBytes {
		refuse(w, r, rule, http.StatusRequestEntityTooLarge)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, rule.MaxBytes)

	var err error
	switch {
	case isMultipart:
		err = r.ParseMultipartForm(rule.memory())
		if form := r.MultipartForm; form != nil {
			defer func() { _ = form.RemoveAll() }()
		}
	case media == "application/x-www-form-urlencoded":
		err = r.ParseForm()
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) || errors.Is(err, multipart.ErrMessageTooLarge) {
			refuse(w, r, rule, http.StatusRequestEntityTooLarge)
		} else {
			refuse(w, r, rule, http.StatusBadRequest)
		}
		return
	}
	c.next.ServeHTTP(w, r)
}

func refuse(w http.ResponseWriter, r *http.Request, rule *Rule, status int) {
	refused.WithLabelValues(rule.Pattern, strconv.Itoa(status)).Inc()
	// Whatever of the body is still unread is not worth reading.
	w.Header().Set("Connection", "close")
	if rule.Refuse != nil {
		rule.Refuse(w, r, status)
		return
	}
	writeRefusal(w, r, status)
}
