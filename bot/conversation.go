package bot

import (
	"errors"
	"fmt"

	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/bot/chat"
)

// defaultConversation builds the conversation of bot/chat for a service that
// was not given one. The queue given in Deps must then be the whole store.
func defaultConversation(d Deps, files botapi.Files) (Handler, Renderer, error) {
	q, ok := d.Queue.(chat.Queue)
	if !ok {
		return nil, nil, errors.New("bot: the queue given cannot serve the conversation (want *queue.Store)")
	}
	c, err := chat.New(chat.Deps{Config: d.Config, Queue: q, Keys: d.Keys, Files: files, Log: d.Log})
	if err != nil {
		return nil, nil, fmt.Errorf("bot: unable to build the conversation: %w", err)
	}
	return c, c, nil
}
