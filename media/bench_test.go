package media

import "testing"

// BenchmarkCleanJPEG cleans a 2 MB camera-like JPEG carrying EXIF with GPS,
// XMP and IPTC; b.SetBytes makes go test report MB/s.
func BenchmarkCleanJPEG(b *testing.B) {
	data := dirtyJPEG(b, photo(2600, 1950, 30), 6)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Clean(data, "IMG_0001.jpg", "image/jpeg", 32<<20); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(data))/1e6, "input-MB")
}
