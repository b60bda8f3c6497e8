package jobs

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/wneessen/go-mail"

	"github.com/tipline/tipline/config"
)

// Mail is one emailed digest.
type Mail struct {
	To       string
	Subject  string
	Text     string
	HTML     string
	FileName string // the attachment's name; none when empty
	File     []byte
}

// Mailer sends mail; the SMTP one is the default, tests bring their own server.
type Mailer interface {
	Send(ctx context.Context, m Mail) error
}

// SMTPMailer sends through the configured SMTP server.
type SMTPMailer struct {
	cfg config.SMTP
}

// NewSMTPMailer returns a mailer for cfg: STARTTLS required ("starttls"),
// implicit TLS ("tls") or plain ("none", only for a relay on the same host).
func NewSMTPMailer(cfg config.SMTP) *SMTPMailer { return &SMTPMailer{cfg: cfg} }

// ErrNoSMTP is returned when mail is to be sent but no SMTP server is configured.
var ErrNoSMTP = errors.New("jobs: no SMTP server configured (smtp.host)")

// Send dials, sends m and hangs up; digests are few, so no connection is kept.
func (sm *SMTPMailer) Send(ctx context.Context, m Mail) error {
	if sm.cfg.Host == "" {
		return ErrNoSMTP
	}
	msg := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8))
	if err := msg.From(sm.cfg.From); err != nil {
		return fmt.Errorf("jobs: bad smtp.from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("jobs: bad digest address: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(mail.TypeTextHTML, m.HTML)
	}
	if m.FileName != "" {
		if err := msg.AttachReader(m.FileName, bytes.NewReader(m.File),
			mail.WithFileContentType("text/csv; charset=utf-8")); err != nil {
			return fmt.Errorf("jobs: unable to attach %s: %w", m.FileName, err)
		}
	}
	opts := []mail.Option{mail.WithPort(sm.cfg.Port)}
	switch sm.cfg.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if sm.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain),
			mail.WithUsername(sm.cfg.Username), mail.WithPassword(sm.cfg.Password))
	}
	c, err := mail.NewClient(sm.cfg.Host, opts...)
	if err != nil {
		return fmt.Errorf("jobs: unable to set up SMTP: %w", err)
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("jobs: unable to send mail: %w", err)
	}
	return nil
}
