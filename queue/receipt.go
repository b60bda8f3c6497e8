package queue

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrBadReceipt is returned when a string cannot be read as a receipt code.
var ErrBadReceipt = errors.New("queue: not a receipt code")

// Receipt is the reporter's only handle on a tip: whoever holds it can ask for
// the tip's status and read replies, from any Telegram account. It is 16
// Crockford base32 symbols (80 bits from crypto/rand) in its canonical form
// "XXXX-XXXX-XXXX-XXXX", grouped so it can be read out over a phone. Only
// Hash(receipt_key) is ever stored.
type Receipt string

// receiptAlphabet is Crockford's base32: digits and upper-case letters without
// I, L, O and U, so that nothing is confused when read aloud or handwritten.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const (
	receiptSymbols = 16 // 16 symbols × 5 bits = 80 bits
	receiptGroup   = 4
)

// NewReceipt draws a fresh receipt from crypto/rand.
func NewReceipt() (Receipt, error) {
	raw, err := receiptBits()
	if err != nil {
		return "", err
	}
	return receiptOf(raw), nil
}

// receiptBits draws a receipt's 80 bits from crypto/rand.
func receiptBits() ([receiptSymbols * 5 / 8]byte, error) {
	var raw [receiptSymbols * 5 / 8]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return raw, fmt.Errorf("queue: unable to draw receipt: %w", err)
	}
	return raw, nil
}

// receiptBuckets is how many days the bucket of a tip's receipt cycles over.
const receiptBuckets = 1 << 10

// newTipReceipt draws the receipt of a tip submitted at t: its first two
// symbols are the day's bucket (days since 1970, modulo receiptBuckets), the
// other fourteen (70 bits) from crypto/rand. The stored key begins with the
// bucket (see Key), so a day's receipts are neighbours in the receipt index:
// a random key wrote each submit into a different leaf of a large index and,
// after each checkpoint, a full-page image of it into the write-ahead log
// (the largest part of a submit's log at 1M tips). The bucket tells whoever
// holds the receipt the day it was issued, which its status shows them anyway.
func newTipReceipt(t time.Time) (Receipt, error) {
	raw, err := receiptBits()
	if err != nil {
		return "", err
	}
	bucket := uint16((t.Unix() / 86400) % receiptBuckets)
	raw[0] = byte(bucket >> 2)
	raw[1] = raw[1]&0x3F | byte(bucket&3)<<6
	return receiptOf(raw), nil
}

// receiptOf writes 80 bits as 16 symbols.
func receiptOf(raw [receiptSymbols * 5 / 8]byte) Receipt {
	var sym [receiptSymbols]byte
	// 10 bytes = 80 bits, read 5 bits at a time, most significant first.
	var acc uint64
	bits := 0
	n := 0
	for _, b := range raw {
		acc = acc<<8 | uint64(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			sym[n] = receiptAlphabet[(acc>>uint(bits))&31]
			n++
		}
	}
	return receiptFormat(sym[:])
}

// receiptFormat groups 16 canonical symbols as "XXXX-XXXX-XXXX-XXXX".
func receiptFormat(sym []byte) Receipt {
	var b strings.Builder
	b.Grow(receiptSymbols + receiptSymbols/receiptGroup - 1)
	for i, c := range sym {
		if i > 0 && i%receiptGroup == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(c)
	}
	return Receipt(b.String())
}

// ParseReceipt reads a receipt as a reporter may type or paste it: any case,
// with or without hyphens, spaces or dots between symbols, in full-width
// characters from a Chinese input method, and with the look-alikes O→0,
// I/L→1 and U→V that Crockford base32 defines. It does not search for a code
// inside a sentence: anything that is not a symbol or a separator, or a
// symbol count other than 16, gives ErrBadReceipt.
func ParseReceipt(s string) (Receipt, error) {
	var sym [receiptSymbols]byte
	n := 0
	for _, r := range s {
		r = receiptFold(r)
		if receiptSeparator(r) {
			continue
		}
		c, ok := receiptSymbol(r)
		if !ok || n == receiptSymbols {
			return "", ErrBadReceipt
		}
		sym[n] = c
		n++
	}
	if n != receiptSymbols {
		return "", ErrBadReceipt
	}
	return receiptFormat(sym[:]), nil
}

// receiptFold maps full-width ASCII (ＡＢ１２, －) and the ideographic space to
// their ASCII forms.
func receiptFold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

func receiptSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '-', '.', '_',
		0x00A0,                                         // no-break space
		0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, // hyphens and dashes
		0x2212, 0xFE63, 0x30FC, // minus, small hyphen-minus, katakana long mark (IME "hyphen")
		0x3002, 0x00B7, 0x30FB, 0xFF65: // 。 · ・ ･
		return true
	}
	return false
}

func receiptSymbol(r rune) (byte, bool) {
	if r >= 'a' && r <= 'z' {
		r -= 'a' - 'A'
	}
	switch r {
	case 'O':
		return '0', true
	case 'I', 'L':
		return '1', true
	case 'U':
		return 'V', true
	}
	if r < 0x80 && strings.IndexByte(receiptAlphabet, byte(r)) >= 0 {
		return byte(r), true
	}
	return 0, false
}

// Hash is HMAC-SHA256 under the receipt key of the 16 canonical symbols (no
// hyphens), so a database dump reveals no receipt and the grouping can change
// without invalidating what is stored. Tips submitted before receipts had a
// bucket are stored under it.
func (r Receipt) Hash(key []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.ReplaceAll(string(r), "-", "")))
	return m.Sum(nil)
}

// Key is the receipt as stored: the 10 bits of its first two symbols (the
// bucket of newTipReceipt), then the first 30 bytes of Hash. It reveals no
// more than the bucket, which is the day's and the same for every tip of it.
func (r Receipt) Key(key []byte) []byte {
	canonical := strings.ReplaceAll(string(r), "-", "")
	out := make([]byte, 2, sha256.Size)
	if len(canonical) == receiptSymbols {
		hi := strings.IndexByte(receiptAlphabet, canonical[0])
		lo := strings.IndexByte(receiptAlphabet, canonical[1])
		out[0], out[1] = byte(hi>>3), byte(hi&7)<<5|byte(lo)
	}
	return append(out, r.Hash(key)[:sha256.Size-2]...)
}
