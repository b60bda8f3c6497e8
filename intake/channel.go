package intake

import "github.com/tipline/tipline/queue"

// Channel is the way a report came in. Any name matching
// queue.ChannelPattern is storable: a new channel needs no schema change.
type Channel string

// The channels.
const (
	Telegram Channel = "telegram"
	Web      Channel = "web"
)

// Valid reports whether the channel's name can be stored on a tip.
func (ch Channel) Valid() bool { return queue.ChannelPattern.MatchString(string(ch)) }

// hasContactStep: only a channel that can message the reporter asks whether
// it may. The web has no way back but the receipt: its reporters are always
// in code mode.
func (ch Channel) hasContactStep() bool { return ch == Telegram }
