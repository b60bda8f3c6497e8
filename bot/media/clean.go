// Package media cleans the attachments a reporter sends before anything is
// stored: identifying metadata (EXIF with GPS, XMP, IPTC, comments, text
// chunks) is cut out of JPEG, PNG, WebP and GIF files by walking their
// container structure, never by decoding pixels, so a decompression bomb
// costs no more than its size. Types that cannot be cleaned are passed
// through and marked so that officers are warned. The SHA-256 of the
// original bytes is kept for evidence.
package media

import (
	"crypto/sha256"
	"errors"
	"fmt"
)

// Status tells officers what cleaning did to an attachment.
type Status string

const (
	// StatusCleaned means metadata was found and removed.
	StatusCleaned Status = "cleaned"
	// StatusClean means the file was walked and had nothing to remove.
	StatusClean Status = "clean"
	// StatusUncleanable means the type cannot be cleaned here; the original
	// bytes are stored and officers are warned that metadata may remain.
	StatusUncleanable Status = "uncleanable"
)

// Result is what is stored for one attachment.
type Result struct {
	Data    []byte   // bytes to store (cleaned, or original when uncleanable)
	MIME    string   // detected from content, never from the reporter's claim
	Ext     string   // ".jpg", ".png", ".webp", ".gif", ".pdf", ".mp4", ".ogg", ".bin", ...
	Kind    string   // "image", "video", "audio", "document"
	Status  Status   //
	Removed []string // what was removed, e.g. "EXIF", "XMP", "GPS", "IPTC", "comment", "PNG tEXt"
	SHA256  [32]byte // of the original bytes
}

var (
	// ErrTooLarge means the attachment is over the configured size limit.
	ErrTooLarge = errors.New("media: attachment too large")
	// ErrTruncated means an image ends before its structure does.
	ErrTruncated = errors.New("media: attachment truncated")
	// ErrMismatch means the attachment claims (by name or declared MIME) to
	// be an image type we clean but its bytes are another type, or its bytes
	// are of a type we clean but malformed.
	ErrMismatch = errors.New("media: attachment is not what it claims to be")
	// ErrEmpty means the attachment has no bytes.
	ErrEmpty = errors.New("media: attachment empty")
)

// errMalformed is returned by the format walkers; Clean reports it as
// ErrMismatch because a file whose structure we cannot walk cannot be cleaned
// and must not be stored as if it had been.
var errMalformed = errors.New("malformed")

// Clean detects the type of data from its content, removes identifying
// metadata from the image types it knows, and returns what to store.
// declaredName and declaredMIME are what the reporter's client claimed; they
// are only used to refuse an "image" that is something else. maxBytes <= 0
// means no limit.
func Clean(data []byte, declaredName, declaredMIME string, maxBytes int64) (Result, error) {
	if maxBytes > 0 && int64(len(data)) > maxBytes {
		return Result{}, fmt.Errorf("media: %d bytes over limit of %d: %w", len(data), maxBytes, ErrTooLarge)
	}
	if len(data) == 0 {
		return Result{}, ErrEmpty
	}
	t := sniff(data)
	if claims := claimedImages(declaredName, declaredMIME); len(claims) > 0 && !claims[t.format] {
		return Result{}, fmt.Errorf("media: declared image is %s: %w", t.mime, ErrMismatch)
	}
	res := Result{MIME: t.mime, Ext: t.ext, Kind: t.kind, SHA256: sha256.Sum256(data)}

	var walk func([]byte, *removals) ([]byte, error)
	switch t.format {
	case formatJPEG:
		walk = cleanJPEG
	case formatPNG:
		walk = cleanPNG
	case formatWebP:
		walk = cleanWebP
	case formatGIF:
		walk = cleanGIF
	default:
		res.Data = data
		res.Status = StatusUncleanable
		return res, nil
	}

	var rm removals
	out, err := walk(data, &rm)
	if err != nil {
		if errors.Is(err, errMalformed) {
			err = fmt.Errorf("%w: %w", ErrMismatch, err)
		}
		return Result{}, fmt.Errorf("media: unable to clean %s: %w", t.mime, err)
	}
	res.Data = out
	res.Removed = rm.list
	res.Status = StatusClean
	if len(rm.list) > 0 {
		res.Status = StatusCleaned
	}
	return res, nil
}

// removals is an ordered set of what a walker cut out, for officers.
type removals struct{ list []string }

func (r *removals) add(what string) {
	for _, w := range r.list {
		if w == what {
			return
		}
	}
	r.list = append(r.list, what)
}

func (r *removals) remove(what string) {
	for i, w := range r.list {
		if w == what {
			r.list = append(r.list[:i], r.list[i+1:]...)
			return
		}
	}
}
