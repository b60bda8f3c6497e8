package media

import (
	"bytes"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
)

// format names the container types Clean can walk; everything else is
// formatOther and passed through.
type format int

const (
	formatOther format = iota
	formatJPEG
	formatPNG
	formatWebP
	formatGIF
	formatISOBMFF // HEIC, AVIF, MP4, MOV, M4A, 3GP
	formatTIFF
	formatPDF
	formatOOXML // docx, xlsx, pptx
	formatOgg
)

// fileType is what the content says a file is.
type fileType struct {
	format format
	mime   string
	ext    string
	kind   string
}

var (
	pngSignature = []byte("\x89PNG\r\n\x1a\n")
	oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff detects the type from magic numbers only. Reporters' clients lie,
// or are simply wrong, so the declared name and MIME never enter here.
func sniff(b []byte) fileType {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return fileType{formatJPEG, "image/jpeg", ".jpg", "image"}
	case bytes.HasPrefix(b, pngSignature):
		return fileType{formatPNG, "image/png", ".png", "image"}
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return fileType{formatWebP, "image/webp", ".webp", "image"}
	case bytes.HasPrefix(b, []byte("GIF87a")) || bytes.HasPrefix(b, []byte("GIF89a")):
		return fileType{formatGIF, "image/gif", ".gif", "image"}
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		return sniffISOBMFF(b)
	case bytes.HasPrefix(b, []byte("OggS")):
		return sniffOgg(b)
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return fileType{formatPDF, "application/pdf", ".pdf", "document"}
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return sniffZip(b)
	case bytes.HasPrefix(b, oleSignature):
		// Legacy Word/Excel/PowerPoint share one container; telling them
		// apart means parsing it, which officers' tools do anyway.
		return fileType{formatOther, "application/x-ole-storage", ".bin", "document"}
	case bytes.HasPrefix(b, []byte("II*\x00")) || bytes.HasPrefix(b, []byte("MM\x00*")):
		return fileType{formatTIFF, "image/tiff", ".tif", "image"}
	case bytes.HasPrefix(b, []byte{0x1A, 0x45, 0xDF, 0xA3}):
		if bytes.Contains(head(b, 64), []byte("webm")) {
			return fileType{formatOther, "video/webm", ".webm", "video"}
		}
		return fileType{formatOther, "video/x-matroska", ".mkv", "video"}
	case bytes.HasPrefix(b, []byte("#!AMR")):
		return fileType{formatOther, "audio/amr", ".amr", "audio"}
	}
	m := http.DetectContentType(b)
	if base, _, err := mime.ParseMediaType(m); err == nil {
		m = base
	}
	return fileType{formatOther, m, extFor(m), kindFor(m)}
}

func head(b []byte, n int) []byte {
	if len(b) < n {
		return b
	}
	return b[:n]
}

// sniffISOBMFF tells MP4, QuickTime, M4A, 3GP, HEIC and AVIF apart by the
// brands of the ftyp box.
func sniffISOBMFF(b []byte) fileType {
	size := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	if size < 16 || size > len(b) || size > 4096 {
		size = min(len(b), 64)
	}
	brands := []string{string(b[8:12])}
	for i := 16; i+4 <= size; i += 4 {
		brands = append(brands, string(b[i:i+4]))
	}
	has := func(names ...string) bool {
		for _, br := range brands {
			for _, n := range names {
				if br == n {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("avif", "avis"):
		return fileType{formatISOBMFF, "image/avif", ".avif", "image"}
	case has("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"):
		return fileType{formatISOBMFF, "image/heic", ".heic", "image"}
	case brands[0] == "qt  ":
		return fileType{formatISOBMFF, "video/quicktime", ".mov", "video"}
	case brands[0] == "M4A " || brands[0] == "M4B ":
		return fileType{formatISOBMFF, "audio/mp4", ".m4a", "audio"}
	case strings.HasPrefix(brands[0], "3gp") || strings.HasPrefix(brands[0], "3g2"):
		return fileType{formatISOBMFF, "video/3gpp", ".3gp", "video"}
	}
	return fileType{formatISOBMFF, "video/mp4", ".mp4", "video"}
}

// sniffOgg looks at the first packet: Telegram voice notes are Opus.
func sniffOgg(b []byte) fileType {
	h := head(b, 128)
	if bytes.Contains(h, []byte("\x80theora")) {
		return fileType{formatOgg, "video/ogg", ".ogv", "video"}
	}
	return fileType{formatOgg, "audio/ogg", ".ogg", "audio"}
}

// sniffZip recognises Office Open XML by the part names near the start; any
// other zip stays a zip.
func sniffZip(b []byte) fileType {
	h := head(b, 4096)
	switch {
	case bytes.Contains(h, []byte("word/")):
		return fileType{formatOOXML, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "document"}
	case bytes.Contains(h, []byte("xl/")):
		return fileType{formatOOXML, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "document"}
	case bytes.Contains(h, []byte("ppt/")):
		return fileType{formatOOXML, "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "document"}
	}
	return fileType{formatOther, "application/zip", ".zip", "document"}
}

// extensions for what http.DetectContentType can answer; a fixed table so
// the result does not depend on the host's mime.types.
var extensions = map[string]string{
	"image/bmp":                     ".bmp",
	"image/x-icon":                  ".ico",
	"application/postscript":        ".ps",
	"audio/mpeg":                    ".mp3",
	"audio/wave":                    ".wav",
	"audio/aiff":                    ".aiff",
	"audio/basic":                   ".au",
	"audio/midi":                    ".mid",
	"video/avi":                     ".avi",
	"video/mp4":                     ".mp4",
	"video/webm":                    ".webm",
	"application/zip":               ".zip",
	"application/x-gzip":            ".gz",
	"application/x-rar-compressed":  ".rar",
	"application/pdf":               ".pdf",
	"text/plain":                    ".txt",
	"text/html":                     ".html",
	"text/xml":                      ".xml",
	"application/vnd.ms-fontobject": ".eot",
	"font/ttf":                      ".ttf",
	"font/otf":                      ".otf",
	"font/woff":                     ".woff",
	"font/woff2":                    ".woff2",
	"application/wasm":              ".wasm",
}

func extFor(m string) string {
	if e, ok := extensions[m]; ok {
		return e
	}
	return ".bin"
}

func kindFor(m string) string {
	switch {
	case strings.HasPrefix(m, "image/"):
		return "image"
	case strings.HasPrefix(m, "video/"):
		return "video"
	case strings.HasPrefix(m, "audio/"):
		return "audio"
	}
	return "document"
}

// claimedImages returns the cleanable image formats the reporter's client
// claims the file is, by extension or declared MIME; empty when it claims
// no such image.
func claimedImages(name, declaredMIME string) map[format]bool {
	claims := map[format]bool{}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".jpe", ".jfif", ".pjpeg", ".pjp":
		claims[formatJPEG] = true
	case ".png", ".apng":
		claims[formatPNG] = true
	case ".webp":
		claims[formatWebP] = true
	case ".gif":
		claims[formatGIF] = true
	}
	m := strings.ToLower(strings.TrimSpace(declaredMIME))
	if base, _, err := mime.ParseMediaType(m); err == nil {
		m = base
	}
	switch m {
	case "image/jpeg", "image/jpg", "image/pjpeg":
		claims[formatJPEG] = true
	case "image/png", "image/apng", "image/x-png":
		claims[formatPNG] = true
	case "image/webp":
		claims[formatWebP] = true
	case "image/gif":
		claims[formatGIF] = true
	}
	return claims
}
