package campaign

import (
	"testing"

	"github.com/tipline/tipline/queue"
)

func TestSources(t *testing.T) {
	campaigns := []Campaign{{ID: 1, Kind: "school"}, {ID: 2, Kind: "school"}, {ID: 3, Kind: "family"}, {ID: 4, Kind: "community"}}
	got := Sources(campaigns, []queue.Count{{Key: "1", N: 4}, {Key: "2", N: 3}, {Key: "3", N: 1}, {Key: "4", N: 5}}, 40, 3)
	want := []Source{
		{Kind: "school", Count: Cell{N: 7}},
		{Kind: "community", Count: Cell{N: 5, Masked: true, Guard: true}}, // the next smallest, so family's 1 cannot be worked out
		{Kind: "family", Count: Cell{N: 1, Masked: true}},
		{Kind: NoCampaign, Count: Cell{N: 27}},
	}
	if len(got) != len(want) {
		t.Fatalf("sources %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("source %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
