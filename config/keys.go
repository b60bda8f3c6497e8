package config

import (
	"crypto/rand"
	"encoding/base64"
)

// GenerateKeys makes three fresh, distinct keys of MinKeyBytes each from
// crypto/rand, base64 as the keys section expects: what `tipline keygen`
// prints and what a test or a load run uses.
func GenerateKeys() Keys {
	return Keys{Reporter: newKey(), Seal: newKey(), Receipt: newKey()}
}

func newKey() string {
	b := make([]byte, MinKeyBytes)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.StdEncoding.EncodeToString(b)
}
