package bot

import "testing"

func TestDeliveredForgetsTheOldest(t *testing.T) {
	d := newDelivered(3)
	for id := int64(1); id <= 4; id++ {
		d.add(id, id*10)
	}
	if _, ok := d.message(1); ok {
		t.Error("the oldest of four is still remembered with room for three")
	}
	for id := int64(2); id <= 4; id++ {
		if m, ok := d.message(id); !ok || m != id*10 {
			t.Errorf("row %d: message %d, %v; want %d", id, m, ok, id*10)
		}
	}
	d.add(5, 0) // sent without a message (an answered button)
	if m, ok := d.message(5); !ok || m != 0 {
		t.Errorf("row 5: message %d, %v; want 0, true", m, ok)
	}
	if _, ok := d.message(2); ok {
		t.Error("row 2 is still remembered after two more")
	}
}
