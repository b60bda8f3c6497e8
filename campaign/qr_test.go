package campaign

import (
	"archive/zip"
	"bytes"
	"image"
	"image/color"
	_ "image/png"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// decode reads the one QR code in an image with gozxing, a decoder that
// shares nothing with the encoder.
func decode(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code decoded: %v", err)
	}
	return res.GetText()
}

func decodePNG(t *testing.T, b []byte) string {
	t.Helper()
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, img)
}

var svgRun = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v1h-\d+z`)

// decodeSVG draws the SVG's module runs at 8 px a module and decodes that.
func decodeSVG(t *testing.T, b []byte) string {
	t.Helper()
	m := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatalf("no viewBox in %.80s", b)
	}
	side, _ := strconv.Atoi(string(m[1]))
	const px = 8
	img := image.NewGray(image.Rect(0, 0, side*px, side*px))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, r := range svgRun.FindAllSubmatch(b, -1) {
		x, _ := strconv.Atoi(string(r[1]))
		y, _ := strconv.Atoi(string(r[2]))
		n, _ := strconv.Atoi(string(r[3]))
		for yy := y * px; yy < (y+1)*px; yy++ {
			for xx := x * px; xx < (x+n)*px; xx++ {
				img.SetGray(xx, yy, color.Gray{})
			}
		}
	}
	return decode(t, img)
}

func TestQRCodesDecodeToTheCampaignsLinks(t *testing.T) {
	cfg := testConfig()
	c := Campaign{ID: 42, Name: "壶天镇农村禁毒宣传", Kind: "village", AreaCode: "hutian", Telegram: true}
	code := NewStore(nil, cfg).Code(c)
	links := LinksFor(cfg, c, code)
	if want := "https://jubao.example.cn/r/?c=" + code; links.Web != want {
		t.Fatalf("web link %q, want %q", links.Web, want)
	}
	if want := "https://t.me/XiangxiangJubaoBot?start=" + code; links.Telegram != want {
		t.Fatalf("telegram link %q, want %q", links.Telegram, want)
	}
	for _, link := range links.All() {
		p, err := PNG(link)
		if err != nil {
			t.Fatal(err)
		}
		if got := decodePNG(t, p); got != link {
			t.Errorf("PNG decodes to %q, want %q", got, link)
		}
		s, err := SVG(link)
		if err != nil {
			t.Fatal(err)
		}
		if got := decodeSVG(t, s); got != link {
			t.Errorf("SVG decodes to %q, want %q", got, link)
		}
		if !bytes.Contains(s, []byte(">"+xmlEscape(link)+"</text>")) {
			t.Errorf("SVG does not print %q under the code", link)
		}
	}
}

func TestNoTelegramLinkWithoutUsernameOrChoice(t *testing.T) {
	cfg := testConfig()
	c := Campaign{ID: 1, Kind: "school", AreaCode: "meiqiao", Telegram: true}
	if l := LinksFor(cfg, Campaign{ID: 1, Telegram: false}, "x"); l.Telegram != "" {
		t.Fatalf("campaign without Telegram got %q", l.Telegram)
	}
	cfg.Bot.Username = ""
	if l := LinksFor(cfg, c, "x"); l.Telegram != "" || len(l.All()) != 1 {
		t.Fatalf("no bot username, yet %q", l.Telegram)
	}
}

// The print shop's archive holds the codes of exactly the campaign's links,
// the two posters and the links as text.
func TestZipHoldsExactlyTheCampaignsCodes(t *testing.T) {
	cfg := testConfig()
	c := Campaign{ID: 9, Name: "东山街道社区宣传", Kind: "community", AreaCode: "dongshan", Telegram: true}
	code := NewStore(nil, cfg).Code(c)
	b, err := Zip(cfg, c, code, time.Date(2026, 6, 26, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names, decoded []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		_ = rc.Close()
		switch {
		case strings.HasSuffix(f.Name, ".png"):
			decoded = append(decoded, decodePNG(t, body))
		case strings.HasSuffix(f.Name, ".svg"):
			decoded = append(decoded, decodeSVG(t, body))
		}
	}
	want := []string{"campaign-9-links.txt", "campaign-9-poster-en.html", "campaign-9-poster-zh-CN.html",
		"campaign-9-telegram.png", "campaign-9-telegram.svg", "campaign-9-web.png", "campaign-9-web.svg"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	links := LinksFor(cfg, c, code)
	slices.Sort(decoded)
	wantLinks := []string{links.Telegram, links.Telegram, links.Web, links.Web}
	slices.Sort(wantLinks)
	if !slices.Equal(decoded, wantLinks) {
		t.Fatalf("codes decode to %v, want %v", decoded, wantLinks)
	}
}

func TestPosterSaysWhatAndThatItIsAnonymous(t *testing.T) {
	cfg := testConfig()
	cfg.Campaigns.Poster.Headline.Zh = "禁毒人人有责，扫码匿名举报"
	c := Campaign{ID: 5, Kind: "school", AreaCode: "meiqiao"}
	code := NewStore(nil, cfg).Code(c)
	links := LinksFor(cfg, c, code)
	p, err := Poster(cfg, links, "zh-CN")
	if err != nil {
		t.Fatal(err)
	}
	page := string(p)
	for _, want := range []string{`<html lang="zh-CN">`, "禁毒人人有责，扫码匿名举报", "匿名", "贩毒", ">" + links.Web + "<", "@page { size: A4"} {
		if !strings.Contains(page, want) {
			t.Errorf("poster lacks %q", want)
		}
	}
	if strings.Contains(page, "t.me") {
		t.Error("poster of a campaign without Telegram shows the bot")
	}
	if strings.Contains(page, c.Name) && c.Name != "" {
		t.Error("poster names the campaign")
	}
	if got := decodeSVG(t, []byte(page[strings.Index(page, "<svg"):])); got != links.Web {
		t.Fatalf("poster's code decodes to %q", got)
	}
	en, err := Poster(cfg, links, "en")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(en), "anonymous") || strings.Contains(string(en), "匿名") {
		t.Error("English poster is not in English")
	}
}
