//go:build e2e

package e2e

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/tipline/tipline/internal/pgtest"
	"github.com/tipline/tipline/telegramtest"
)

// evidenceMarker is planted in the metadata of every sample under
// media/testdata, with a GPS position of 27.7412 N, 112.5311 E.
const evidenceMarker = "TIPLINE-MARKER-7f3a"

// evidenceSample is a sample file as a phone sends it: as a document (a
// file kept as it was taken), a video or a voice note, under the name the
// phone gave it, which names its owner (the audit looks for TESTNAME).
type evidenceSample struct {
	file, mime string
	as         string // document, video or voice
	kind       string // the attachment's kind once stored
	gps        bool   // the sample carries a position
}

var evidenceSamples = []evidenceSample{
	{"marker.heic", "image/heic", "document", "image", true},
	{"marker.avif", "image/avif", "document", "image", true},
	{"marker.tif", "image/tiff", "document", "image", true},
	{"marker.mp4", "video/mp4", "video", "video", true},
	{"marker.mov", "video/quicktime", "document", "video", true},
	{"marker.ogg", "audio/ogg", "voice", "audio", true},
	{"marker.pdf", "application/pdf", "document", "document", false},
	{"marker-objstm.pdf", "application/pdf", "document", "document", false},
	{"marker.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document", "document", false},
}

// An archive cannot be cleaned: the bot asks before keeping one. The
// reporter sends two, replaces the first by a screenshot (its marker must
// be nowhere) and keeps the second (its marker must reach the officer, who
// is told that it could not be cleaned).
const (
	droppedMarker = "TIPLINE-DROPPED-5c1e"
	keptMarker    = "TIPLINE-KEPT-ANYWAY-9d4b"
)

// webEvidence are the samples the web reporter uploads.
var webEvidence = []string{"marker.heic", "marker.docx"}

// TestEvidenceAudit is the anonymity audit of evidence: a citizen sends
// every sample of media/testdata (HEIC, AVIF, TIFF, MP4, MOV, Ogg, PDF,
// DOCX, each carrying a marker and most a GPS position in their metadata)
// into one report through the Telegram emulator, with two archives it cannot
// clean (one replaced by a screenshot when the bot asks, one kept anyway), a
// web reporter uploads two samples, both submit, and an officer downloads
// every attachment. Afterwards
// neither the marker nor the position, in any form a sample writes it, is in
// the pg_dump of the database, in its bytea values decoded from hex, in the
// base64 its JSON carries, in the parts of an attachment that are compressed
// (a DOCX's zip entries, a PDF's Flate streams), in any log or file the
// server wrote, or in the bytes the officer was served.
func TestEvidenceAudit(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	c := newCluster(t, pgtest.URL(t), nil, webEnv()...)
	c.dumpLogsOnFailure()
	addr, public := freeAddr(t), freeAddr(t)
	server := c.start("serve", addr, nil, publicEnv(public)...)

	// The search must see each marker where its sample hides it, compressed
	// or not, or finding nothing afterwards would prove nothing.
	forbidden := evidenceForbidden()
	samples := map[string][]byte{}
	for _, s := range evidenceSamples {
		b, err := os.ReadFile(filepath.Join("..", "media", "testdata", s.file))
		if err != nil {
			t.Fatal(err)
		}
		samples[s.file] = b
		found := foundIn(expand(b), forbidden)
		if !slices.Contains(found, evidenceMarker) {
			t.Fatalf("the search does not find the marker in %s: found %q", s.file, found)
		}
		if s.gps && len(found) < 2 {
			t.Fatalf("the search does not find the position in %s: found %q", s.file, found)
		}
	}

	// 1. A citizen sends every sample as evidence of one report.
	var updates atomic.Int64
	z := newCitizenIn(c.tg, 1, "zh-CN", &updates)
	botReceipt, err := z.reportEvidence(ctx, "东山街道菜市场后门有人卖冰毒，卖家电话 "+suspectPhone+"，照片和视频都在这里。", samples,
		zipOf("聊天记录.txt", droppedMarker), zipOf("聊天记录.txt", keptMarker))
	if err != nil {
		t.Fatal(err)
	}
	botTip := tipOf(t, c, botReceipt)

	// 2. A web reporter uploads two of them.
	p := newWebPhone(t, "http://"+public)
	webFiles := map[string][]byte{}
	for _, name := range webEvidence {
		webFiles[name] = samples[name]
	}
	webReceipt := reportWebEvidence(p, "东山街道菜市场后门有人卖冰毒，卖家电话 "+suspectPhone+"，附上照片和文件。"+webMarker, webFiles)
	webTip := tipOf(t, c, webReceipt)

	// 3. Every sample was kept, cleaned, as what it is; the archive kept
	// anyway is the last attachment, uncleanable.
	want := map[int64]int{botTip: len(evidenceSamples) + 1, webTip: len(webEvidence)}
	for tip, n := range want {
		var rows []struct {
			Kind  string `db:"kind"`
			MIME  string `db:"mime"`
			Clean string `db:"clean_status"`
		}
		if err := c.db.Select(&rows, `SELECT kind, mime, clean_status FROM attachments WHERE tip_id = $1 ORDER BY id`, tip); err != nil {
			t.Fatal(err)
		}
		if len(rows) != n {
			t.Fatalf("tip %d has %d attachments, want %d", tip, len(rows), n)
		}
		for i, r := range rows {
			if tip == botTip && i == len(evidenceSamples) {
				if r.Clean != "uncleanable" {
					t.Errorf("the archive kept anyway is %s (%s), want uncleanable", r.Clean, r.MIME)
				}
				continue
			}
			if r.Clean != "cleaned" {
				t.Errorf("tip %d attachment %d (%s %s) is %s, want cleaned", tip, i+1, r.Kind, r.MIME, r.Clean)
			}
			if tip == botTip && r.Kind != evidenceSamples[i].kind {
				t.Errorf("%s was stored as %s (%s)", evidenceSamples[i].file, r.Kind, r.MIME)
			}
		}
	}

	// 4. An officer downloads every attachment of both tips.
	officerLog := addOfficer(t, c, addr)
	officer := loginOfficer(t, "http://"+addr)
	served := map[string][]byte{}
	for tip, n := range want {
		page := officer.get(t, fmt.Sprintf("/tips/%d", tip))
		warned := 0
		if tip == botTip {
			warned = 1
		}
		if got := strings.Count(page, "无法清除元数据"); got != warned {
			t.Errorf("tip %d's page warns of %d files that could not be cleaned, want %d", tip, got, warned)
		}
		links := attachmentLinks(tip, page)
		if len(links) != n {
			t.Fatalf("tip %d's page links %d attachments, want %d: %q", tip, len(links), n, links)
		}
		for _, l := range links {
			b := []byte(officer.get(t, l))
			if len(b) == 0 {
				t.Errorf("%s served no bytes", l)
			}
			served["served "+l] = expand(b)
		}
	}
	if server.exited() {
		t.Fatalf("the server exited: %v", server.err)
	}

	// 5. The audit.
	c.stopAll()
	sources := evidenceSources(t, c.dbURL, append(c.written(), officerLog))
	if !bytes.Contains(sources["pg_dump"], []byte(webMarker)) || !bytes.Contains(sources["pg_dump"], []byte(suspectPhone)) {
		t.Fatal("the dump does not hold the reports: the audit would look at nothing")
	}
	if !bytes.Contains(sources["pg_dump bytea decoded and expanded"], []byte(keptMarker)) {
		t.Error("the archive the reporter kept anyway is not in the dump: the audit cannot see into stored files")
	}
	for name, b := range served {
		sources[name] = b
	}
	all := append(slices.Clone(forbidden), droppedMarker, "TESTNAME", "_testuser_", botToken)
	all = append(all, z.identities()...)
	all = append(all, receiptForms(botReceipt)...)
	all = append(all, receiptForms(webReceipt)...)
	findForbidden(t, sources, all)
	t.Logf("anonymity audit (evidence): %d samples by Telegram, %d by the web, %d attachments served, %d sources, %d forbidden strings",
		len(evidenceSamples), len(webEvidence), len(served), len(sources), len(all))
}

// evidenceForbidden are the marker and the position in every form the
// samples write them: text (Exif, XMP, QuickTime keys, Ogg comments, PDF,
// OOXML), UTF-16 (as a PDF may write a string), and the Exif rationals of
// 27°44'28.32" N, 112°31'51.96" E in either byte order.
func evidenceForbidden() []string {
	out := []string{evidenceMarker, "27.7412", "112.5311"}
	for _, order := range []binary.AppendByteOrder{binary.BigEndian, binary.LittleEndian} {
		var u []byte
		for _, r := range utf16.Encode([]rune(evidenceMarker)) {
			u = order.AppendUint16(u, r)
		}
		out = append(out, string(u))
		for _, dms := range [][]uint32{{27, 1, 44, 1, 708, 25}, {112, 1, 31, 1, 1299, 25}} {
			var b []byte
			for _, v := range dms {
				b = order.AppendUint32(b, v)
			}
			out = append(out, string(b))
		}
	}
	return out
}

// foundIn lists the forbidden strings b holds.
func foundIn(b []byte, forbidden []string) []string {
	var out []string
	for _, f := range forbidden {
		if bytes.Contains(b, []byte(f)) {
			out = append(out, f)
		}
	}
	return out
}

// pdfStream is a PDF stream's data.
var pdfStream = regexp.MustCompile(`(?s)stream\r?\n(.*?)\r?\n?endstream`)

// expand is b followed by what its compressed parts hold: the entries of a
// zip (a DOCX and the workbooks inside it) and the Flate streams of a PDF,
// where a marker of the document's metadata rests out of a plain search's
// sight.
func expand(b []byte) []byte {
	out := slices.Clone(b)
	if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				continue
			}
			part, _ := io.ReadAll(io.LimitReader(rc, 64<<20))
			rc.Close()
			out = append(append(out, 0), expand(part)...)
		}
	}
	if bytes.HasPrefix(b, []byte("%PDF")) {
		for _, m := range pdfStream.FindAllSubmatch(b, -1) {
			zr, err := zlib.NewReader(bytes.NewReader(m[1]))
			if err != nil {
				continue
			}
			part, _ := io.ReadAll(io.LimitReader(zr, 64<<20))
			zr.Close()
			out = append(append(out, 0), part...)
		}
	}
	return out
}

// jsonBase64 is a JSON string value that may be bytes in base64.
var jsonBase64 = regexp.MustCompile(`"([A-Za-z0-9+/_-]{16,}={0,2})"`)

// evidenceSources are auditSources with the attachments' compressed parts
// opened: every bytea value decoded from hex and expanded on its own, and
// every base64 string of the dump's JSON decoded and expanded.
func evidenceSources(t *testing.T, dbURL string, files []string) map[string][]byte {
	t.Helper()
	sources := auditSources(t, dbURL, files)
	dump := sources["pg_dump"]
	var bytea, b64 []byte
	for _, m := range byteaLiteral.FindAllSubmatch(dump, -1) {
		b, err := hex.DecodeString(string(m[1]))
		if err != nil {
			t.Fatalf("a bytea value of the dump: %v", err)
		}
		bytea = append(append(bytea, expand(b)...), 0)
	}
	for _, m := range jsonBase64.FindAllSubmatch(dump, -1) {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(string(m[1])); err == nil {
				b64 = append(append(b64, expand(b)...), 0)
				break
			}
		}
	}
	// The expanded values hold everything the plain decoding does.
	delete(sources, "pg_dump bytea decoded")
	sources["pg_dump bytea decoded and expanded"] = bytea
	sources["pg_dump JSON base64 decoded"] = b64
	return sources
}

// attachmentLinks are the attachment routes a tip page links to, once each.
func attachmentLinks(tip int64, page string) []string {
	re := regexp.MustCompile(fmt.Sprintf(`/tips/%d/attachments/[0-9]+`, tip))
	var out []string
	for _, l := range re.FindAllString(page, -1) {
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// reportEvidence goes through the wizard sending every sample, each as its
// kind of message, and waits for each to be counted; then it sends the two
// archives, answers the bot's question about the first with "send a
// screenshot instead" and about the second with "keep it anyway", and
// returns the receipt.
func (z *citizen) reportEvidence(ctx context.Context, description string, samples map[string][]byte, dropped, kept []byte) (string, error) {
	floor, err := z.toEvidence(ctx, description)
	if err != nil {
		return "", err
	}
	for i, s := range evidenceSamples {
		before := z.floor()
		data := samples[s.file]
		switch s.as {
		case "video":
			z.u.SendVideo(data, "")
		case "voice":
			z.u.SendVoice(data)
		default:
			z.u.SendDocument(fmt.Sprintf("Zhaoxiaoming_TESTNAME_%d%s", i+1, filepath.Ext(s.file)), s.mime, data, "")
		}
		if _, err := z.awaitText(ctx, before, fmt.Sprintf("已收到 %d 个文件", i+1)); err != nil {
			return "", fmt.Errorf("%s: %w", s.file, err)
		}
	}
	for i, choice := range []string{"u:drop:", "u:keep:"} {
		before := z.floor()
		z.u.SendDocument(fmt.Sprintf("Zhaoxiaoming_TESTNAME_chat%d.zip", i+1), "application/zip", [][]byte{dropped, kept}[i], "")
		ask, err := z.await(ctx, before, "the question about an archive", func(m telegramtest.Message) bool {
			return buttonWith(m, "u:keep:") != "" && buttonWith(m, "u:drop:") != ""
		})
		if err != nil {
			return "", err
		}
		if err := z.press(ctx, before, buttonWith(ask, choice)); err != nil {
			return "", err
		}
		if _, err := z.awaitText(ctx, before, fmt.Sprintf("已收到 %d 个文件", len(evidenceSamples)+i)); err != nil {
			return "", fmt.Errorf("after %s: %w", choice, err)
		}
	}
	for _, data := range []string{"e:done", "k:code", "r:submit"} {
		if err := z.press(ctx, floor, data); err != nil {
			return "", err
		}
	}
	m, err := z.await(ctx, floor, "receipt", func(m telegramtest.Message) bool {
		return receiptPattern.MatchString(m.Text) && strings.Contains(m.Text, "回执码")
	})
	if err != nil {
		return "", err
	}
	return receiptPattern.FindString(m.Text), nil
}

// zipOf is a plain zip archive of one text file, which no cleaner opens.
func zipOf(name, text string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	_, _ = io.WriteString(w, text)
	_ = zw.Close()
	return buf.Bytes()
}

// reportWebEvidence walks the web report as webPhone.report does, uploading
// files under the names and types a phone gives them, and returns the receipt.
func reportWebEvidence(p *webPhone, description string, files map[string][]byte) string {
	p.t.Helper()
	p.toEvidence(description)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("ft", p.token)
	for _, s := range evidenceSamples {
		data, ok := files[s.file]
		if !ok {
			continue
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="files"; filename="Zhaoxiaoming_TESTNAME%s"`, filepath.Ext(s.file)))
		h.Set("Content-Type", s.mime)
		w, _ := mw.CreatePart(h)
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, p.base+"/r/evidence", &buf)
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	p.do(req)
	p.must("evidence", 200)
	if strings.Contains(p.body, `class="err"`) {
		p.t.Fatalf("a file was refused:\n%.2000s", p.body)
	}
	return p.submit()
}
