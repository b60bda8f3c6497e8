package media

import "fmt"

const (
	gifExtension  = 0x21
	gifImage      = 0x2C
	gifTrailer    = 0x3B
	gifGraphicCtl = 0xF9
	gifComment    = 0xFE
	gifApp        = 0xFF
	gifPlainText  = 0x01
)

// cleanGIF walks the blocks and sub-blocks without touching LZW data,
// dropping comments and application extensions other than the NETSCAPE2.0
// loop count (XMP travels in an application extension).
func cleanGIF(b []byte, rm *removals) ([]byte, error) {
	if len(b) < 13 {
		return nil, fmt.Errorf("gif: header: %w", ErrTruncated)
	}
	out := make([]byte, 0, len(b))
	p := 13
	if b[10]&0x80 != 0 {
		p += 3 << (int(b[10]&0x07) + 1)
	}
	if p > len(b) {
		return nil, fmt.Errorf("gif: global colour table: %w", ErrTruncated)
	}
	out = append(out, b[:p]...)
	for {
		if p >= len(b) {
			return nil, fmt.Errorf("gif: no trailer: %w", ErrTruncated)
		}
		start := p
		switch b[p] {
		case gifTrailer:
			if p+1 < len(b) {
				rm.add("trailing data")
			}
			return append(out, gifTrailer), nil
		case gifImage:
			if p+10 > len(b) {
				return nil, fmt.Errorf("gif: image descriptor: %w", ErrTruncated)
			}
			packed := b[p+9]
			p += 10
			if packed&0x80 != 0 {
				p += 3 << (int(packed&0x07) + 1)
			}
			p++ // LZW minimum code size
			end, err := gifSubBlocks(b, p)
			if err != nil {
				return nil, err
			}
			out = append(out, b[start:end]...)
			p = end
		case gifExtension:
			if p+2 > len(b) {
				return nil, fmt.Errorf("gif: extension label: %w", ErrTruncated)
			}
			label := b[p+1]
			end, err := gifSubBlocks(b, p+2)
			if err != nil {
				return nil, err
			}
			switch label {
			case gifGraphicCtl, gifPlainText:
				// Frame timing and transparency; plain text is content, not metadata.
				out = append(out, b[start:end]...)
			case gifComment:
				rm.add("comment")
			case gifApp:
				id := b[p+2 : end]
				switch {
				case len(id) >= 12 && id[0] == 11 && string(id[1:12]) == "NETSCAPE2.0":
					out = append(out, b[start:end]...)
				case len(id) >= 12 && id[0] == 11 && string(id[1:12]) == "XMP DataXMP":
					rm.add("XMP")
				default:
					rm.add("GIF application extension")
				}
			default:
				rm.add("GIF unknown extension")
			}
			p = end
		default:
			return nil, fmt.Errorf("gif: unknown block %#x at %d: %w", b[p], p, errMalformed)
		}
	}
}

// gifSubBlocks returns the offset just past the zero-length block ending
// the run of data sub-blocks that starts at p.
func gifSubBlocks(b []byte, p int) (int, error) {
	for {
		if p >= len(b) {
			return 0, fmt.Errorf("gif: data sub-blocks: %w", ErrTruncated)
		}
		n := int(b[p])
		p++
		if n == 0 {
			return p, nil
		}
		p += n
	}
}
