package queue

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSearch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	ice := b.submit(t, func(s *Submission) {
		s.AreaCode, s.Description = "meiqiao", "镇上菜市场后面有人卖冰毒,晚上交易。"
	})
	heroin := b.submit(t, func(s *Submission) {
		s.AreaCode, s.Description = "dongshan", "有人在出租屋里注射海洛因。"
	})
	english := b.submit(t, func(s *Submission) {
		s.Locale, s.AreaCode, s.Description = "en", "", "A man is selling methamphetamine outside the bus station."
	})
	cases := map[string][]int64{
		"冰毒":              {ice},
		"梅桥":              {ice}, // the area's name, not in the text
		"梅桥镇 冰毒":          {ice},
		"海洛因":             {heroin},
		"methamphetamine": {english},
		"METH":            {english}, // prefix, any case
		"selling":         {english}, // category name indexed too: all three are "selling"
		"可卡因":             {},
	}
	cases["selling"] = []int64{ice, heroin, english}
	for q, want := range cases {
		p, err := b.store.List(ctx, Filter{Query: q, Sort: "oldest"})
		must(t, err)
		var got []int64
		for _, tip := range p.Tips {
			got = append(got, tip.ID)
		}
		if len(got) != len(want) {
			t.Errorf("%q found %v, want %v", q, got, want)
			continue
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%q found %v, want %v", q, got, want)
			}
		}
	}
	// A search within states: the state is checked on each row the text
	// index finds (see listQuery), for the open tabs and single states.
	if _, err := b.db.ExecContext(ctx, `UPDATE tips SET state = 'in_review' WHERE id = $1`, heroin); err != nil {
		t.Fatal(err)
	}
	open := []State{StateNew, StateInReview, StateNeedsInfo, StateForwarded}
	for _, c := range []struct {
		states []State
		want   int
	}{{open, 3}, {[]State{StateInReview}, 1}, {[]State{StateNew}, 2}, {[]State{StateClosed}, 0}} {
		p, err := b.store.List(ctx, Filter{Query: "selling", States: c.states, Sort: "oldest"})
		must(t, err)
		if len(p.Tips) != c.want {
			t.Errorf("selling in %v: %d tips, want %d", c.states, len(p.Tips), c.want)
		}
		for _, tip := range p.Tips {
			if !slices.Contains(c.states, tip.State) {
				t.Errorf("selling in %v found tip %d in %s", c.states, tip.ID, tip.State)
			}
		}
	}
}

// Keyset pages in every order cover every tip once, in order.
func TestListPages(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	base := time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < 23; i++ {
		at := base.Add(time.Duration(i%7) * time.Hour) // equal times: the id breaks ties
		st := b.store.WithClock(func() time.Time { return at })
		cat := []string{"use", "selling", "manufacturing"}[i%3]
		_, _, err := st.Submit(ctx, b.db, func() Submission { s := validSubmission(); s.Category = cat; return s }())
		must(t, err)
	}
	for _, sort := range []string{"urgent", "newest", "oldest", "due"} {
		seen := map[int64]bool{}
		var prev *Tip
		f := Filter{Sort: sort, Limit: 5}
		pages := 0
		for {
			p, err := b.store.List(ctx, f)
			must(t, err)
			pages++
			for i := range p.Tips {
				tip := p.Tips[i]
				if seen[tip.ID] {
					t.Fatalf("%s: tip %d twice", sort, tip.ID)
				}
				seen[tip.ID] = true
				if prev != nil && !inOrder(sort, *prev, tip) {
					t.Fatalf("%s: %d before %d", sort, prev.ID, tip.ID)
				}
				prev = &tip
			}
			if p.Next == "" {
				break
			}
			f.After = p.Next
		}
		if len(seen) != 23 || pages != 5 {
			t.Fatalf("%s: %d tips in %d pages", sort, len(seen), pages)
		}
	}
	if _, err := b.store.List(ctx, Filter{Sort: "newest", After: "bm9wZQ"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad cursor: %v", err)
	}
	p, err := b.store.List(ctx, Filter{Category: "manufacturing", Priority: PriorityUrgent, States: []State{StateNew}})
	must(t, err)
	if len(p.Tips) != 7 {
		t.Fatalf("filter found %d, want 7", len(p.Tips))
	}
}

func inOrder(sort string, a, b Tip) bool {
	switch sort {
	case "urgent":
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		return a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID
	case "newest":
		return a.CreatedAt.After(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID > b.ID
	case "oldest":
		return a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID
	}
	return a.TriageDue.Before(b.TriageDue) || a.TriageDue.Equal(b.TriageDue) && a.ID < b.ID
}

// A search's page is the same whichever steps read it: the head's walk in
// order, with any bound, or the full query from the text indexes (headRows
// picks between them by the planner's estimates, which tests cannot steer).
func TestSearchStepsAgree(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := context.Background()
	for i := range 70 {
		b.submit(t, func(s *Submission) {
			s.Description = fmt.Sprintf("第%d号 出租屋里有人吸冰毒", i)
			if i%3 == 0 {
				s.Description = fmt.Sprintf("第%d号 KTV 里有人卖麻古", i)
			}
		})
	}
	// Every priority, and a quarter closed: the orders and both text indexes.
	if _, err := b.db.ExecContext(ctx, `UPDATE tips SET priority = 1 + id % 4`); err != nil {
		t.Fatal(err)
	}
	if _, err := b.db.ExecContext(ctx,
		`UPDATE tips SET state = 'closed', resolution = 'unfounded', closed_at = now() WHERE id % 4 = 0`); err != nil {
		t.Fatal(err)
	}
	open := []State{StateNew, StateInReview, StateNeedsInfo, StateForwarded}
	for _, f := range []Filter{
		{Query: "冰毒", States: open},
		{Query: "出租屋 冰毒", States: open, Sort: "newest"},
		{Query: "ktv", States: []State{StateClosed}},
		{Query: "麻古"},
		{Query: "冰毒", Sort: "oldest", Limit: 10},
		{Query: "冰毒", Sort: "due", Limit: 7, States: []State{StateNew}},
	} {
		lq, f, err := b.store.listQuery(f, time.Now())
		must(t, err)
		if lq.head == "" || lq.matched == "" {
			t.Fatalf("%+v: no head or estimate for a search", f)
		}
		full, err := b.store.tips(ctx, lq.full, lq.args...)
		must(t, err)
		if len(full) == 0 {
			t.Fatalf("%+v: found nothing", f)
		}
		for _, rows := range []int{1000, len(full) * 8} {
			head, err := b.store.tips(ctx, strings.Replace(lq.head, headRowsMark, strconv.Itoa(rows), 1), lq.args...)
			must(t, err)
			if !slices.Equal(ids(head), ids(full)) {
				t.Errorf("%+v: head of %d rows found %v, the full query %v", f, rows, ids(head), ids(full))
			}
		}
		for _, tip := range full {
			if len(f.States) > 0 && !slices.Contains(f.States, tip.State) {
				t.Errorf("%+v found tip %d in %s", f, tip.ID, tip.State)
			}
		}
		// The estimates run, whatever they decide.
		if _, err := b.store.headRows(ctx, lq, f.Limit); err != nil {
			t.Errorf("%+v: %v", f, err)
		}
	}
}

func ids(tips []Tip) []int64 {
	out := make([]int64, len(tips))
	for i, t := range tips {
		out[i] = t.ID
	}
	return out
}
