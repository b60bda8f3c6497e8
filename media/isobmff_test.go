package media

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

// isoTree walks every container box of b, failing the test if a box does
// not fit its parent, and returns the path of every box ("moov/trak/mdia").
func isoTree(t *testing.T, b []byte) map[string][]isoBox {
	t.Helper()
	containers := map[string]bool{"moov": true, "trak": true, "mdia": true, "minf": true, "stbl": true, "udta": true, "iprp": true, "ipco": true, "dinf": true, "edts": true}
	tree := map[string][]isoBox{}
	var walk func(prefix string, from, to int, top bool)
	walk = func(prefix string, from, to int, top bool) {
		kids, err := isoChildren(b, from, to, top)
		if err != nil {
			t.Fatalf("%s: %v", prefix, err)
		}
		for _, x := range kids {
			path := prefix + x.typ
			tree[path] = append(tree[path], x)
			switch {
			case containers[x.typ]:
				walk(path+"/", x.body, x.end, false)
			case x.typ == "meta":
				mk, err := metaChildren(b, x)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				for _, k := range mk {
					tree[path+"/"+k.typ] = append(tree[path+"/"+k.typ], k)
				}
			}
		}
	}
	walk("", 0, len(b), true)
	return tree
}

func TestCleanHEICAndAVIFZeroExifAndXMPItems(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ file, mime string }{{"marker.heic", "image/heic"}, {"marker.avif", "image/avif"}} {
		t.Run(c.file, func(t *testing.T) {
			orig, res := cleanSample(t, c.file, c.mime, "EXIF", "GPS", "XMP")
			onlyBlanked(t, orig, res.Data)
			got, want := isoTree(t, res.Data), isoTree(t, orig)
			// The picture's description (items, properties, locations)
			// is untouched; only the metadata items' bytes in mdat are.
			if g, w := got["meta"][0], want["meta"][0]; !bytes.Equal(res.Data[g.start:g.end], orig[w.start:w.end]) {
				t.Error("meta box changed")
			}
			for _, x := range []string{"meta/iloc", "meta/iprp", "meta/pitm", "mdat"} {
				if len(got[x]) != 1 {
					t.Errorf("%s: %d boxes", x, len(got[x]))
				}
			}
			// The coded picture, the primary item, is untouched.
			pitm := got["meta/pitm"][0].payload(res.Data)
			primary := uint32(binary.BigEndian.Uint16(pitm[4:]))
			extents, err := itemExtents(got["meta/iloc"][0].payload(res.Data))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range extents {
				if e.item != primary {
					continue
				}
				found = true
				part := res.Data[e.offset : e.offset+e.length]
				if zero(part) || !bytes.Equal(part, orig[e.offset:e.offset+e.length]) {
					t.Error("coded picture changed")
				}
			}
			if !found {
				t.Error("primary item has no extent")
			}
		})
	}
}

func TestCleanMP4FreesUserDataAndZeroesTextTrack(t *testing.T) {
	t.Parallel()
	orig, res := cleanSample(t, "marker.mp4", "video/mp4", "user data", "GPS", "timed metadata")
	onlyBlanked(t, orig, res.Data)
	got, want := isoTree(t, res.Data), isoTree(t, orig)
	if len(got["moov/udta"]) != 0 || len(want["moov/udta"]) != 1 || len(got["moov/free"]) != 1 {
		t.Errorf("udta %d (was %d), free %d", len(got["moov/udta"]), len(want["moov/udta"]), len(got["moov/free"]))
	}
	// Both tracks and their sample tables are unchanged, so the video's
	// samples are where they were.
	if len(got["moov/trak"]) != 2 {
		t.Fatalf("%d tracks", len(got["moov/trak"]))
	}
	for i, g := range got["moov/trak/mdia/minf/stbl"] {
		w := want["moov/trak/mdia/minf/stbl"][i]
		if !bytes.Equal(res.Data[g.start:g.end], orig[w.start:w.end]) {
			t.Errorf("sample table %d changed", i)
		}
	}
	// The one text sample was zeroed: the video's samples are all of mdat
	// that changed nothing else.
	m := want["mdat"][0]
	var diff []int
	for i := m.body; i < m.end; i++ {
		if res.Data[i] != orig[i] {
			diff = append(diff, i)
		}
	}
	sample := []byte("N27.7412 E112.5311 " + marker)
	at := bytes.Index(orig, sample)
	if len(diff) == 0 || diff[0] < at-2 || diff[len(diff)-1] >= at+len(sample) {
		t.Errorf("mdat changed at %v, the text sample is at %d", diff, at)
	}
}

func TestCleanMOVFreesQuickTimeKeysAndXMP(t *testing.T) {
	t.Parallel()
	orig, res := cleanSample(t, "marker.mov", "video/quicktime", "GPS", "QuickTime metadata")
	onlyBlanked(t, orig, res.Data)
	got := isoTree(t, res.Data)
	for _, x := range []string{"moov/meta", "moov/udta", "uuid", "moov/uuid"} {
		if len(got[x]) != 0 {
			t.Errorf("%s survived", x)
		}
	}
	if len(got["moov/trak"]) != 1 || len(got["mdat"]) != 1 {
		t.Error("movie structure lost")
	}
}

func TestCleanISOBMFFHeaderTimes(t *testing.T) {
	t.Parallel()
	orig := sample(t, "marker.mp4")
	dated := bytes.Clone(orig)
	mvhd := isoTree(t, dated)["moov/mvhd"][0]
	binary.BigEndian.PutUint32(dated[mvhd.body+4:], 3_900_000_000) // creation, 2027
	res, err := Clean(dated, "", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !containsAll(res.Removed, "times") {
		t.Errorf("Removed = %q, missing times", res.Removed)
	}
	if binary.BigEndian.Uint32(res.Data[mvhd.body+4:]) != 0 {
		t.Error("creation time kept")
	}
}

func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		if !slices.Contains(list, w) {
			return false
		}
	}
	return true
}

// A box that lies about its size is an error, never a panic or an
// allocation of what it claims; at the top of a file it means the file
// was cut, and the file is kept uncleaned with a warning.
func TestCleanISOBMFFLyingSizes(t *testing.T) {
	t.Parallel()
	orig := sample(t, "marker.mp4")
	tree := isoTree(t, orig)
	moov := tree["moov"][0]
	udta := tree["moov/udta"][0]
	cases := map[string]func(b []byte){
		"moov past end":  func(b []byte) { binary.BigEndian.PutUint32(b[moov.start:], 0x7FFFFFF0) },
		"udta past moov": func(b []byte) { binary.BigEndian.PutUint32(b[udta.start:], uint32(moov.end-udta.start+1)) },
		"box of 3 bytes": func(b []byte) { binary.BigEndian.PutUint32(b[udta.start:], 3) },
		"large size":     func(b []byte) { binary.BigEndian.PutUint32(b[moov.start:], 1) },
	}
	for name, lie := range cases {
		b := bytes.Clone(orig)
		lie(b)
		res, err := Clean(b, "v.mp4", "", 0)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !res.Uncleanable() || !bytes.Equal(res.Data, b) || !containsAll(traceStrings(res.Remains), "location", "device") {
			t.Errorf("%s: %s %q remains %q", name, res.Status, res.Removed, res.Remains)
		}
	}
}

func traceStrings(ts []Trace) []string {
	var out []string
	for _, t := range ts {
		out = append(out, string(t))
	}
	return out
}

// A text track whose sample table cannot be read would keep its GPS log:
// the movie is kept as it came, with a warning, not marked cleaned.
func TestCleanMP4UnreadableTextTrackIsUncleanable(t *testing.T) {
	t.Parallel()
	b := bytes.Clone(sample(t, "marker.mp4"))
	for _, stbl := range isoTree(t, b)["moov/trak/mdia/minf/stbl"] {
		copy(b[stbl.start+4:], "stbX") // neither track has a sample table now
	}
	res, err := Clean(b, "v.mp4", "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Uncleanable() || !bytes.Equal(res.Data, b) {
		t.Errorf("%s %q", res.Status, res.Removed)
	}
}
