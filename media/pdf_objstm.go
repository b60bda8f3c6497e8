package media

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"io"
	"strconv"
)

// Since PDF 1.5 small objects may be packed into compressed object
// streams, and writers that do so (scanner apps, Acrobat, qpdf) often pack
// the document information dictionary with them. Such a stream is
// inflated, the dictionary emptied in it as in the open, and the stream
// deflated again into exactly the bytes it had: the blanked text deflates
// smaller, and the room left is filled by a last stored block of spaces,
// which follow the last object of the stream and so mean nothing. The file
// keeps its length and every offset in its cross-reference stream.

// pdfMaxObjStm bounds what is inflated, per stream and in all.
const (
	pdfMaxObjStm     = 16 << 20
	pdfMaxObjStmAll  = 64 << 20
	pdfStoredMaxSize = 0xFFFF
)

// objectStreams empties, in every object stream, the objects named in want
// and those that read like document information, and deletes from want
// those it found.
func (c *pdfCleaner) objectStreams(want map[int]bool, strs map[int]bool) error {
	inflated := 0
	return c.dictionaries(func(_ int, d pdfDict) error {
		if !d.nameIs(c.b, "Type", "ObjStm") {
			return nil
		}
		return c.objectStream(d, want, strs, &inflated)
	})
}

func (c *pdfCleaner) objectStream(d pdfDict, want, strs map[int]bool, inflated *int) error {
	data, err := c.streamData(d)
	if err != nil {
		return err
	}
	if _, ok := d.values["DecodeParms"]; ok || !d.nameIs(c.b, "Filter", "FlateDecode") {
		return fmt.Errorf("pdf: object stream filter: %w", errCannotClean)
	}
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("pdf: object stream: %v: %w", err, errCannotClean)
	}
	plain, err := io.ReadAll(io.LimitReader(zr, pdfMaxObjStm+1))
	if err != nil || len(plain) > pdfMaxObjStm || *inflated+len(plain) > pdfMaxObjStmAll {
		return fmt.Errorf("pdf: object stream too large or broken: %w", errCannotClean)
	}
	*inflated += len(plain)
	n, first := d.int(c.b, "N"), d.int(c.b, "First")
	if n < 0 || first < 0 || first > len(plain) || n > first/2 {
		return fmt.Errorf("pdf: object stream header: %w", errCannotClean)
	}
	// The header: n pairs of object number and offset from First.
	fields := bytes.Fields(plain[:first])
	if len(fields) < 2*n {
		return fmt.Errorf("pdf: object stream header: %w", errCannotClean)
	}
	inner := &pdfCleaner{b: bytes.Clone(plain), rm: c.rm, budget: 8*len(plain) + 1<<16}
	for i := range n {
		num, err1 := strconv.Atoi(string(fields[2*i]))
		off, err2 := strconv.Atoi(string(fields[2*i+1]))
		if err1 != nil || err2 != nil || off < 0 || first+off >= len(plain) {
			return fmt.Errorf("pdf: object stream header: %w", errCannotClean)
		}
		p := pdfSkipSpace(inner.b, first+off)
		isDict := bytes.HasPrefix(inner.b[p:], []byte("<<"))
		var od pdfDict
		switch {
		case want[num] && isDict:
			err = inner.blankInfo(p, strs)
		case want[num]:
			_, err = inner.value(p, 0, true)
		case isDict:
			if od, err = inner.parseDict(p); err == nil && od.looksLikeInfo() {
				err = inner.blankInfo(p, strs)
				want[num] = true
			}
		}
		if err != nil {
			return err
		}
		if want[num] {
			c.packed[num] = true
			delete(want, num)
		}
	}
	if bytes.Equal(inner.b, plain) {
		return nil
	}
	packed, err := deflateInto(inner.b, len(data))
	if err != nil {
		return err
	}
	copy(data, packed)
	return nil
}

// streamData returns the data of the stream whose dictionary is d, as its
// /Length (direct, or an object in the open holding a number) says.
func (c *pdfCleaner) streamData(d pdfDict) ([]byte, error) {
	q := pdfSkipSpace(c.b, d.end)
	if !bytes.HasPrefix(c.b[q:], []byte("stream")) {
		return nil, fmt.Errorf("pdf: no stream: %w", errCannotClean)
	}
	q += len("stream")
	if bytes.HasPrefix(c.b[q:], []byte("\r\n")) {
		q += 2
	} else if q < len(c.b) && c.b[q] == '\n' {
		q++
	} else {
		return nil, fmt.Errorf("pdf: stream keyword: %w", errCannotClean)
	}
	n := d.int(c.b, "Length")
	if v, ok := d.values["Length"]; ok && n < 0 {
		if num, ok := pdfReference(c.b, v[0]); ok && len(c.objects[num]) == 1 {
			at := pdfSkipSpace(c.b, c.objects[num][0])
			end, _ := pdfDigitsAfter(c.b, at)
			n, _ = strconv.Atoi(string(c.b[at:end]))
		}
	}
	if n <= 0 || n > len(c.b)-q {
		return nil, fmt.Errorf("pdf: stream length: %w", errCannotClean)
	}
	return c.b[q : q+n], nil
}

// int reads a direct non-negative integer value, or -1.
func (d pdfDict) int(b []byte, key string) int {
	v, ok := d.values[key]
	if !ok {
		return -1
	}
	n, err := strconv.Atoi(string(bytes.TrimSpace(b[v[0]:v[1]])))
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// deflateInto compresses data as a zlib stream of exactly n bytes: the
// data deflated in blocks that end on a byte, then stored blocks of
// spaces, the last one final, filling the room left. The spaces are part
// of what inflates, and the checksum covers them.
func deflateInto(data []byte, n int) ([]byte, error) {
	var out bytes.Buffer
	out.Write([]byte{0x78, 0xDA}) // deflate, 32 KiB window, best compression
	fw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	fw.Write(data)
	fw.Flush() // ends on a byte boundary, with no final block
	sum := adler32.New()
	sum.Write(data)
	room := n - out.Len() - 4
	if room < 5 {
		return nil, fmt.Errorf("pdf: object stream does not deflate into its room: %w", errCannotClean)
	}
	for room > 0 {
		size, final := room-5, byte(1)
		if size > pdfStoredMaxSize {
			// Leave at least one block's header for the final block.
			size, final = min(pdfStoredMaxSize, room-10), 0
		}
		out.WriteByte(final)
		out.Write(binary.LittleEndian.AppendUint16(nil, uint16(size)))
		out.Write(binary.LittleEndian.AppendUint16(nil, ^uint16(size)))
		spaces := bytes.Repeat([]byte{' '}, size)
		out.Write(spaces)
		sum.Write(spaces)
		room -= 5 + size
	}
	out.Write(binary.BigEndian.AppendUint32(nil, sum.Sum32()))
	return out.Bytes(), nil
}
