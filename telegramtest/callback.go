package telegramtest

import (
	"context"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// maxCallbacks bounds the callback queries remembered for answers.
const maxCallbacks = 10000

// CallbackAnswer is what the bot answered to a button press.
type CallbackAnswer struct {
	Answered  bool
	Text      string
	ShowAlert bool
	URL       string
}

func (s *Server) answerCallbackQuery(_ *http.Request, req *request) (any, *APIError) {
	text := req.str("text")
	if utf8.RuneCountInString(text) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.callbacks[req.str("callback_query_id")]
	if a == nil || a.Answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	*a = CallbackAnswer{Answered: true, Text: text, ShowAlert: req.boolean("show_alert"), URL: req.str("url")}
	s.broadcastLocked()
	return true, nil
}

// newCallbackLocked registers a press and returns its callback query id.
func (s *Server) newCallbackLocked() string {
	s.callbackSeq++
	id := "4" + strconv.FormatInt(s.callbackSeq, 10)
	s.callbacks[id] = &CallbackAnswer{}
	s.callbackOrder = append(s.callbackOrder, id)
	if len(s.callbackOrder) > maxCallbacks {
		delete(s.callbacks, s.callbackOrder[0])
		s.callbackOrder = s.callbackOrder[1:]
	}
	return id
}

// CallbackAnswer reports how the bot answered the callback query id (from Press).
func (s *Server) CallbackAnswer(id string) (CallbackAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.callbacks[id]
	if a == nil {
		return CallbackAnswer{}, false
	}
	return *a, true
}

// WaitCallbackAnswer waits until the bot answers the callback query id.
func (s *Server) WaitCallbackAnswer(ctx context.Context, id string) (CallbackAnswer, error) {
	for {
		s.mu.Lock()
		var a CallbackAnswer
		if p := s.callbacks[id]; p != nil {
			a = *p
		}
		changed := s.changed
		s.mu.Unlock()
		if a.Answered {
			return a, nil
		}
		select {
		case <-ctx.Done():
			return CallbackAnswer{}, ctx.Err()
		case <-s.done:
			return CallbackAnswer{}, ErrClosed
		case <-changed:
		}
	}
}
