package bot

import "github.com/tipline/tipline/bot/botapi"

// The contract with the conversation lives in bot/botapi so that the
// conversation need not import this package; these names are the same types.
type (
	Handler  = botapi.Handler
	Renderer = botapi.Renderer
	Request  = botapi.Request
	Files    = botapi.Files
	Tx       = botapi.Tx
)
