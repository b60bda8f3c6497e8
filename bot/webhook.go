package bot

import (
	"crypto/subtle"
	"errors"
	"io"
	"net/http"
)

// MaxUpdateBytes bounds a webhook body; Telegram's updates are a few KB. The
// listener's body rule for the webhook uses it too.
const MaxUpdateBytes = 1 << 20

// WebhookHandler receives updates Telegram posts (mounted at POST
// /telegram/webhook). It answers 200 only once the update is committed to the
// inbox, so Telegram redelivers anything not stored: processed, most often,
// in the same transaction (processArrival), or pending for the workers.
func (s *Service) WebhookHandler() http.Handler {
	secret := []byte(s.cfg.Bot.Webhook.Secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxUpdateBytes))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				s.log.Warn("webhook body too large", "limit", MaxUpdateBytes)
				http.Error(w, "too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		row, err := s.readUpdate(body)
		if err != nil {
			// Never the body: it names whoever sent it.
			s.log.Warn("webhook update malformed", "bytes", len(body))
			http.Error(w, "malformed update", http.StatusBadRequest)
			return
		}
		stored, err := s.processArrival(r.Context(), row, body)
		if err != nil {
			s.log.Warn("webhook update not processed on arrival; storing it for the workers", "err", err)
		}
		if stored {
			w.WriteHeader(http.StatusOK)
			return
		}
		if err := s.inbox.do(r.Context(), row); err != nil {
			s.log.Error("webhook update not stored", "err", err)
			http.Error(w, "not stored", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
