// Package media cleans the attachments a reporter sends before anything is
// stored: identifying metadata is cut out by walking each file's container
// structure, never by decoding pixels or streams, so a decompression bomb
// costs no more than its size. The SHA-256 of the original bytes is kept
// for evidence.
//
// What is cleaned, one file per format:
//
//   - JPEG, PNG, WebP, GIF: EXIF with GPS, XMP, IPTC, comments, text chunks;
//   - HEIC/HEIF, AVIF, MP4, MOV, M4A, 3GP (isobmff.go): Exif and XMP items,
//     user data and metadata boxes (GPS, titles, artist, device), timed
//     metadata and text tracks, header times;
//   - TIFF (tiff.go): EXIF, GPS, XMP, IPTC and the descriptive tags of
//     every IFD; strips and tiles stay;
//   - PDF (pdf.go): the values of every document information dictionary
//     and every XMP metadata stream;
//   - DOCX, XLSX, PPTX (ooxml.go): the document properties parts and the
//     names of comment and change authors;
//   - Ogg Opus, Telegram's voice notes (ogg.go): the comment header.
//
// Everything else, a file of those types that uses a feature we do not
// edit, and a video or document whose structure does not walk, is kept as
// it came and marked StatusUncleanable (a JPEG, PNG, WebP or GIF that does
// not walk is refused instead, with ErrMismatch or ErrTruncated). The conversation
// must then warn the reporter before the file is kept, and offer them to
// send a screenshot instead; Result.Remains says what may remain, as Trace
// values a conversation turns into a sentence in the reporter's language:
//
//	res, err := media.Clean(data, name, mime, limit)
//	if err == nil && res.Uncleanable() {
//		// ask: "this file may still carry <res.Remains>; keep it, or
//		// send a screenshot instead?" and keep res only if they agree.
//	}
//
// Officers see the same Status (and Removed) on the stored attachment.
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
	// StatusUncleanable means the type, or this file of the type, cannot be
	// cleaned here; the original bytes are stored and officers are warned
	// that metadata may remain. Result.Remains says what kind.
	StatusUncleanable Status = "uncleanable"
)

// Trace is a kind of identifying information that may remain in a file
// Clean could not clean. The values are stable keys for a conversation's
// catalogue of sentences; they are never shown as they are.
type Trace string

const (
	// TraceLocation: where the file was made (GPS coordinates, place names).
	TraceLocation Trace = "location"
	// TraceDevice: the camera, phone or computer and the software used.
	TraceDevice Trace = "device"
	// TraceTime: when the file was made or last edited.
	TraceTime Trace = "time"
	// TracePeople: names of authors, editors, owners or their organisation.
	TracePeople Trace = "people"
	// TraceUnknown: the type can carry anything (an archive, an unknown
	// format), so we cannot say what.
	TraceUnknown Trace = "unknown"
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
	// Remains lists what may still identify the reporter when Status is
	// StatusUncleanable, most telling first; empty otherwise.
	Remains []Trace
}

// Uncleanable reports whether the file was kept as it came, so that the
// reporter must be warned before it is kept.
func (r Result) Uncleanable() bool { return r.Status == StatusUncleanable }

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
	case formatISOBMFF:
		walk = cleanISOBMFF
	case formatTIFF:
		walk = cleanTIFF
	case formatPDF:
		walk = cleanPDF
	case formatOOXML:
		walk = cleanOOXML
	case formatOgg:
		walk = cleanOgg
	default:
		return uncleanable(res, data, t), nil
	}

	var rm removals
	out, err := walk(data, &rm)
	if err != nil && (errors.Is(err, errCannotClean) || !refuseUnwalkable[t.format]) {
		return uncleanable(res, data, t), nil
	}
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

// refuseUnwalkable are the formats whose files are refused when their
// structure does not walk: pictures a phone makes by the million, where
// one that does not walk is broken or not what it claims. Videos and
// documents come from far more programs; one we cannot walk is kept as it
// came, and the reporter warned, rather than lost.
var refuseUnwalkable = map[format]bool{formatJPEG: true, formatPNG: true, formatWebP: true, formatGIF: true}

// uncleanable keeps the original bytes and says what they may carry.
func uncleanable(res Result, data []byte, t fileType) Result {
	res.Data = data
	res.Status = StatusUncleanable
	res.Remains = tracesOf(t)
	return res
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
