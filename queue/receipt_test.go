package queue

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"
)

var receiptCanonical = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$`)

func TestNewReceiptFormat(t *testing.T) {
	t.Parallel()
	r, err := NewReceipt()
	if err != nil {
		t.Fatal(err)
	}
	if !receiptCanonical.MatchString(string(r)) {
		t.Fatalf("receipt %q is not XXXX-XXXX-XXXX-XXXX in Crockford base32", r)
	}
	back, err := ParseReceipt(string(r))
	if err != nil || back != r {
		t.Fatalf("ParseReceipt(%q) = %q, %v; want the same receipt", r, back, err)
	}
}

// TestNewReceiptDistribution draws 10,000 receipts: all must differ, and every
// position must use the whole alphabet evenly (a bit-packing slip shows up as
// symbols a position never reaches, or a skewed chi-square).
func TestNewReceiptDistribution(t *testing.T) {
	t.Parallel()
	const n = 10000
	seen := make(map[Receipt]bool, n)
	var counts [receiptSymbols][32]int
	for range n {
		r, err := NewReceipt()
		if err != nil {
			t.Fatal(err)
		}
		if seen[r] {
			t.Fatalf("receipt %q drawn twice", r)
		}
		seen[r] = true
		for i, c := range strings.ReplaceAll(string(r), "-", "") {
			counts[i][strings.IndexRune(receiptAlphabet, c)]++
		}
	}
	var total [32]int
	for pos, cs := range counts {
		// 31 degrees of freedom: mean 31, sd ≈ 7.9; 100 is beyond 1e-9.
		if chi := receiptChiSquare(cs[:], n); chi > 100 {
			t.Errorf("position %d: chi-square %.1f, counts %v", pos, chi, cs)
		}
		for s, c := range cs {
			total[s] += c
		}
	}
	if chi := receiptChiSquare(total[:], n*receiptSymbols); chi > 100 {
		t.Errorf("all positions: chi-square %.1f, counts %v", chi, total)
	}
}

func receiptChiSquare(counts []int, n int) float64 {
	want := float64(n) / float64(len(counts))
	var chi float64
	for _, c := range counts {
		d := float64(c) - want
		chi += d * d / want
	}
	return chi
}

func TestParseReceipt(t *testing.T) {
	t.Parallel()
	const want = Receipt("K7QM-3XPD-9WTA-2HCE")
	tests := []struct {
		in   string
		want Receipt
		err  error
	}{
		{"K7QM-3XPD-9WTA-2HCE", want, nil},
		{"k7qm-3xpd-9wta-2hce", want, nil},
		{"K7QM3XPD9WTA2HCE", want, nil},
		{"  K7QM 3XPD 9WTA 2HCE \n", want, nil},
		{"K7QM.3XPD.9WTA.2HCE", want, nil},
		{"K7-QM-3X-PD-9W-TA-2H-CE", want, nil},
		{"Ｋ７ＱＭ－３ＸＰＤ－９ＷＴＡ－２ＨＣＥ", want, nil},
		{"ｋ７ｑｍ　３ｘｐｄ　９ｗｔａ　２ｈｃｅ", want, nil},
		{"K7QM—3XPD—9WTA—2HCE", want, nil},
		{"K7QM。3XPD。9WTA。2HCE", want, nil},
		{"OOOO-IIII-LLLL-UUUU", "0000-1111-1111-VVVV", nil},
		{"oooo-iiii-llll-uuuu", "0000-1111-1111-VVVV", nil},
		{"0000-0000-0000-0000", "0000-0000-0000-0000", nil},
		{"ZZZZ-ZZZZ-ZZZZ-ZZZZ", "ZZZZ-ZZZZ-ZZZZ-ZZZZ", nil},
		{"", "", ErrBadReceipt},
		{"----", "", ErrBadReceipt},
		{"K7QM-3XPD-9WTA-2HC", "", ErrBadReceipt},   // 15 symbols
		{"K7QM-3XPD-9WTA-2HCEE", "", ErrBadReceipt}, // 17 symbols
		{"K7QM-3XPD-9WTA-2HC!", "", ErrBadReceipt},  // not a symbol
		{"K7QM-3XPD-9WTA-2HC码", "", ErrBadReceipt},  // not a symbol
		{"my code is K7QM-3XPD-9WTA-2HCE", "", ErrBadReceipt},
		{"我的回执码是K7QM-3XPD-9WTA-2HCE", "", ErrBadReceipt},
		{"K7QM-3XPD-9WTA-2HCE thanks", "", ErrBadReceipt},
		{"/status K7QM-3XPD-9WTA-2HCE", "", ErrBadReceipt},
	}
	for _, tt := range tests {
		got, err := ParseReceipt(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ParseReceipt(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestReceiptHash(t *testing.T) {
	t.Parallel()
	r := Receipt("K7QM-3XPD-9WTA-2HCE")
	k1, k2 := []byte("key one"), []byte("key two")
	h1 := r.Hash(k1)
	if len(h1) != 32 {
		t.Fatalf("hash length %d, want 32", len(h1))
	}
	if !bytes.Equal(h1, r.Hash(k1)) {
		t.Fatal("hash is not stable for one key")
	}
	if bytes.Equal(h1, r.Hash(k2)) {
		t.Fatal("hash does not depend on the key")
	}
	if bytes.Equal(h1, Receipt("K7QM-3XPD-9WTA-2HCF").Hash(k1)) {
		t.Fatal("two receipts share a hash")
	}
	if bytes.Contains(h1, []byte("K7QM")) {
		t.Fatal("hash contains the receipt in clear")
	}
	parsed, err := ParseReceipt("k7qm 3xpd 9wta 2hce")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(parsed.Hash(k1), h1) {
		t.Fatal("a receipt typed loosely hashes differently from its canonical form")
	}
}

func FuzzParseReceipt(f *testing.F) {
	for _, s := range []string{
		"K7QM-3XPD-9WTA-2HCE", "k7qm3xpd9wta2hce", "Ｋ７ＱＭ－３ＸＰＤ－９ＷＴＡ－２ＨＣＥ",
		"OOOO IIII LLLL UUUU", "my code is K7QM-3XPD-9WTA-2HCE", "", "-", "\xff\xfe", "K7QM-3XPD-9WTA-2HC",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReceipt(s)
		if err != nil {
			if r != "" {
				t.Fatalf("ParseReceipt(%q) returned %q with error %v", s, r, err)
			}
			return
		}
		if !receiptCanonical.MatchString(string(r)) {
			t.Fatalf("ParseReceipt(%q) = %q, not canonical", s, r)
		}
		again, err := ParseReceipt(string(r))
		if err != nil || again != r {
			t.Fatalf("canonical %q parses to %q, %v", r, again, err)
		}
	})
}

// A tip's receipt begins with its day's bucket, and its stored key with the
// same ten bits, so a day's keys sort together; the other 70 bits are random.
func TestTipReceiptBucket(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 11, 28, 23, 59, 0, 0, time.UTC)
	bucket := int((day.Unix() / 86400) % receiptBuckets)
	key := []byte("receipt key")
	seen := map[Receipt]bool{}
	for range 200 {
		r, err := newTipReceipt(day)
		if err != nil {
			t.Fatal(err)
		}
		if !receiptCanonical.MatchString(string(r)) || seen[r] {
			t.Fatalf("receipt %q (seen before: %v)", r, seen[r])
		}
		seen[r] = true
		hi, lo := strings.IndexByte(receiptAlphabet, r[0]), strings.IndexByte(receiptAlphabet, r[1])
		if hi<<5|lo != bucket {
			t.Fatalf("receipt %q begins with bucket %d, want %d", r, hi<<5|lo, bucket)
		}
		k := r.Key(key)
		if len(k) != 32 || int(k[0])<<8|int(k[1]) != bucket || !bytes.Equal(k[2:], r.Hash(key)[:30]) {
			t.Fatalf("key %x of %q", k, r)
		}
		if parsed, _ := ParseReceipt(strings.ToLower(strings.ReplaceAll(string(r), "-", " "))); !bytes.Equal(parsed.Key(key), k) {
			t.Fatalf("%q typed loosely keys differently", r)
		}
	}
	today, _ := newTipReceipt(day)
	tomorrow, _ := newTipReceipt(day.Add(time.Minute))
	if today[:2] == tomorrow[:2] {
		t.Fatalf("the next day's receipt %q shares the bucket of %q", tomorrow, today)
	}
}
