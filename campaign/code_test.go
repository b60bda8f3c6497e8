package campaign

import (
	"context"
	"errors"
	"regexp"
	"testing"
)

var payloadPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func TestCodeRoundTripsAndFitsATelegramPayload(t *testing.T) {
	s := NewSigner([]byte("receipt-key-for-tests-0123456789ab"))
	for _, id := range []int64{1, 127, 128, 99999, 1 << 40} {
		code := s.Code(id)
		if !payloadPattern.MatchString(code) {
			t.Fatalf("code %q of %d does not fit a /start payload", code, id)
		}
		if got, ok := s.Verify(code); !ok || got != id {
			t.Fatalf("Verify(%q) = %d, %v; want %d", code, got, ok, id)
		}
	}
	if n := len(s.Code(1)); n > 16 {
		t.Fatalf("code of campaign 1 is %d characters", n)
	}
}

func TestForgedAndTypedCodesAreRefused(t *testing.T) {
	s := NewSigner([]byte("receipt-key-for-tests-0123456789ab"))
	other := NewSigner([]byte("another-receipt-key-0123456789abcd"))
	code := s.Code(7)
	flipped := []byte(code)
	flipped[len(flipped)-1] ^= 1
	for name, c := range map[string]string{
		"other key":     other.Code(7),
		"last char":     string(flipped),
		"cut short":     code[:len(code)-1],
		"longer":        code + "A",
		"empty":         "",
		"typed":         "school2026",
		"padded":        code + "==",
		"lower-cased":   lower(code),
		"too long":      string(make([]byte, 65)),
		"not base64":    "最新活动",
		"id of another": s.Code(8)[:2] + code[2:],
	} {
		if c == code {
			continue // lower-casing a code without letters changes nothing
		}
		if id, ok := s.Verify(c); ok {
			t.Errorf("%s: %q verified as campaign %d", name, c, id)
		}
	}
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// The store's key is keys.receipt under a label, not keys.receipt itself:
// a code signed with the bare receipt key is refused.
func TestStoreSignsWithAKeyDerivedFromTheReceiptKey(t *testing.T) {
	cfg := testConfig()
	st := NewStore(nil, cfg)
	_, _, receipt := cfg.KeyBytes()
	if id, ok := st.Signer().Verify(NewSigner(receipt).Code(3)); !ok || id != 3 {
		t.Fatalf("a code from the receipt key's signer is refused: %d %v", id, ok)
	}
	bare := &Signer{key: receipt}
	if _, ok := st.Signer().Verify(bare.Code(3)); ok {
		t.Fatal("a code MACed with the bare receipt key verified")
	}
}

func TestResolveRefusesArchivedUnknownAndForgedCodes(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	live := b.campaign(t, "梅桥镇中学禁毒宣讲", "school", "meiqiao")
	gone := b.campaign(t, "2026年6.27广场宣传", "major_event", "dongshan")
	if err := b.store.SetArchived(ctx, gone.ID, true); err != nil {
		t.Fatal(err)
	}
	if id, ok, err := b.store.Resolve(ctx, b.db, b.store.Code(live)); err != nil || !ok || id != live.ID {
		t.Fatalf("live campaign: %d %v %v", id, ok, err)
	}
	for name, code := range map[string]string{
		"archived": b.store.Code(gone),
		"unknown":  b.store.Signer().Code(gone.ID + 100),
		"forged":   NewSigner([]byte("not-the-service-key-0123456789abcd")).Code(live.ID),
	} {
		if id, ok, err := b.store.Resolve(ctx, b.db, code); err != nil || ok || id != 0 {
			t.Errorf("%s: resolved to %d (%v, %v)", name, id, ok, err)
		}
	}
	// Brought back, the archived campaign's code works again.
	if err := b.store.SetArchived(ctx, gone.ID, false); err != nil {
		t.Fatal(err)
	}
	if id, ok, err := b.store.Resolve(ctx, b.db, b.store.Code(gone)); err != nil || !ok || id != gone.ID {
		t.Fatalf("unarchived: %d %v %v", id, ok, err)
	}
}

func TestCreateRefusesWhatIsNotConfigured(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	start, _ := ParseDate("2026-06-26")
	end, _ := ParseDate("2026-06-01")
	for field, c := range map[string]Campaign{
		"name":  {Name: "  ", Kind: "school", AreaCode: "meiqiao"},
		"kind":  {Name: "宣讲", Kind: "karaoke", AreaCode: "meiqiao"},
		"area":  {Name: "宣讲", Kind: "school", AreaCode: "beijing"},
		"dates": {Name: "宣讲", Kind: "school", AreaCode: "meiqiao", StartsOn: start, EndsOn: end},
	} {
		_, err := b.store.Create(ctx, c, 0)
		var inv *InvalidError
		if !errors.As(err, &inv) || inv.Field != field {
			t.Errorf("%s: got %v", field, err)
		}
	}
	var n int
	if err := b.db.Get(&n, `SELECT count(*) FROM campaigns`); err != nil || n != 0 {
		t.Fatalf("campaigns stored: %d %v", n, err)
	}
}
