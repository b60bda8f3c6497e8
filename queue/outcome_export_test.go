package queue

import (
	"math"
	"testing"
	"time"
)

// The export of seeded data adds up to what SQL counts over the same tables:
// reports, outcomes by kind of case, people, grams and rewards paid.
func TestOutcomeExportEqualsSeedAggregates(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := t.Context()
	must(t, Seed(ctx, b.db, b.cfg, []byte("seed-key"), 2000, nil))
	from, to := time.Now().AddDate(-2, 0, 0), time.Now().Add(time.Hour)

	type sums struct {
		Rows, Criminal, Administrative, NoCase, Detained, Users, Seizures, Paid int
		PaidCents                                                               int64
		Grams                                                                   float64
	}
	var got sums
	must(t, b.store.EachOutcome(ctx, from, to, func(r OutcomeRecord) error {
		got.Rows++
		switch CaseKind(r.CaseKind) {
		case CaseCriminal:
			got.Criminal++
		case CaseAdministrative:
			got.Administrative++
		case CaseNone:
			got.NoCase++
		}
		if r.Detained != nil {
			got.Detained += *r.Detained
			got.Users += *r.UsersFound
		}
		got.Seizures += len(r.Seizures)
		got.Grams += r.TotalGrams
		if r.RewardState == "paid" {
			got.Paid++
			got.PaidCents += *r.RewardAmountCents
		}
		return nil
	}))
	var want sums
	must(t, b.db.QueryRowx(`
		SELECT count(*),
		       count(*) FILTER (WHERE o.case_kind = 'criminal'), count(*) FILTER (WHERE o.case_kind = 'administrative'),
		       count(*) FILTER (WHERE o.case_kind = 'none'),
		       coalesce(sum(o.detained), 0), coalesce(sum(o.users_found), 0),
		       (SELECT count(*) FROM tip_seizures z JOIN tips x ON x.id = z.tip_id WHERE x.kind = 'report'),
		       count(*) FILTER (WHERE t.reward_state = 'paid'),
		       coalesce(sum(t.reward_amount_cents) FILTER (WHERE t.reward_state = 'paid'), 0),
		       (SELECT coalesce(sum(z.grams), 0)::float8 FROM tip_seizures z JOIN tips x ON x.id = z.tip_id WHERE x.kind = 'report')
		  FROM tips t LEFT JOIN tip_outcomes o ON o.tip_id = t.id
		 WHERE t.kind = 'report' AND t.created_at >= $1 AND t.created_at < $2`, from, to).
		Scan(&want.Rows, &want.Criminal, &want.Administrative, &want.NoCase, &want.Detained, &want.Users,
			&want.Seizures, &want.Paid, &want.PaidCents, &want.Grams))
	if want.Criminal == 0 || want.Seizures == 0 || want.Paid == 0 {
		t.Fatalf("the seed made no outcomes to compare: %+v", want)
	}
	if math.Abs(got.Grams-want.Grams) < 0.001*float64(want.Seizures) {
		got.Grams = want.Grams // each record's total is rounded to the milligram
	}
	if got != want {
		t.Errorf("export %+v\n   SQL %+v", got, want)
	}
}
