package smallcount

import "testing"

func TestMask(t *testing.T) {
	cells := func(ns ...int) []*Cell {
		var out []*Cell
		for _, n := range ns {
			out = append(out, &Cell{N: n})
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		parts  []int
		masked []bool
		total  bool
	}{
		{"nothing small", []int{5, 7, 9}, []bool{false, false, false}, false},
		{"one small hides the next smallest", []int{2, 7, 9}, []bool{true, true, false}, false},
		{"two small stay two", []int{1, 2, 9}, []bool{true, true, false}, false},
		{"two ones hide a third", []int{1, 1, 7, 9}, []bool{true, true, true, false}, false},
		{"zeros are never hidden nor used", []int{2, 0, 0}, []bool{true, false, false}, true},
		{"all large", []int{3, 3}, []bool{false, false}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := cells(tc.parts...)
			total := &Cell{}
			for _, p := range parts {
				total.N += p.N
			}
			Mask(3, append(parts, total), []Sum{{Total: total, Parts: parts}})
			for i, p := range parts {
				if p.Masked != tc.masked[i] {
					t.Errorf("part %d (%d): masked %v, want %v", i, p.N, p.Masked, tc.masked[i])
				}
			}
			if total.Masked != tc.total {
				t.Errorf("total %d: masked %v, want %v", total.N, total.Masked, tc.total)
			}
		})
	}
	if got := (Cell{N: 2, Masked: true}).Show(3); got != "<3" {
		t.Errorf("Show = %q", got)
	}
	// A count hidden to protect a small one is never shown as small.
	parts := []*Cell{{N: 2}, {N: 7}, {N: 9}}
	total := &Cell{N: 18}
	Mask(3, append(parts, total), []Sum{{Total: total, Parts: parts}})
	if parts[0].Show(3) != "<3" || parts[1].Show(3) != GuardMark || parts[2].Show(3) != "9" {
		t.Errorf("shown %q %q %q, want <3, %s and 9", parts[0].Show(3), parts[1].Show(3), parts[2].Show(3), GuardMark)
	}
}
