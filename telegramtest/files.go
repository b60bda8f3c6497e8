package telegramtest

import (
	"bytes"
	"fmt"
	"image"
	_ "image/gif" // photo dimensions
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"strconv"
	"strings"
)

// maxDownloadBytes is Telegram's limit for files a bot downloads with getFile.
const maxDownloadBytes = 20 << 20

type storedFile struct {
	id       string
	uniqueID string
	path     string
	data     []byte
	size     int64 // may exceed len(data) for files the test declared big
}

// storeFileLocked keeps data under a new file_id, forgetting the oldest files past
// Options.MaxFileBytes. dir and ext shape file_path like Telegram's ("photos/file_3.jpg").
func (s *Server) storeFileLocked(data []byte, dir, ext string) *storedFile {
	s.fileSeq++
	n := s.fileSeq
	f := &storedFile{
		// Telegram's ids are opaque; these carry a recognisable prefix and a counter.
		id:       fmt.Sprintf("AgAC%s%08d", strings.ToUpper(dir[:2]), n),
		uniqueID: fmt.Sprintf("AQAD%08d", n),
		path:     fmt.Sprintf("%s/file_%d%s", dir, n, ext),
		data:     data,
		size:     int64(len(data)),
	}
	s.files[f.id] = f
	s.filePaths[f.path] = f.id
	s.fileOrder = append(s.fileOrder, f.id)
	s.fileBytes += f.size
	for s.fileBytes > s.opts.MaxFileBytes && len(s.fileOrder) > 1 {
		old := s.files[s.fileOrder[0]]
		s.fileOrder = s.fileOrder[1:]
		if old != nil {
			delete(s.files, old.id)
			delete(s.filePaths, old.path)
			s.fileBytes -= old.size
		}
	}
	return f
}

// File returns the bytes stored under a file_id (sent by a user or the bot).
func (s *Server) File(fileID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[fileID]
	if f == nil {
		return nil, false
	}
	return f.data, true
}

func (s *Server) getFile(_ *http.Request, req *request) (any, *APIError) {
	id := req.str("file_id")
	if id == "" {
		return nil, badRequest("file_id is empty")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[id]
	if f == nil {
		return nil, badRequest("invalid file_id")
	}
	if f.size > maxDownloadBytes {
		return nil, badRequest("file is too big")
	}
	return map[string]any{
		"file_id":        f.id,
		"file_unique_id": f.uniqueID,
		"file_size":      f.size,
		"file_path":      f.path,
	}, nil
}

func (s *Server) serveFile(w http.ResponseWriter, filePath string) {
	s.mu.Lock()
	found := s.files[s.filePaths[filePath]]
	s.mu.Unlock()
	if found == nil {
		writeError(w, &APIError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(found.data)))
	_, _ = w.Write(found.data)
}

// imageSize reads an image's dimensions without decoding its pixels.
func imageSize(data []byte) (int, int) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 1280, 960
	}
	return cfg.Width, cfg.Height
}

// photoSizesLocked stores a photo and describes it as Telegram does: several sizes,
// smallest first. Every size serves the same bytes; the emulator does not resize.
func (s *Server) photoSizesLocked(data []byte) []wirePhotoSize {
	w, h := imageSize(data)
	thumb := s.storeFileLocked(data, "photos", ".jpg")
	full := s.storeFileLocked(data, "photos", ".jpg")
	tw, th := w, h
	if w > 90 || h > 90 {
		scale := 90.0 / float64(max(w, h))
		tw, th = max(1, int(float64(w)*scale)), max(1, int(float64(h)*scale))
	}
	return []wirePhotoSize{
		{FileID: thumb.id, FileUniqueID: thumb.uniqueID, Width: tw, Height: th, FileSize: thumb.size},
		{FileID: full.id, FileUniqueID: full.uniqueID, Width: w, Height: h, FileSize: full.size},
	}
}
