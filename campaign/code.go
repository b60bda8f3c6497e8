package campaign

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/tipline/tipline/config"
)

// codeLabel names the key campaign codes are signed with. It is derived from
// keys.receipt under this label, so the receipt key and the code key never
// do each other's work. Rotating keys.receipt voids every printed code.
const codeLabel = "tipline campaign code v1"

// tagBytes is the MAC's length in a code: 72 bits, far beyond what a person
// typing codes or a script trying them against the bot could guess.
const tagBytes = 9

// MaxCodeLen bounds a code as Telegram bounds a /start payload (64 of
// A-Z, a-z, 0-9, _ and -); a code is base64url, so it fits both a deep link
// and a URL unescaped.
const MaxCodeLen = 64

var codeEncoding = base64.RawURLEncoding.Strict()

// Signer makes and checks campaign codes.
type Signer struct{ key []byte }

// NewSigner derives the code key from the service's receipt key.
func NewSigner(receiptKey []byte) *Signer {
	m := hmac.New(sha256.New, receiptKey)
	m.Write([]byte(codeLabel))
	return &Signer{key: m.Sum(nil)}
}

// SignerFor is the signer of the service's codes, from cfg's keys.receipt.
// A channel verifies a code with it before the code rides on a draft.
func SignerFor(cfg *config.Config) *Signer {
	_, _, receipt := cfg.KeyBytes()
	return NewSigner(receipt)
}

// Resolve returns the campaign a code attributes a report to: the code's MAC
// must be right and its campaign exist and not be archived. Anything else is
// (0, false, nil), and the report simply carries no campaign. q is the
// caller's transaction.
func (s *Signer) Resolve(ctx context.Context, q sqlx.QueryerContext, code string) (int64, bool, error) {
	id, ok := s.Verify(code)
	if !ok {
		return 0, false, nil
	}
	var live bool
	err := q.QueryRowxContext(ctx, `SELECT archived_at IS NULL FROM campaigns WHERE id = $1`, id).Scan(&live)
	switch {
	case errors.Is(err, sql.ErrNoRows), err == nil && !live:
		return 0, false, nil
	case err != nil:
		return 0, false, fmt.Errorf("campaign: unable to resolve a code: %w", err)
	}
	return id, true, nil
}

// Code is the campaign's code: its id as a varint, then the MAC of those
// bytes, in base64url (14 characters for the first 127 campaigns).
func (s *Signer) Code(id int64) string {
	b := binary.AppendUvarint(nil, uint64(id))
	return codeEncoding.EncodeToString(append(b, s.tag(b)...))
}

// Verify returns the campaign id a code names when its MAC is right. A code
// that was typed, cut short, altered or made without the key is refused.
func (s *Signer) Verify(code string) (int64, bool) {
	if len(code) == 0 || len(code) > MaxCodeLen {
		return 0, false
	}
	raw, err := codeEncoding.DecodeString(code)
	if err != nil || len(raw) <= tagBytes {
		return 0, false
	}
	body, tag := raw[:len(raw)-tagBytes], raw[len(raw)-tagBytes:]
	id, n := binary.Uvarint(body)
	if n != len(body) || id == 0 || id > 1<<62 {
		return 0, false
	}
	if !hmac.Equal(tag, s.tag(body)) {
		return 0, false
	}
	return int64(id), true
}

func (s *Signer) tag(body []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write(body)
	return m.Sum(nil)[:tagBytes]
}
