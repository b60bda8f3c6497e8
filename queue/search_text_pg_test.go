package queue

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"
)

// TestSearchTextPostgres checks the Go side of search against PostgreSQL's
// own to_tsvector and to_tsquery: what the parser keeps of our tokens, what
// matches, and that no hostile query is a syntax error. Everything happens in
// a temporary table inside a transaction that is rolled back.
func TestSearchTextPostgres(t *testing.T) {
	t.Parallel()
	dsn := os.Getenv("TEST_DATABASE_URL")
	if dsn == "" {
		t.Fatal("TEST_DATABASE_URL is not set: this test needs PostgreSQL, e.g. TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test?sslmode=disable")
	}
	db, err := sqlx.Connect("postgres", dsn)
	if err != nil {
		t.Fatalf("connect to TEST_DATABASE_URL: %v", err)
	}
	defer db.Close()

	docs := map[string]string{
		"zh":    SearchDocument("湘乡市梅桥镇有人卖冰毒"),
		"en":    SearchDocument("A man near the bus station is selling meth every night."),
		"phone": SearchDocument("他的电话是138-1234-5678，开湘C·D12345"),
	}

	// PostgreSQL must keep our tokens as they are: not split, merged or
	// dropped by its parser.
	for id, doc := range docs {
		var lexemes []string
		err := db.Select(&lexemes, `SELECT unnest(tsvector_to_array(to_tsvector('simple', $1)))`, doc)
		if err != nil {
			t.Fatalf("to_tsvector(%s): %v", id, err)
		}
		toks := strings.Fields(doc)
		slices.Sort(toks)
		slices.Sort(lexemes)
		if !slices.Equal(toks, lexemes) {
			t.Errorf("%s: PostgreSQL lexemes %q differ from our tokens %q", id, lexemes, toks)
		}
	}

	tx, err := db.Beginx()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`CREATE TEMP TABLE search_text_probe (id text PRIMARY KEY, search tsvector NOT NULL) ON COMMIT DROP`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`CREATE INDEX ON search_text_probe USING gin (search)`); err != nil {
		t.Fatal(err)
	}
	for id, doc := range docs {
		if _, err := tx.Exec(`INSERT INTO search_text_probe (id, search) VALUES ($1, to_tsvector('simple', $2))`, id, doc); err != nil {
			t.Fatal(err)
		}
	}

	tests := []struct {
		query string
		want  []string
	}{
		{"冰毒", []string{"zh"}},
		{"梅桥", []string{"zh"}},
		{"冰", []string{"zh"}},
		{"梅桥 冰毒", []string{"zh"}},
		{"湘乡市梅桥镇", []string{"zh"}},
		{"冰毒 梅桥", []string{"zh"}},
		{"海洛因", nil},
		{"梅桥 海洛因", nil},
		{"meth", []string{"en"}},
		{"METH", []string{"en"}},
		{"selling meth", []string{"en"}},
		{"sell", []string{"en"}},
		{"selling heroin", nil},
		{"13812345678", []string{"phone"}},
		{"138 1234 5678", []string{"phone"}},
		{"+86 138-1234-5678", []string{"phone"}},
		{"湘CD12345", []string{"phone"}},
		{"湘c·d12345", []string{"phone"}},
		{"电话 冰毒", nil},
	}
	for _, tt := range tests {
		q, ok := SearchQuery(tt.query)
		if !ok {
			t.Errorf("SearchQuery(%q) found nothing searchable", tt.query)
			continue
		}
		var got []string
		err := tx.Select(&got, `SELECT id FROM search_text_probe WHERE search @@ to_tsquery('simple', $1) ORDER BY id`, q)
		if err != nil {
			t.Fatalf("query %q as %q: %v", tt.query, q, err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("query %q as %q matched %q, want %q", tt.query, q, got, tt.want)
		}
	}

	// Outside the transaction, so one error cannot hide the others.
	accepted := 0
	for _, in := range searchHostileQueries {
		if q, ok := SearchQuery(in); ok {
			var parsed string
			if err := db.Get(&parsed, `SELECT to_tsquery('simple', $1)::text`, q); err != nil {
				t.Errorf("to_tsquery rejects SearchQuery(%q) = %q: %v", in, q, err)
			}
			accepted++
		}
		var n int
		if err := db.Get(&n, `SELECT length(to_tsvector('simple', $1))`, SearchDocument(in)); err != nil {
			t.Errorf("to_tsvector rejects SearchDocument(%q): %v", in, err)
		}
	}
	if accepted == 0 {
		t.Fatal("no hostile query reached PostgreSQL")
	}
}
