package bot

import "sync"

// delivered remembers the Telegram messages that this process's sender made
// of the last outbox rows it recorded as sent. A wizard's next step edits or
// strips the message of an earlier row, and asking the database which
// message that was cost a round trip for every other message sent; the row
// was nearly always sent by this sender moments before. Another replica's
// rows, and older ones, are still looked up. A row's message never changes
// once it is recorded as sent.
type delivered struct {
	mu   sync.Mutex
	ids  map[int64]int64 // outbox id → Telegram message id (0: none)
	ring []int64         // the ids in the map, oldest overwritten first
	next int
}

func newDelivered(size int) *delivered {
	return &delivered{ids: make(map[int64]int64, size), ring: make([]int64, size)}
}

// add remembers that outbox row id became Telegram message messageID; call it
// once that is recorded in the database.
func (d *delivered) add(id, messageID int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if old := d.ring[d.next]; old != 0 {
		delete(d.ids, old)
	}
	d.ring[d.next] = id
	d.next = (d.next + 1) % len(d.ring)
	d.ids[id] = messageID
}

// message is the Telegram message outbox row id became, if remembered.
func (d *delivered) message(id int64) (int64, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	m, ok := d.ids[id]
	return m, ok
}
