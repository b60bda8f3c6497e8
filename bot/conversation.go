package bot

import "github.com/tipline/tipline/bot/botapi"

// defaultConversation builds the conversation of bot/chat for a service that
// was not given one.
func defaultConversation(_ Deps, _ botapi.Files) (Handler, Renderer, error) {
	return nil, nil, nil
}
