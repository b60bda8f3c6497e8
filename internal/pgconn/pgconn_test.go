package pgconn

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/internal/pgtest"
)

// show opens url with Open and reads a setting of its session.
func show(t *testing.T, url, setting string) string {
	t.Helper()
	db, err := Open(url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.Get(&v, "SELECT current_setting($1)", setting); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenTurnsJITOff(t *testing.T) {
	url := pgtest.URL(t)
	if got := show(t, url, "jit"); got != "off" {
		t.Fatalf("jit = %q through Open, want off", got)
	}
}

func TestOpenKeepsWhatTheURLSets(t *testing.T) {
	url := pgtest.URL(t)
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	if got := show(t, url+sep+"jit=on", "jit"); got != "on" {
		t.Fatalf("jit = %q with jit=on in the URL, want on", got)
	}
	if got := show(t, url+sep+"application_name=tipline-test", "application_name"); got != "tipline-test" {
		t.Fatalf("application_name = %q, want the URL's", got)
	}
}

func TestOpenRefusesABadURL(t *testing.T) {
	if _, err := Open("postgres://root@127.0.0.1:5432/test?sslmode=sometimes"); err == nil {
		t.Fatal("a URL with an unknown sslmode was accepted")
	}
}

// Two components warming one pool at once, asking more than it holds
// between them, must not wait on each other for good.
func TestWarmsSharingAPoolFinish(t *testing.T) {
	db, err := Open(pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(5)
	db.SetMaxIdleConns(5)
	ping := func(ctx context.Context, conn *sqlx.Conn) error { return conn.PingContext(ctx) }
	errs := make(chan error, 2)
	for _, n := range []int{4, 4} {
		go func() { errs <- Warm(t.Context(), db, n, ping) }()
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
