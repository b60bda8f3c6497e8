package officer

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
)

// secretSealer seals TOTP secrets with AES-256-GCM under a key derived from
// keys.totp for this one use, so that even keys.seal standing in for an unset
// keys.totp seals nothing else the same way.
type secretSealer struct{ aead cipher.AEAD }

// NewSecretSealer returns the sealer of TOTP secrets for key (cfg.TOTPKey()).
func NewSecretSealer(key []byte) (Sealer, error) {
	if len(key) < 32 {
		return nil, errors.New("officer: the key sealing TOTP secrets (keys.totp) must be at least 32 bytes")
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte("tipline: officers' TOTP secrets"))
	block, err := aes.NewCipher(m.Sum(nil))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return secretSealer{aead: aead}, nil
}

func (s secretSealer) Seal(plain []byte) []byte {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	_, _ = rand.Read(nonce) // crypto/rand does not fail on supported platforms
	return s.aead.Seal(nonce, nonce, plain, nil)
}

func (s secretSealer) Open(sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, errors.New("officer: sealed TOTP secret too short")
	}
	return s.aead.Open(nil, sealed[:n], sealed[n:], nil)
}
