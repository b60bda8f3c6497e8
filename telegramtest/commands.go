package telegramtest

import (
	"encoding/json"
	"net/http"
	"regexp"
	"unicode/utf8"
)

var commandPattern = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

func commandsKey(req *request) (string, *APIError) {
	var scope struct {
		Type string `json:"type"`
	}
	if e := req.object("scope", &scope); e != nil {
		return "", e
	}
	if scope.Type == "" {
		scope.Type = "default"
	}
	return scope.Type + "|" + req.str("language_code"), nil
}

func (s *Server) setMyCommands(_ *http.Request, req *request) (any, *APIError) {
	var cmds []struct {
		Command     string `json:"command"`
		Description string `json:"description"`
	}
	if e := req.object("commands", &cmds); e != nil {
		return nil, e
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands")
	}
	for _, c := range cmds {
		if !commandPattern.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf8.RuneCountInString(c.Description); n == 0 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	key, e := commandsKey(req)
	if e != nil {
		return nil, e
	}
	body, _ := json.Marshal(cmds)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands[key] = body
	return true, nil
}

func (s *Server) getMyCommands(_ *http.Request, req *request) (any, *APIError) {
	key, e := commandsKey(req)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if body, ok := s.commands[key]; ok {
		return body, nil
	}
	return json.RawMessage(`[]`), nil
}

func (s *Server) deleteMyCommands(_ *http.Request, req *request) (any, *APIError) {
	key, e := commandsKey(req)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	return true, nil
}
