package config

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math"
)

// GenerateKeys makes fresh, distinct keys of MinKeyBytes each from
// crypto/rand, base64 as the keys section expects: what `tipline keygen`
// prints and what a test or a load run uses.
func GenerateKeys() Keys {
	return Keys{Reporter: newKey(), Seal: newKey(), Receipt: newKey(), TOTP: newKey()}
}

func newKey() string {
	b := make([]byte, MinKeyBytes)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.StdEncoding.EncodeToString(b)
}

// A key must be random bytes. The checks below refuse what a person types or
// pastes instead (zeros, a phrase, a counting sequence, a repeated block);
// each refuses a key from crypto/rand of MinKeyBytes with a chance far below
// one in a billion.
const (
	// minKeyBits bounds the estimate of weakKey: the key's length times the
	// Shannon entropy of its byte frequencies. Random 32 bytes score about
	// 155; 64 random hex digits (openssl rand -hex 32) 256.
	minKeyBits = 128
	// maxKeyStretch is the longest stretch of bytes allowed to rise, fall or
	// stay by one fixed step (00 00 00…, 01 02 03…, "abcdef…").
	maxKeyStretch = 7
)

// weakKey says why the decoded key does not look random, or "" when it does.
func weakKey(b []byte) string {
	if bits := keyBits(b); bits < minKeyBits {
		return fmt.Sprintf("looks far from random (an estimated %.0f bits, at least %d needed)", bits, minKeyBits)
	}
	run := 2 // bytes in the current stretch; any two bytes make one
	for i := 2; i < len(b); i++ {
		if b[i]-b[i-1] != b[i-1]-b[i-2] {
			run = 2
		} else if run++; run > maxKeyStretch {
			return fmt.Sprintf("has more than %d bytes in a row that count by one fixed step", maxKeyStretch)
		}
	}
	for p := 1; p <= len(b)/2; p++ {
		if bytes.Equal(b[p:], b[:len(b)-p]) {
			return fmt.Sprintf("repeats one block of %d bytes", p)
		}
	}
	return ""
}

// keyBits estimates a key's entropy as its length times the Shannon entropy of
// its byte frequencies: an upper bound, enough to catch a key with few byte
// values or one value dominating.
func keyBits(b []byte) float64 {
	var counts [256]int
	for _, c := range b {
		counts[c]++
	}
	n := float64(len(b))
	var h float64
	for _, c := range counts {
		if c > 0 {
			p := float64(c) / n
			h -= p * math.Log2(p)
		}
	}
	return h * n
}
