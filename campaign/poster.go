package campaign

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"

	"github.com/tipline/tipline/config"
)

// posterCSS lays the poster out on one A4 sheet in any browser: every height
// is in millimetres, and nothing may break onto a second page.
const posterCSS = `
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Zen Hei", sans-serif; }
.sheet { width: 186mm; height: 270mm; margin: 0 auto; padding: 8mm 6mm; display: flex; flex-direction: column;
  align-items: center; justify-content: space-between; border: 1.2mm solid #b00000; overflow: hidden;
  page-break-inside: avoid; break-inside: avoid; }
h1 { font-size: 30pt; line-height: 1.25; margin: 2mm 0 0; text-align: center; color: #b00000; letter-spacing: 0.05em; }
.qr { width: 112mm; height: 112mm; }
.qr svg { width: 100%; height: 100%; display: block; }
.link { font-family: monospace; font-size: 11pt; word-break: break-all; text-align: center; margin: 0; }
ul { list-style: none; margin: 0; padding: 0; width: 100%; }
li { font-size: 15pt; line-height: 1.5; margin: 1.5mm 0; padding-left: 7mm; text-indent: -7mm; }
li::before { content: "●"; color: #b00000; display: inline-block; width: 7mm; text-indent: 0; }
.tg { display: flex; align-items: center; gap: 5mm; font-size: 11pt; }
.tg .qr { width: 30mm; height: 30mm; flex: none; }
.tg p { margin: 0; max-width: 120mm; word-break: break-all; }
@media screen { body { padding: 8mm 0; background: #eee; } .sheet { background: #fff; } }
`

// PosterCSP is the Content-Security-Policy a poster is served with: its one
// inline style by hash, its QR codes inline, nothing else.
var PosterCSP = func() string {
	sum := sha256.Sum256([]byte(posterCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
}()

var posterPage = template.Must(template.New("poster").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{.Headline}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<div class="sheet">
<h1>{{.Headline}}</h1>
<div class="qr">{{.WebQR}}</div>
<p class="link">{{.Web}}</p>
<ul>{{range .Lines}}<li>{{.}}</li>{{end}}</ul>
{{if .TelegramQR}}<div class="tg"><div class="qr">{{.TelegramQR}}</div><p>{{.TelegramNote}}<br>{{.Telegram}}</p></div>{{end}}
</div>
</body>
</html>
`))

// telegramNote introduces the bot's code under the web's.
var telegramNote = config.Text{Zh: "使用 Telegram 的群众，也可以扫描此码向机器人举报：", En: "On Telegram? Scan this code to report to the bot:"}

// Poster is the campaign's A4 poster page in a locale ("en", or Chinese for
// anything else): the headline, the web report's QR code with its link, the
// configured lines and, when the campaign has one, the bot's smaller code.
func Poster(cfg *config.Config, links Links, locale string) ([]byte, error) {
	text := cfg.Campaigns.PosterText()
	web, err := inlineSVG(links.Web)
	if err != nil {
		return nil, err
	}
	lang := "zh-CN"
	if locale == "en" {
		lang = "en"
	}
	data := struct {
		Lang, Headline, Web, Telegram, TelegramNote string
		CSS                                         template.CSS
		WebQR, TelegramQR                           template.HTML
		Lines                                       []string
	}{Lang: lang, Headline: text.Headline.In(locale), Web: links.Web, Telegram: links.Telegram,
		TelegramNote: telegramNote.In(locale), CSS: template.CSS(posterCSS), WebQR: web}
	for _, l := range text.Lines {
		data.Lines = append(data.Lines, l.In(locale))
	}
	if links.Telegram != "" {
		if data.TelegramQR, err = inlineSVG(links.Telegram); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := posterPage.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("campaign: unable to render the poster: %w", err)
	}
	return b.Bytes(), nil
}

// inlineSVG is a QR code as an <svg> element for an HTML page, which prints
// the link itself in a larger type.
func inlineSVG(link string) (template.HTML, error) {
	code, err := encode(link)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	writeSVG(&b, code, "", false)
	return template.HTML(b.String()), nil // built from numbers and an escaped link only
}
