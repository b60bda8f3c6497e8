package telegramtest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// reply is the envelope of every Bot API answer.
type reply struct {
	OK          bool             `json:"ok"`
	Result      any              `json:"result,omitempty"`
	ErrorCode   int              `json:"error_code,omitempty"`
	Description string           `json:"description,omitempty"`
	Parameters  *replyParameters `json:"parameters,omitempty"`
}

type replyParameters struct {
	RetryAfter      int   `json:"retry_after,omitempty"`
	MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
}

type methodFunc func(s *Server, r *http.Request, req *request) (any, *APIError)

// methods are keyed by lower-case name: Telegram matches method names without case.
var methods = map[string]methodFunc{}

func init() {
	for name, f := range map[string]methodFunc{
		"getMe":                  (*Server).getMe,
		"logOut":                 func(*Server, *http.Request, *request) (any, *APIError) { return true, nil },
		"close":                  func(*Server, *http.Request, *request) (any, *APIError) { return true, nil },
		"getUpdates":             (*Server).getUpdates,
		"setWebhook":             (*Server).setWebhook,
		"deleteWebhook":          (*Server).deleteWebhook,
		"getWebhookInfo":         (*Server).getWebhookInfo,
		"sendMessage":            (*Server).sendMessage,
		"sendPhoto":              (*Server).sendPhoto,
		"sendDocument":           (*Server).sendDocument,
		"editMessageText":        (*Server).editMessageText,
		"editMessageReplyMarkup": (*Server).editMessageReplyMarkup,
		"deleteMessage":          (*Server).deleteMessage,
		"answerCallbackQuery":    (*Server).answerCallbackQuery,
		"sendChatAction":         (*Server).sendChatAction,
		"getFile":                (*Server).getFile,
		"setMyCommands":          (*Server).setMyCommands,
		"getMyCommands":          (*Server).getMyCommands,
		"deleteMyCommands":       (*Server).deleteMyCommands,
		"getChat":                (*Server).getChat,
	} {
		methods[strings.ToLower(name)] = f
	}
}

// Handler answers the Bot API at /bot<token>/<method> and files at
// /file/bot<token>/<path>.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(s.serveHTTP)
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if strings.HasPrefix(path, controlPrefix) {
		s.control().ServeHTTP(w, r)
		return
	}
	if rest, ok := strings.CutPrefix(path, "/file/bot"); ok {
		token, filePath, _ := strings.Cut(rest, "/")
		if token != s.opts.Token {
			writeError(w, &APIError{Code: http.StatusUnauthorized, Description: "Unauthorized"})
			return
		}
		s.serveFile(w, filePath)
		return
	}
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		writeError(w, &APIError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	token, method, _ := strings.Cut(rest, "/")
	if token != s.opts.Token {
		writeError(w, &APIError{Code: http.StatusUnauthorized, Description: "Unauthorized"})
		return
	}
	f := methods[strings.ToLower(method)]
	if f == nil {
		writeError(w, &APIError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	req, err := parseRequest(r)
	if err != nil {
		writeError(w, badRequest("invalid request body"))
		return
	}
	s.mu.Lock()
	s.requests[method]++
	s.mu.Unlock()

	if !s.hang(r, method) {
		writeError(w, &APIError{Code: http.StatusInternalServerError, Description: "Internal Server Error: emulator closed"})
		return
	}
	if apiErr := s.fault(method); apiErr != nil {
		writeError(w, apiErr)
		return
	}
	result, apiErr := f(s, r, req)
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}
	writeJSON(w, http.StatusOK, reply{OK: true, Result: result})
}

func writeError(w http.ResponseWriter, e *APIError) {
	rep := reply{OK: false, ErrorCode: e.Code, Description: e.Description}
	if e.RetryAfter > 0 || e.MigrateToChatID != 0 {
		rep.Parameters = &replyParameters{RetryAfter: e.RetryAfter, MigrateToChatID: e.MigrateToChatID}
	}
	writeJSON(w, e.Code, rep)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, `{"ok":false,"error_code":500,"description":"Internal Server Error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
