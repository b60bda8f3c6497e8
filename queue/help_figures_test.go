package queue

import (
	"context"
	"testing"
	"time"
)

// A person asking for help to quit never shows in what enforcement reads:
// none of the queries behind digests, alerts and the dashboard return or
// count a help question, however urgent, late or far along it is.
func TestHelpQuestionsStayOutOfFigures(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	help := func(s *Submission) { s.Kind, s.Category, s.AreaCode = KindHelp, SelfHelpCategory, "" }
	late := b.submit(t, help)
	closed := b.submit(t, help)
	_, err := b.store.Claim(ctx, b.counsellor, closed, 0)
	must(t, err)
	_, err = b.store.Close(ctx, b.counsellor, closed, InfoGiven, 0, 0)
	must(t, err)
	// Urgent, past its triage deadline, and with a reward waiting to be
	// claimed, which Reward itself refuses for help questions.
	_, err = b.db.Exec(`UPDATE tips SET priority = 1, triage_due = now() - interval '2 days',
		reward_state = 'notified', reward_amount_cents = 100, reward_claim_due = now() + interval '1 hour'
		WHERE id = $1`, late)
	must(t, err)

	now := time.Now()
	from, to := now.Add(-time.Hour), now.Add(time.Hour)
	st, err := b.store.Stats(ctx, from, to)
	must(t, err)
	open := 0
	for _, n := range st.Backlog {
		open += n
	}
	if st.New != 0 || len(st.ByCategory) != 0 || len(st.ByArea) != 0 || len(st.ByDay) != 0 || open != 0 ||
		st.Overdue != 0 || st.MedianTriage != 0 || st.MedianClose != 0 || st.RewardsWaiting != 0 {
		t.Errorf("stats count help questions: %+v", st)
	}
	if n, err := b.store.CountNew(ctx, from, to); err != nil || n != 0 {
		t.Errorf("CountNew %d, %v", n, err)
	}
	for name, f := range map[string]func() ([]Tip, error){
		"UrgentTips":      func() ([]Tip, error) { return b.store.UrgentTips(ctx, from, to, 10) },
		"OverdueTips":     func() ([]Tip, error) { return b.store.OverdueTips(ctx, now, 10) },
		"RewardDeadlines": func() ([]Tip, error) { return b.store.RewardDeadlines(ctx, now, 24*time.Hour) },
	} {
		if ts, err := f(); err != nil || len(ts) != 0 {
			t.Errorf("%s returned %d tips, %v", name, len(ts), err)
		}
	}
	n := 0
	must(t, b.store.EachReport(ctx, from, to, func(Tip) error { n++; return nil }))
	if n != 0 {
		t.Errorf("EachReport walked %d help questions", n)
	}

	// The same queries do see a report in the same situation, so the
	// emptiness above is the kind filter and not the setup.
	report := b.submit(t, nil)
	_, err = b.db.Exec(`UPDATE tips SET priority = 1, triage_due = now() - interval '2 days' WHERE id = $1`, report)
	must(t, err)
	st, err = b.store.Stats(ctx, from, to)
	must(t, err)
	late2, err := b.store.OverdueTips(ctx, now, 10)
	must(t, err)
	if st.New != 1 || st.Overdue != 1 || len(late2) != 1 || late2[0].ID != report {
		t.Errorf("a late urgent report: new %d, overdue %d, overdue tips %d", st.New, st.Overdue, len(late2))
	}
}
