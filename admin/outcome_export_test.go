package admin

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/queue"
)

// reporterColumns are the columns of tips that describe the reporter or what
// the reporter wrote; none may reach the structured export.
var reporterColumns = []string{"reporter_ref", "receipt_hash", "contact_mode", "contact_sealed",
	"contact_unreachable_at", "reporter_replied_at", "locale", "description", "area_text", "latitude", "longitude"}

// TestOutcomeExportHoldsNoReporter: the CSV and the JSON carry every report
// of the period with its outcome, their figures equal the SQL aggregates,
// and neither holds a reporter column, a reporter's value or the receipt.
func TestOutcomeExportHoldsNoReporter(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.cfg.Keys = config.GenerateKeys() // the closing notice to a reporter who can be messaged is sealed
	b.addOfficers("officer", "supervisor")
	ctx := t.Context()
	lat, lon := 27.7351, 112.5341
	var receipts []string
	var ids []int64
	for i := range 3 {
		sub := queue.Submission{Kind: queue.KindReport, ReporterRef: anon.Ref(sha256.Sum256([]byte(fmt.Sprint("export reporter ", i)))),
			Locale: "en", Category: "selling", AreaCode: "dongshan", AreaText: "网吧后门小巷", Latitude: &lat, Longitude: &lon,
			Occurred: queue.OccurredToday, Description: fmt.Sprintf("卖冰毒的人住在三楼，第%d次举报", i), ContactMode: queue.ContactChat,
			ContactSealed: []byte("sealed-chat-id")}
		id, receipt, err := b.queue.Submit(ctx, b.db, sub)
		if err != nil {
			t.Fatal(err)
		}
		ids, receipts = append(ids, id), append(receipts, string(receipt))
	}
	by := queue.Actor{ID: b.ids["officer"], Username: "officer", Role: "officer"}
	if _, err := b.queue.Claim(ctx, by, ids[0], 0); err != nil {
		t.Fatal(err)
	}
	if _, err := b.queue.CloseActioned(ctx, by, ids[0], queue.Outcome{CaseKind: queue.CaseCriminal, CaseNumber: "=湘公刑2026-9",
		Detained: 2, UsersFound: 1, SolvedOn: ptr(time.Date(2026, 10, 9, 0, 0, 0, 0, time.UTC)),
		Seizures: []queue.Seizure{{Drug: "heroin", Grams: 0.1}, {Drug: "methamphetamine", Grams: 0.2}}}, 0); err != nil {
		t.Fatal(err)
	}
	// The reporter's own values, as text, to look for in the files.
	var secrets []string
	for _, id := range ids {
		for _, col := range reporterColumns {
			var v []byte
			if err := b.db.QueryRowContext(ctx, `SELECT convert_to(coalesce(`+col+`::text, ''), 'UTF8') FROM tips WHERE id = $1`, id).Scan(&v); err != nil {
				t.Fatal(err)
			}
			if s := string(v); len(s) > 3 && s != "report" {
				secrets = append(secrets, strings.TrimPrefix(s, `\x`))
			}
		}
		var ref []byte
		if err := b.db.QueryRowContext(ctx, `SELECT reporter_ref FROM tips WHERE id = $1`, id).Scan(&ref); err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, hex.EncodeToString(ref)[:16])
	}
	for _, r := range receipts {
		secrets = append(secrets, r, strings.ReplaceAll(r, "-", ""))
	}
	if len(secrets) < 20 {
		t.Fatalf("only %d reporter values to look for: %q", len(secrets), secrets)
	}

	s := b.login("supervisor")
	files := map[string]string{}
	for _, format := range []string{"csv", "json"} {
		res, body := b.get(s, "/export/outcomes."+format)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", format, res.StatusCode)
		}
		files[format] = body
		lower := strings.ToLower(body)
		for _, col := range append(reporterColumns, "reporter", "receipt", "contact", "ref") {
			if strings.Contains(lower, `"`+col) || strings.Contains(lower, ","+col) || strings.HasPrefix(strings.TrimPrefix(lower, "\ufeff"), col) {
				t.Errorf("%s names the reporter column %q", format, col)
			}
		}
		for _, secret := range secrets {
			if strings.Contains(body, secret) {
				t.Errorf("%s holds a reporter's value %q", format, secret)
			}
		}
	}

	// The figures equal SQL's.
	var want struct {
		Rows     int     `db:"rows"`
		Detained int     `db:"detained"`
		Grams    float64 `db:"grams"`
	}
	if err := b.db.GetContext(ctx, &want, `SELECT count(*) AS rows, coalesce(sum(o.detained), 0) AS detained,
		coalesce((SELECT sum(grams) FROM tip_seizures), 0)::float8 AS grams
		FROM tips t LEFT JOIN tip_outcomes o ON o.tip_id = t.id WHERE t.kind = 'report'`); err != nil {
		t.Fatal(err)
	}
	var records []queue.OutcomeRecord
	if err := json.Unmarshal([]byte(files["json"]), &records); err != nil {
		t.Fatalf("json: %v\n%s", err, files["json"])
	}
	detained, grams := 0, 0.0
	for _, r := range records {
		if r.Detained != nil {
			detained += *r.Detained
		}
		grams += r.TotalGrams
	}
	if len(records) != want.Rows || detained != want.Detained || grams != want.Grams {
		t.Errorf("json: %d rows, %d detained, %v g; SQL %+v", len(records), detained, grams, want)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(files["csv"], "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != want.Rows+1 || strings.Join(rows[0], ",") != strings.Join(outcomeColumns, ",") {
		t.Fatalf("csv: %d rows, header %v", len(rows), rows[0])
	}
	first := rows[1]
	if first[14] != "criminal" || first[15] != "'=湘公刑2026-9" || first[19] != "heroin:0.1;methamphetamine:0.2" || first[20] != "0.3" {
		t.Errorf("csv outcome row %v", first)
	}

	// Audited, with its period; a bad period is refused plainly.
	var audited int
	if err := b.db.GetContext(ctx, &audited, `SELECT count(*) FROM audit_log WHERE action = 'export.outcomes'`); err != nil || audited != 2 {
		t.Errorf("audited %d exports, %v", audited, err)
	}
	if res, _ := b.get(s, "/export/outcomes.csv?from=2026-13-01"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad period: %d", res.StatusCode)
	}
	if res, _ := b.get(b.login("officer"), "/export/outcomes.json"); res.StatusCode != http.StatusForbidden {
		t.Errorf("officer exports: %d", res.StatusCode)
	}
}

func ptr[T any](v T) *T { return &v }
