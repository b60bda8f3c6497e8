// Package anon holds the primitives of the anonymity model: a reporter is known
// only by an HMAC of their Telegram user id, and the chat of a reporter who
// consented to contact, and what the bot is about to tell them, are sealed
// with AES-GCM so only the sender can open them.
package anon

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// Ref is a reporter reference: HMAC-SHA256(reporter key, user id). Stable, so
// limits, blocks and drafts work, but not reversible without the key.
type Ref [32]byte

// Hex is the form used in outbox chat keys and logs of officers' actions.
func (r Ref) Hex() string { return hex.EncodeToString(r[:]) }

// Short is a prefix shown to officers to tell reporters apart (never the id).
func (r Ref) Short() string { return hex.EncodeToString(r[:4]) }

// Bytes returns the reference as stored in bytea columns.
func (r Ref) Bytes() []byte { return r[:] }

// RefFromBytes reads a stored reference.
func RefFromBytes(b []byte) (Ref, error) {
	var r Ref
	if len(b) != len(r) {
		return r, fmt.Errorf("anon: reporter ref is %d bytes, want 32", len(b))
	}
	copy(r[:], b)
	return r, nil
}

// Keys are the reporter, seal and chat-key secrets.
type Keys struct {
	reporter []byte
	aead     cipher.AEAD
	payload  cipher.AEAD // outbox payloads, under a key of its own (see payload.go)
}

// ErrSealed is returned when a sealed value does not open with the key.
var ErrSealed = errors.New("anon: sealed value does not open with this key")

// NewKeys builds the primitives from the configured reporter and seal keys.
func NewKeys(reporterKey, sealKey []byte) (*Keys, error) {
	if len(reporterKey) < 32 || len(sealKey) < 32 {
		return nil, errors.New("anon: keys must be at least 32 bytes")
	}
	// The seal key is stretched to exactly 32 bytes for AES-256.
	k := sha256.Sum256(sealKey)
	aead, err := newAEAD(k[:])
	if err != nil {
		return nil, err
	}
	payload, err := newAEAD(payloadKey(sealKey))
	if err != nil {
		return nil, err
	}
	return &Keys{reporter: append([]byte(nil), reporterKey...), aead: aead, payload: payload}, nil
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Reporter returns the reference of a Telegram user id.
func (k *Keys) Reporter(userID int64) Ref {
	return Ref(k.mac("reporter", userID))
}

// ChatKey orders the work of one chat (inbox, outbox) without naming it.
func (k *Keys) ChatKey(chatID int64) string {
	m := k.mac("chat", chatID)
	return "c:" + hex.EncodeToString(m[:16])
}

func (k *Keys) mac(purpose string, id int64) [32]byte {
	h := hmac.New(sha256.New, k.reporter)
	h.Write([]byte(purpose))
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(id))
	h.Write(b[:])
	var out [32]byte
	copy(out[:], h.Sum(nil))
	return out
}

// Seal encrypts bytes (a raw update, a chat id) with a fresh nonce.
func (k *Keys) Seal(plain []byte) []byte { return seal(k.aead, plain, nil) }

// Open decrypts what Seal produced.
func (k *Keys) Open(sealed []byte) ([]byte, error) { return open(k.aead, sealed, nil) }

func seal(aead cipher.AEAD, plain, context []byte) []byte {
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+len(plain)+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return aead.Seal(nonce, nonce, plain, context)
}

func open(aead cipher.AEAD, sealed, context []byte) ([]byte, error) {
	n := aead.NonceSize()
	if len(sealed) < n+aead.Overhead() {
		return nil, ErrSealed
	}
	out, err := aead.Open(nil, sealed[:n], sealed[n:], context)
	if err != nil {
		return nil, ErrSealed
	}
	return out, nil
}

// SealChat seals a chat id.
func (k *Keys) SealChat(chatID int64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(chatID))
	return k.Seal(b[:])
}

// OpenChat opens a sealed chat id.
func (k *Keys) OpenChat(sealed []byte) (int64, error) {
	b, err := k.Open(sealed)
	if err != nil {
		return 0, err
	}
	if len(b) != 8 {
		return 0, ErrSealed
	}
	return int64(binary.BigEndian.Uint64(b)), nil
}
