// Package smtptest is an SMTP server for tests: it accepts mail over real SMTP
// and keeps each message with its MIME parts decoded.
package smtptest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// Sink is a small SMTP server speaking the protocol over TCP in clear, enough
// for a mail client (smtp.tls none) to deliver to it. It offers no STARTTLS.
type Sink struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []Mail
}

// Mail is one delivered message, its MIME parts flattened; a message that
// does not parse is refused with 554, so a test sees the client's error.
type Mail struct {
	From, To string
	Subject  string
	Parts    map[string]string // media type → decoded body
	FileName string            // the attachment's name
}

// Start listens on 127.0.0.1 until the test ends.
func Start(t testing.TB) *Sink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Sink{ln: ln}
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

// Port is the port the sink listens on.
func (s *Sink) Port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *Sink) serve(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	_ = tp.PrintfLine("220 localhost ESMTP test sink")
	var from, to string
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		switch strings.ToUpper(strings.SplitN(line, " ", 2)[0]) {
		case "EHLO", "HELO":
			_ = tp.PrintfLine("250-localhost")
			_ = tp.PrintfLine("250 8BITMIME")
		case "MAIL":
			from, to = line, ""
			_ = tp.PrintfLine("250 OK")
		case "RCPT":
			to = line
			_ = tp.PrintfLine("250 OK")
		case "DATA":
			_ = tp.PrintfLine("354 go ahead")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			m, err := parseMail(data)
			if err != nil {
				_ = tp.PrintfLine("554 %s", strings.ReplaceAll(err.Error(), "\n", " "))
				continue
			}
			m.From, m.To = from, to
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
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

// Received is every message delivered so far.
func (s *Sink) Received() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.msgs...)
}

func parseMail(data []byte) (Mail, error) {
	m, err := mail.ReadMessage(bufio.NewReader(bytes.NewReader(data)))
	if err != nil {
		return Mail{}, err
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	out := Mail{Subject: subject, Parts: map[string]string{}}
	if err := flattenParts(textproto.MIMEHeader(m.Header), m.Body, &out); err != nil {
		return Mail{}, err
	}
	return out, nil
}

// flattenParts walks a MIME tree into media type → decoded body.
func flattenParts(h textproto.MIMEHeader, body io.Reader, out *Mail) error {
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		return fmt.Errorf("bad content type %q: %w", h.Get("Content-Type"), err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if err := flattenParts(p.Header, p, out); err != nil {
				return err
			}
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
		return err
	}
	if _, p, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil && p["filename"] != "" {
		out.FileName = p["filename"]
	}
	out.Parts[mt] = string(b)
	return nil
}
