package anon

import (
	"bytes"
	"errors"
	"strconv"
	"testing"
)

func keys(t *testing.T, r, s string) *Keys {
	k, err := NewKeys(bytes.Repeat([]byte(r), 32), bytes.Repeat([]byte(s), 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestReporterRefIsStableAndKeyed(t *testing.T) {
	a, b := keys(t, "a", "s"), keys(t, "b", "s")
	if a.Reporter(42) != keys(t, "a", "s").Reporter(42) {
		t.Fatal("ref not stable")
	}
	if a.Reporter(42) == a.Reporter(43) || a.Reporter(42) == b.Reporter(42) {
		t.Fatal("ref does not depend on id and key")
	}
	if a.ChatKey(42) == a.ChatKey(43) || a.ChatKey(42)[2:] == a.Reporter(42).Hex()[:32] {
		t.Fatal("chat key must differ per chat and from the ref")
	}
}

func TestSealOpen(t *testing.T) {
	k := keys(t, "a", "s")
	s1, s2 := k.SealChat(123456789), k.SealChat(123456789)
	if bytes.Equal(s1, s2) {
		t.Fatal("two seals of one chat are equal: a nonce is reused")
	}
	if bytes.Contains(s1, []byte(strconv.Itoa(123456789))) {
		t.Fatal("sealed value contains the id")
	}
	id, err := k.OpenChat(s1)
	if err != nil || id != 123456789 {
		t.Fatalf("open: %d %v", id, err)
	}
	if _, err := keys(t, "a", "t").OpenChat(s1); !errors.Is(err, ErrSealed) {
		t.Fatalf("other key: %v", err)
	}
	s1[len(s1)-1] ^= 1
	if _, err := k.OpenChat(s1); !errors.Is(err, ErrSealed) {
		t.Fatalf("tampered: %v", err)
	}
	if _, err := k.Open([]byte{1, 2}); !errors.Is(err, ErrSealed) {
		t.Fatalf("short: %v", err)
	}
}
