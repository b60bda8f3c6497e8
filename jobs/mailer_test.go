package jobs

import (
	"bufio"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tipline/tipline/config"
)

// smtpServer is a minimal SMTP server speaking the protocol over TCP, enough
// for a client to deliver to it.
type smtpServer struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []received
}

type received struct {
	from, to string
	data     []byte
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	_ = tp.PrintfLine("220 localhost ESMTP test")
	var cur received
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			_ = tp.PrintfLine("250-localhost")
			_ = tp.PrintfLine("250 8BITMIME")
		case "MAIL":
			cur = received{from: line}
			_ = tp.PrintfLine("250 OK")
		case "RCPT":
			cur.to = line
			_ = tp.PrintfLine("250 OK")
		case "DATA":
			_ = tp.PrintfLine("354 go ahead")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			cur.data = data
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			s.mu.Unlock()
			_ = tp.PrintfLine("250 OK queued")
		case "QUIT":
			_ = tp.PrintfLine("221 bye")
			return
		default: // NOOP, RSET
			_ = tp.PrintfLine("250 OK")
		}
	}
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

// parts flattens a MIME message into media type → decoded body, and the
// attachment's file name.
func parts(t *testing.T, h textproto.MIMEHeader, body io.Reader, out map[string]string, file *string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		t.Fatalf("bad content type %q: %v", h.Get("Content-Type"), err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			parts(t, p.Header, p, out, file)
		}
	}
	switch strings.ToLower(h.Get("Content-Transfer-Encoding")) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatal(err)
	}
	if _, p, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && p["filename"] != "" {
		*file = p["filename"]
	}
	out[mt] = string(b)
}

func TestEmailedDigestOverSMTP(t *testing.T) {
	t.Parallel()
	srv := startSMTP(t)
	b := setup(t)
	_, port, _ := net.SplitHostPort(srv.ln.Addr().String())
	portN, _ := strconv.Atoi(port)
	b.cfg.SMTP = config.SMTP{Host: "127.0.0.1", Port: portN, From: "tipline@jdb.example.cn", TLS: "none"}
	b.cfg.Digest.Emails = []string{"duty@jdb.example.cn"}
	b.submitAt(t, time.Date(2026, 11, 20, 9, 0, 0, 0, b.cfg.Location), nil)
	s, err := New(Deps{Config: b.cfg, DB: b.db, Queue: b.store, Now: b.clock.Now}) // the SMTP mailer
	if err != nil {
		t.Fatal(err)
	}
	b.clock.Set(time.Date(2026, 11, 21, 8, 0, 0, 0, b.cfg.Location))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s.tick(ctx, mustJob(t, s, JobDailyDigest))

	msgs := srv.received()
	if len(msgs) != 1 {
		t.Fatalf("server received %d messages, want 1", len(msgs))
	}
	if !strings.Contains(msgs[0].to, "duty@jdb.example.cn") {
		t.Errorf("RCPT %q", msgs[0].to)
	}
	m, err := mail.ReadMessage(bufio.NewReader(strings.NewReader(string(msgs[0].data))))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if subject != "湘乡市禁毒举报日报 2026-11-20" {
		t.Errorf("subject %q", subject)
	}
	got := map[string]string{}
	var file string
	parts(t, textproto.MIMEHeader(m.Header), m.Body, got, &file)
	if !strings.Contains(got["text/plain"], "新线索 1 件") {
		t.Errorf("plain part: %q", got["text/plain"])
	}
	if !strings.Contains(got["text/html"], "<h1") || !strings.Contains(got["text/html"], "新线索 1 件") {
		t.Errorf("HTML part: %q", got["text/html"])
	}
	// One tip in the period: its area is below the digest's minimum, hidden.
	csv := got["text/csv"]
	if !strings.HasPrefix(csv, "\uFEFF编号,提交时间") || !strings.Contains(csv, "吸食毒品,<3,") || file != "tipline-digest_daily-2026-11-20.csv" {
		t.Errorf("CSV attachment %q: %q", file, csv)
	}
	if strings.Contains(csv, "聚众") {
		t.Error("CSV carries the description")
	}
	if n := b.count(t, `SELECT count(*) FROM digest_deliveries WHERE channel = 'email' AND state = 'sent'`); n != 1 {
		t.Errorf("email delivery not recorded as sent")
	}
}

// "starttls" means STARTTLS or nothing: a server that does not offer it gets
// no mail, in clear or otherwise.
func TestSTARTTLSIsRequired(t *testing.T) {
	t.Parallel()
	srv := startSMTP(t)
	_, port, _ := net.SplitHostPort(srv.ln.Addr().String())
	portN, _ := strconv.Atoi(port)
	m := NewSMTPMailer(config.SMTP{Host: "127.0.0.1", Port: portN, From: "tipline@jdb.example.cn", TLS: "starttls"})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.Send(ctx, Mail{To: "duty@jdb.example.cn", Subject: "x", Text: "x"}); err == nil {
		t.Fatal("sent without STARTTLS")
	}
	if n := len(srv.received()); n != 0 {
		t.Errorf("server received %d messages in clear", n)
	}
}
