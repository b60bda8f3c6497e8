// Package smallcount hides counts small enough to point at a person — a
// town with one report, a campaign at one family — on every page and digest
// that shows counts, and hides enough besides that no hidden count can be
// worked out from the totals shown beside it.
package smallcount

import "fmt"

// Cell is one count as shown: a Masked one below the threshold reads
// "<Min"; one hidden only so that a small one cannot be worked out (Guard,
// its own count at least Min) reads "*", so no hidden count is shown as
// smaller than it is.
type Cell struct {
	N      int
	Masked bool
	Guard  bool
}

// Show is the cell as printed with threshold min.
func (c Cell) Show(min int) string {
	switch {
	case c.Guard:
		return GuardMark
	case c.Masked:
		return fmt.Sprintf("<%d", min)
	}
	return fmt.Sprint(c.N)
}

// GuardMark is how a count hidden to protect another reads.
const GuardMark = "*"

// Sum says that Total is shown as the sum of Parts (a row's total of its
// columns, a column's total of its rows).
type Sum struct {
	Total *Cell
	Parts []*Cell
}

// Mask hides every cell from 1 to min-1, then keeps hiding until no shown
// sum gives a hidden part away: where exactly one part of a shown total is
// hidden, total minus the others would reveal it, so the smallest other part
// is hidden too, or the total when there is none. The same holds where the
// hidden parts are all ones: each is at least 1, so a hidden sum equal to
// their number says every one of them is 1. Zero is never hidden: no
// reports points at nobody.
func Mask(min int, cells []*Cell, sums []Sum) {
	for _, c := range cells {
		c.Masked = c.N > 0 && c.N < min
	}
	for changed := true; changed; {
		changed = false
		for _, s := range sums {
			if s.Total.Masked {
				continue
			}
			var hidden, hiddenSum int
			var smallest *Cell
			for _, p := range s.Parts {
				switch {
				case p.Masked:
					hidden++
					hiddenSum += p.N
				case p.N > 0 && (smallest == nil || p.N < smallest.N):
					smallest = p
				}
			}
			if hidden == 0 || (hidden > 1 && hiddenSum > hidden) {
				continue
			}
			hide := s.Total
			if smallest != nil {
				hide = smallest
			}
			hide.Masked, hide.Guard = true, hide.N >= min
			changed = true
		}
	}
}
