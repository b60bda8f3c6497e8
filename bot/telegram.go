package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/tipline/tipline/bot/botapi"
)

// telegram is the bot's connection to the Bot API. The token is part of every
// URL here: no error that leaves this file carries a URL.
type telegram struct {
	api   *tgbot.Bot
	base  string
	token string
	// poll is for long polls and downloads, which outlive a send's timeout.
	poll *http.Client
}

// newTelegram connects to the Bot API at apiURL with up to conns requests at
// once (the sender's). Their connections are kept between requests: Go's
// default keeps two per host, so every other send of a busy sender dialled a
// new one (and, to Telegram, shook hands over TLS), a twentieth of the bot's
// CPU at 1,000 updates a second against the emulator.
func newTelegram(apiURL, token string, sendTimeout time.Duration, conns int) (*telegram, error) {
	base := strings.TrimRight(apiURL, "/")
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = conns + 2 // and the long poll, a download
	api, err := tgbot.New(token,
		tgbot.WithServerURL(base),
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(sendTimeout, &http.Client{Timeout: sendTimeout, Transport: transport}),
		// The library reports some errors itself; they may hold request details.
		tgbot.WithErrorsHandler(func(error) {}),
	)
	if err != nil {
		return nil, fmt.Errorf("bot: unable to set up the Telegram client: %w", err)
	}
	return &telegram{api: api, base: base, token: token, poll: &http.Client{Timeout: 2 * time.Minute, Transport: transport}}, nil
}

// apiError is a Bot API error answer read by this file's own requests.
type apiError struct {
	Code        int
	Description string
}

func (e *apiError) Error() string { return fmt.Sprintf("telegram: %d %s", e.Code, e.Description) }

// call posts a JSON request and decodes the result; for the calls the library
// does not offer (getUpdates) or decodes eagerly.
func (t *telegram) call(ctx context.Context, client *http.Client, method string, params, dest any) error {
	body, err := json.Marshal(params)
	if err != nil {
		return fmt.Errorf("telegram: unable to encode %s: %w", method, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.base+"/bot"+t.token+"/"+method, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("telegram: unable to build %s", method)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("telegram: %s failed: %w", method, stripURL(err))
	}
	defer resp.Body.Close()
	var r struct {
		OK          bool            `json:"ok"`
		Result      json.RawMessage `json:"result"`
		ErrorCode   int             `json:"error_code"`
		Description string          `json:"description"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&r); err != nil {
		return fmt.Errorf("telegram: %s answered %d, unreadable", method, resp.StatusCode)
	}
	if !r.OK {
		return &apiError{Code: r.ErrorCode, Description: r.Description}
	}
	if dest == nil {
		return nil
	}
	if err := json.Unmarshal(r.Result, dest); err != nil {
		return fmt.Errorf("telegram: unable to decode the %s result: %w", method, err)
	}
	return nil
}

// getUpdates long-polls for updates after offset; each is returned raw, as it
// is stored in the inbox.
func (t *telegram) getUpdates(ctx context.Context, offset int64, timeout time.Duration) ([]json.RawMessage, error) {
	params := map[string]any{"offset": offset, "timeout": int(timeout.Seconds()), "limit": 100}
	var out []json.RawMessage
	err := t.call(ctx, t.poll, "getUpdates", params, &out)
	return out, err
}

// Download implements botapi.Files.
func (t *telegram) Download(ctx context.Context, fileID string, maxBytes int64) ([]byte, error) {
	var f struct {
		FileSize int64  `json:"file_size"`
		FilePath string `json:"file_path"`
	}
	if err := t.call(ctx, t.poll, "getFile", map[string]string{"file_id": fileID}, &f); err != nil {
		return nil, fmt.Errorf("bot: unable to look up a file: %w", err)
	}
	if f.FileSize > maxBytes {
		return nil, botapi.ErrFileTooLarge
	}
	if f.FilePath == "" {
		return nil, errors.New("bot: Telegram gave no path for a file")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.base+"/file/bot"+t.token+"/"+f.FilePath, nil)
	if err != nil {
		return nil, errors.New("bot: unable to build a file download")
	}
	resp, err := t.poll.Do(req)
	if err != nil {
		return nil, fmt.Errorf("bot: unable to download a file: %w", stripURL(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("bot: file download answered %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("bot: unable to read a file: %w", stripURL(err))
	}
	if int64(len(data)) > maxBytes {
		return nil, botapi.ErrFileTooLarge
	}
	return data, nil
}

// stripURL drops the URL (and with it the token) from an HTTP client error.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Failure kinds of a Bot API call, each handled its own way by the sender.
const (
	failRateLimited = "rate_limited"
	failBlocked     = "blocked"
	failMigrated    = "migrated"
	failBadRequest  = "bad_request"
	failNotModified = "not_modified"
	failGone        = "message_gone" // the message to edit or delete is not there
	failServer      = "server"
	failNetwork     = "network"
)

// detailTimeout is a network failure's detail for a request that timed out,
// which Telegram may still carry out.
const detailTimeout = "timeout"

// failure is a classified error: what happened, never what was said.
type failure struct {
	kind       string
	retryAfter time.Duration
	migrateTo  int64
	detail     string // short, from Telegram's description
}

var serverCode = regexp.MustCompile(`error response from telegram for method \w+, (\d+)`)

// classify maps an error of go-telegram/bot or of call to a failure.
func classify(err error) failure {
	var tooMany *tgbot.TooManyRequestsError
	var migrate *tgbot.MigrateError
	var ae *apiError
	switch {
	case errors.As(err, &tooMany):
		return failure{kind: failRateLimited, retryAfter: time.Duration(max(tooMany.RetryAfter, 1)) * time.Second}
	case errors.As(err, &migrate):
		return failure{kind: failMigrated, migrateTo: int64(migrate.MigrateToChatID)}
	case errors.Is(err, tgbot.ErrorForbidden):
		return failure{kind: failBlocked, detail: "forbidden"}
	case errors.Is(err, tgbot.ErrorBadRequest):
		return badRequest(err.Error())
	case errors.As(err, &ae):
		switch {
		case ae.Code == http.StatusTooManyRequests:
			return failure{kind: failRateLimited, retryAfter: time.Second}
		case ae.Code == http.StatusForbidden:
			return failure{kind: failBlocked, detail: "forbidden"}
		case ae.Code == http.StatusBadRequest:
			return badRequest(ae.Description)
		}
		return failure{kind: failServer, detail: strconv.Itoa(ae.Code)}
	case errors.Is(err, context.DeadlineExceeded):
		return failure{kind: failNetwork, detail: detailTimeout}
	}
	if m := serverCode.FindStringSubmatch(err.Error()); m != nil {
		return failure{kind: failServer, detail: m[1]}
	}
	// Unauthorized, not found, conflict (a wrong token or URL) are kept and
	// retried like an outage: nothing is dropped for a configuration mistake.
	for code, e := range map[string]error{"401": tgbot.ErrorUnauthorized, "404": tgbot.ErrorNotFound, "409": tgbot.ErrorConflict} {
		if errors.Is(err, e) {
			return failure{kind: failServer, detail: code}
		}
	}
	return failure{kind: failNetwork, detail: "network"}
}

// badRequest keeps Telegram's reason up to its first colon: "can't parse
// entities", never the offending text that may follow.
func badRequest(desc string) failure {
	_, d, found := strings.Cut(desc, "Bad Request: ")
	if !found {
		d = desc
	}
	d, _, _ = strings.Cut(d, ":")
	d = strings.TrimSpace(d)
	if len(d) > 80 {
		d = d[:80]
	}
	switch {
	case strings.HasPrefix(d, "message is not modified"):
		return failure{kind: failNotModified, detail: d}
	case strings.HasPrefix(d, "message to edit not found"), strings.HasPrefix(d, "message to delete not found"),
		strings.HasPrefix(d, "message can't be edited"), strings.HasPrefix(d, "message can't be deleted"):
		return failure{kind: failGone, detail: d}
	}
	return failure{kind: failBadRequest, detail: d}
}
