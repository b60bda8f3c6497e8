//go:build e2e

package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tipline/tipline/internal/pgtest"
)

// TestWebAnonymity is the anonymity audit of the web report: a phone reports
// from an address of its own (127.0.0.77) with a marker user agent,
// Accept-Language and Referer, sends a photo carrying GPS and a name, and
// checks its status with the receipt. Afterwards neither the address, the
// markers, the draft cookie values, the receipt nor the photo's name is in a
// pg_dump of the database (its bytea decoded too), in any log line or in any
// file the server wrote; what the reporter said about the dealer is kept.
func TestWebAnonymity(t *testing.T) {
	t.Parallel()
	c := newCluster(t, pgtest.URL(t), nil, webEnv()...)
	c.dumpLogsOnFailure()
	admin, public := freeAddr(t), freeAddr(t)
	server := c.start("serve", admin, nil, publicEnv(public)...)

	p := newWebPhone(t, "http://"+public)
	photo := dirtyPhoto(t)
	description := "东山街道菜市场后门有人卖冰毒，卖家电话 " + suspectPhone + "，每天晚上八点出现。" + webMarker
	receipt := p.report(description, photo)
	if !receiptPattern.MatchString(receipt) {
		t.Fatalf("the receipt %q is not a receipt", receipt)
	}
	if page := p.checkStatus(receipt); !strings.Contains(page, "已收到") {
		t.Fatalf("the status page of a new tip does not say received:\n%.2000s", page)
	}

	id := tipOf(t, c, receipt)
	var tip struct {
		Channel     string `db:"channel"`
		ContactMode string `db:"contact_mode"`
		Description string `db:"description"`
	}
	if err := c.db.Get(&tip, `SELECT channel, contact_mode, description FROM tips WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	if tip.Channel != "web" || tip.ContactMode != "code" || !strings.Contains(tip.Description, webMarker) {
		t.Fatalf("the web report was stored as %+v", tip)
	}
	checkStoredPhotos(t, c, 1)
	if server.exited() {
		t.Fatalf("the server exited: %v", server.err)
	}

	c.stopAll()
	forbidden := append(webForbidden(p), receiptForms(receipt)...)
	forbidden = append(forbidden, photoComment, "TESTNAME", botToken)
	sources := auditSources(t, c.dbURL, c.written())
	if !bytes.Contains(sources["pg_dump"], []byte(webMarker)) || !bytes.Contains(sources["pg_dump"], []byte(suspectPhone)) {
		t.Fatal("the dump does not hold the report: the audit would look at nothing")
	}
	findForbidden(t, sources, forbidden)
	t.Logf("anonymity audit (web): %d sources, %d forbidden strings", len(sources), len(forbidden))
}

// webMarker names the web report in its description.
const webMarker = "E2EWEBMARK001"

// webEnv is the web report's configuration in these tests: no limit a test
// reaches, and a fill time the phone waits out.
func webEnv() []string {
	return []string{
		"TIPLINE_WEB_ENABLED=true",
		"TIPLINE_WEB_MIN_FILL=" + webMinFill.String(),
	}
}

// publicEnv puts the public listener (web report, webhook) on addr, apart
// from the admin's.
func publicEnv(addr string) []string {
	return []string{"TIPLINE_PUBLIC_LISTEN=" + addr, "TIPLINE_PUBLIC_BASE_URL=http://" + addr}
}

// webForbidden are the phone's traits in every form they could rest in: as
// sent, and the draft cookies also as their bytes, hex and base64.
func webForbidden(p *webPhone) []string {
	ip := net.ParseIP(webPhoneAddr)
	out := []string{webPhoneAddr, webAgentMarker, webLangMarker, webRefererMarker,
		string(ip.To4()), string(ip.To16()), hex.EncodeToString(ip.To4())}
	for _, v := range p.secrets() {
		out = append(out, v, hex.EncodeToString([]byte(v)))
		if raw, err := base64.RawURLEncoding.DecodeString(v); err == nil {
			out = append(out, string(raw), hex.EncodeToString(raw), base64.StdEncoding.EncodeToString(raw))
		}
	}
	return out
}

// byteaLiteral is a bytea value as pg_dump --inserts writes it.
var byteaLiteral = regexp.MustCompile(`'\\x([0-9a-f]*)'`)

// auditSources are what the audit reads: the dump, every bytea value of it
// decoded (a secret kept as bytes is hex in the dump, in an order no search
// for the hex of a string finds), and every file written.
func auditSources(t *testing.T, dbURL string, files []string) map[string][]byte {
	t.Helper()
	dump := pgDump(t, dbURL)
	var decoded []byte
	for _, m := range byteaLiteral.FindAllSubmatch(dump, -1) {
		b, err := hex.DecodeString(string(m[1]))
		if err != nil {
			t.Fatalf("a bytea value of the dump: %v", err)
		}
		decoded = append(append(decoded, b...), 0)
	}
	if len(decoded) == 0 {
		t.Fatal("the dump holds no bytea value: the attachments are missing")
	}
	sources := map[string][]byte{"pg_dump": dump, "pg_dump bytea decoded": decoded}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sources["file "+filepath.Base(p)] = b
	}
	return sources
}

// findForbidden reports each forbidden string found in a source.
func findForbidden(t *testing.T, sources map[string][]byte, forbidden []string) {
	t.Helper()
	for name, b := range sources {
		for _, f := range forbidden {
			if i := bytes.Index(b, []byte(f)); i >= 0 {
				t.Errorf("%s holds %q: …%q…", name, f, excerpt(b, i))
			}
		}
	}
}
