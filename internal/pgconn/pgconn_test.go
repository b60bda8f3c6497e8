package pgconn_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/internal/pgconn"
	"github.com/tipline/tipline/internal/pgtest"
)

// query opens url with Open and reads one text value of q with arg.
func query(t *testing.T, url, q string, arg any) (string, error) {
	t.Helper()
	db, err := pgconn.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	err = db.Get(&v, q, arg)
	return v, err
}

// show reads a setting of a session opened with Open.
func show(t *testing.T, url, setting string) string {
	t.Helper()
	v, err := query(t, url, "SELECT current_setting($1)", setting)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// withParam adds key=value to a database URL.
func withParam(url, kv string) string {
	if strings.Contains(url, "?") {
		return url + "&" + kv
	}
	return url + "?" + kv
}

func TestOpenTurnsJITOff(t *testing.T) {
	url := pgtest.URL(t)
	if got := show(t, url, "jit"); got != "off" {
		t.Fatalf("jit = %q through Open, want off", got)
	}
}

func TestOpenKeepsWhatTheURLSets(t *testing.T) {
	url := pgtest.URL(t)
	if got := show(t, withParam(url, "jit=on"), "jit"); got != "on" {
		t.Fatalf("jit = %q with jit=on in the URL, want on", got)
	}
	if got := show(t, withParam(url, "application_name=tipline-test"), "application_name"); got != "tipline-test" {
		t.Fatalf("application_name = %q, want the URL's", got)
	}
}

// In binary mode a []byte parameter reaches PostgreSQL in binary format,
// which jsonb reads as its own binary form (a version byte first): that is
// why callers give jsonb parameters as strings. In lib/pq's text mode the
// same parameter is JSON text.
func TestOpenSendsParametersInOneRoundTrip(t *testing.T) {
	url := pgtest.URL(t)
	asJSONB := func(url string, v any) (string, error) {
		t.Helper()
		return query(t, url, "SELECT $1::jsonb ->> 'k'", v)
	}
	const doc = `{"k": "v"}`
	if _, err := asJSONB(url, []byte(doc)); err == nil || !strings.Contains(err.Error(), "jsonb version") {
		t.Fatalf("a []byte jsonb parameter through Open: %v, want it sent in binary (unsupported jsonb version)", err)
	}
	if got, err := asJSONB(url, doc); err != nil || got != "v" {
		t.Fatalf("a string jsonb parameter through Open = %q, %v; want v", got, err)
	}
	if got, err := asJSONB(withParam(url, "binary_parameters=no"), []byte(doc)); err != nil || got != "v" {
		t.Fatalf("a []byte jsonb parameter with binary_parameters=no in the URL = %q, %v; want lib/pq's text mode", got, err)
	}
}

func TestOpenRefusesABadURL(t *testing.T) {
	if _, err := pgconn.Open("postgres://root@127.0.0.1:5432/test?sslmode=sometimes"); err == nil {
		t.Fatal("a URL with an unknown sslmode was accepted")
	}
}

// Two components warming one pool at once, asking more than it holds
// between them, must not wait on each other for good.
func TestWarmsSharingAPoolFinish(t *testing.T) {
	db, err := pgconn.Open(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(5)
	db.SetMaxIdleConns(5)
	ping := func(ctx context.Context, conn *sqlx.Conn) error { return conn.PingContext(ctx) }
	errs := make(chan error, 2)
	for _, n := range []int{4, 4} {
		go func() { errs <- pgconn.Warm(t.Context(), db, n, ping) }()
	}
	for range 2 {
		select {
		case err := <-errs:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("two warms of one pool still waiting after 10 s")
		}
	}
	if st := db.Stats(); st.Idle != 5 {
		t.Fatalf("%d idle connections after warming, want the pool's 5", st.Idle)
	}
}
