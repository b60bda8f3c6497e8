// Package uploadtest helps tests send large bodies without holding them and
// watch what a server reads and leaves on disk.
package uploadtest

import (
	"io"
	"net"
	"path/filepath"
	"strings"
	"sync/atomic"
)

// Zeros reads zero bytes without end; wrap it in io.LimitReader.
type Zeros struct{}

func (Zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// Multipart streams a multipart/form-data body of the given fields (name,
// value, name, value…) and one file named "file" of size zero bytes.
func Multipart(size int64, fields ...string) (body io.Reader, contentType string, length int64) {
	const boundary = "xYzZy"
	var head strings.Builder
	for i := 0; i+1 < len(fields); i += 2 {
		head.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n" + fields[i+1] + "\r\n")
	}
	head.WriteString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
	tail := "\r\n--" + boundary + "--\r\n"
	body = io.MultiReader(strings.NewReader(head.String()), io.LimitReader(Zeros{}, size), strings.NewReader(tail))
	return body, "multipart/form-data; boundary=" + boundary, int64(head.Len()) + size + int64(len(tail))
}

// Spilled lists the temporary files of multipart forms in dir.
func Spilled(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "multipart-*")) // the pattern is valid
	return files
}

// CountReads wraps l so that read counts every byte read from its connections.
func CountReads(l net.Listener, read *atomic.Int64) net.Listener {
	return countingListener{l, read}
}

type countingListener struct {
	net.Listener
	read *atomic.Int64
}

func (l countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return countingConn{c, l.read}, nil
}

type countingConn struct {
	net.Conn
	read *atomic.Int64
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.read.Add(int64(n))
	return n, err
}
