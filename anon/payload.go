package anon

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// payloadLabel names the key that seals outbox payloads. Deriving it from the
// seal key under a label of its own keeps the two uses apart: a chat id and
// a message are never sealed under one key, and a value of one kind does not
// open as the other.
const payloadLabel = "tipline outbox payload v1"

func payloadKey(sealKey []byte) []byte {
	h := hmac.New(sha256.New, sealKey)
	h.Write([]byte(payloadLabel))
	return h.Sum(nil)
}

// SealPayload seals what the bot is about to tell a reporter until it is sent.
// context (the row's chat key) is bound to it: a sealed payload moved onto
// another reporter's row does not open.
func (k *Keys) SealPayload(plain, context []byte) []byte { return seal(k.payload, plain, context) }

// OpenPayload opens what SealPayload produced with the same context.
func (k *Keys) OpenPayload(sealed, context []byte) ([]byte, error) {
	return open(k.payload, sealed, context)
}

// OutboxKey orders the outbox messages of one reporter. It is keyed, so the
// outbox cannot be joined to the reporter references of tips and drafts
// without the reporter key.
func (k *Keys) OutboxKey(r Ref) string {
	h := hmac.New(sha256.New, k.reporter)
	h.Write([]byte("outbox"))
	h.Write(r[:])
	return "r:" + hex.EncodeToString(h.Sum(nil)[:16])
}
