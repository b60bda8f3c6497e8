package anon

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
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

// A payload opens only under the payload key and with the context it was
// sealed with: not with the chat key's cipher, not on another reporter's row.
func TestSealPayload(t *testing.T) {
	k := keys(t, "a", "s")
	plain := []byte(`{"text":"回执码 ABCD-EFGH-JKMN-PQRS"}`)
	row := []byte(k.OutboxKey(k.Reporter(1)))
	s := k.SealPayload(plain, row)
	if bytes.Contains(s, []byte("ABCD")) || bytes.Equal(s, k.SealPayload(plain, row)) {
		t.Fatal("sealed payload is readable or its nonce repeats")
	}
	if out, err := k.OpenPayload(s, row); err != nil || !bytes.Equal(out, plain) {
		t.Fatalf("open: %q %v", out, err)
	}
	if _, err := k.OpenPayload(s, []byte(k.OutboxKey(k.Reporter(2)))); !errors.Is(err, ErrSealed) {
		t.Fatalf("another reporter's row: %v", err)
	}
	if _, err := k.Open(s); !errors.Is(err, ErrSealed) {
		t.Fatalf("the chat cipher opens a payload: %v", err)
	}
	if _, err := k.OpenPayload(k.Seal(plain), nil); !errors.Is(err, ErrSealed) {
		t.Fatalf("the payload cipher opens a chat seal: %v", err)
	}
	if _, err := keys(t, "a", "t").OpenPayload(s, row); !errors.Is(err, ErrSealed) {
		t.Fatalf("other seal key: %v", err)
	}
}

// The outbox key is stable per reporter, differs between reporters and under
// another reporter key, and is not the reference itself.
func TestOutboxKeyIsKeyed(t *testing.T) {
	a, b := keys(t, "a", "s"), keys(t, "b", "s")
	r := a.Reporter(42)
	if a.OutboxKey(r) != keys(t, "a", "s").OutboxKey(r) || a.OutboxKey(r) == a.OutboxKey(a.Reporter(43)) {
		t.Fatal("outbox key not stable or not per reporter")
	}
	if a.OutboxKey(r) == b.OutboxKey(r) || strings.Contains(a.OutboxKey(r), r.Hex()[:16]) {
		t.Fatal("outbox key is not keyed, or shows the reference")
	}
}
