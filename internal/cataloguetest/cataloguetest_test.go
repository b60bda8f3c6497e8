package cataloguetest

import "testing"

// recorder counts the failures Pair reports.
type recorder struct {
	testing.TB
	errors int
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.errors++ }

func TestPairFindsEveryMismatch(t *testing.T) {
	r := &recorder{TB: t}
	Pair(r, map[string]string{"a": "共 %d 件", "b": "好", "c": " "},
		map[string]string{"a": "%s items", "c": "x", "d": "extra"})
	// a's verbs differ, b has no English, c is empty in Chinese, d has no Chinese.
	if r.errors != 4 {
		t.Fatalf("%d failures reported, want 4", r.errors)
	}
	ok := &recorder{TB: t}
	Pair(ok, map[string]string{"a": "共 %d 件"}, map[string]string{"a": "%d items"})
	if ok.errors != 0 {
		t.Fatalf("%d failures for matching catalogues", ok.errors)
	}
}
