package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/bot/botapi"
	"github.com/tipline/tipline/bot/chat"
	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/queue"
)

// fuzzFiles serves a few fixed files by id, so that updates naming them are
// cleaned and stored like real evidence; any other id fails to download, as
// a file Telegram no longer has does.
type fuzzFiles map[string][]byte

func (f fuzzFiles) Download(_ context.Context, fileID string, maxBytes int64) ([]byte, error) {
	b, ok := f[fileID]
	if !ok {
		return nil, errors.New("no such file")
	}
	if int64(len(b)) > maxBytes {
		return nil, botapi.ErrFileTooLarge
	}
	return b, nil
}

// FuzzUpdate feeds arbitrary bytes to the intake's decoding (readUpdate, then
// the worker's opening and decoding) and the decoded update to the real
// conversation, inside a transaction rolled back after each input. Only
// ErrMalformedUpdate, or an update the worker cannot decode, may be refused;
// the conversation must neither panic nor fail. Seeds are in
// testdata/fuzz/FuzzUpdate: one update of each kind, and broken ones.
func FuzzUpdate(f *testing.F) {
	cfg := config.Default()
	cfg.Keys = config.GenerateKeys()
	cfg.Location = time.UTC
	reporterKey, sealKey, receiptKey := cfg.KeyBytes()
	keys, err := anon.NewKeys(reporterKey, sealKey)
	if err != nil {
		f.Fatal(err)
	}
	db := pgtest.DB(f)
	img := image.NewGray(image.Rect(0, 0, 4, 4))
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, img, nil); err != nil {
		f.Fatal(err)
	}
	files := fuzzFiles{
		"photo":    jpg.Bytes(),
		"pdf":      []byte("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"),
		"fake_jpg": []byte("%PDF-1.4\n%%EOF\n"),
		"cut_jpg":  jpg.Bytes()[:len(jpg.Bytes())/2],
		"big":      make([]byte, 21<<20),
	}
	conv, err := chat.New(chat.Deps{Config: &cfg, Queue: queue.NewStore(db, &cfg, receiptKey), Keys: keys, Files: files,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		f.Fatal(err)
	}
	// Only the fields readUpdate uses: no Telegram, no loops.
	s := &Service{cfg: &cfg, db: db, keys: keys, handler: conv, wake: make(chan struct{}, 1)}

	f.Fuzz(func(t *testing.T, raw []byte) {
		row, err := s.readUpdate(raw)
		if err != nil {
			if !errors.Is(err, ErrMalformedUpdate) {
				t.Fatalf("readUpdate: untyped error %v", err)
			}
			return
		}
		opened, err := s.keys.Open(row.Sealed)
		if err != nil || !bytes.Equal(opened, raw) {
			t.Fatalf("the sealed update does not open to itself: %v", err)
		}
		var upd models.Update
		if err := json.Unmarshal(opened, &upd); err != nil {
			// The worker refuses it the same way ("update does not decode")
			// and parks it after bot.max_attempts.
			return
		}
		ctx := context.Background()
		tx, err := db.BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback() //nolint:errcheck // the input's effects are not kept
		if err := s.handler.Handle(ctx, tx, &upd); err != nil {
			t.Fatalf("the conversation failed on a decodable update: %v", err)
		}
	})
}
