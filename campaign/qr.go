package campaign

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// A poster hangs where it gets wet and scratched: level Q restores a quarter
// of the code.
const qrLevel = qr.Q

// quiet is the blank margin around a QR code, in modules, that scanners need.
const quiet = 4

// modulePx is a module's size in the PNG: a version-4 code prints about 8 cm
// wide at 150 dpi.
const modulePx = 12

// textScale enlarges the 7×13 font under the PNG's code to print readably.
const textScale = 2

func encode(link string) (barcode.Barcode, error) {
	code, err := qr.Encode(link, qrLevel, qr.Auto)
	if err != nil {
		return nil, fmt.Errorf("campaign: unable to encode a QR code: %w", err)
	}
	return code, nil
}

// PNG is a QR code of link with the link printed underneath.
func PNG(link string) ([]byte, error) {
	code, err := encode(link)
	if err != nil {
		return nil, err
	}
	n := code.Bounds().Dx()
	side := (n + 2*quiet) * modulePx
	label := textImage(link)
	lw, lh := label.Bounds().Dx()*textScale, label.Bounds().Dy()*textScale
	w := max(side, lw+2*modulePx)
	img := image.NewGray(image.Rect(0, 0, w, side+lh+modulePx))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	left := (w - side) / 2
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			if dark(code.At(x, y)) {
				r := image.Rect(left+(x+quiet)*modulePx, (y+quiet)*modulePx, left+(x+quiet+1)*modulePx, (y+quiet+1)*modulePx)
				draw.Draw(img, r, image.Black, image.Point{}, draw.Src)
			}
		}
	}
	tx, ty := (w-lw)/2, side
	for y := 0; y < lh; y++ {
		for x := 0; x < lw; x++ {
			img.Set(tx+x, ty+y, label.At(x/textScale, y/textScale))
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, fmt.Errorf("campaign: unable to write a PNG: %w", err)
	}
	return b.Bytes(), nil
}

// textImage draws an ASCII line (a link) in black on white.
func textImage(s string) *image.Gray {
	face := basicfont.Face7x13
	w := font.MeasureString(face, s).Ceil()
	img := image.NewGray(image.Rect(0, 0, w, face.Height))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: img, Src: image.Black, Face: face, Dot: fixed.P(0, face.Ascent)}
	d.DrawString(s)
	return img
}

func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r+g+b < 3*0x8000
}

// SVG is a QR code of link with the link underneath, as a standalone SVG
// that scales to any print size. Each row's dark runs are one rectangle.
func SVG(link string) ([]byte, error) {
	code, err := encode(link)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	writeSVG(&b, code, link, true)
	return b.Bytes(), nil
}

// writeSVG writes the code as an <svg> element; standalone adds the XML
// namespace a file needs and an HTML page does not.
func writeSVG(b *bytes.Buffer, code barcode.Barcode, link string, standalone bool) {
	n := code.Bounds().Dx()
	side := n + 2*quiet
	textH := 3
	if link == "" {
		textH = 0
	}
	ns := ""
	if standalone {
		ns = ` xmlns="http://www.w3.org/2000/svg"`
	}
	fmt.Fprintf(b, `<svg%s viewBox="0 0 %d %d" shape-rendering="crispEdges" role="img">`, ns, side, side+textH)
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, side, side+textH)
	for y := 0; y < n; y++ {
		for x := 0; x < n; {
			if !dark(code.At(x, y)) {
				x++
				continue
			}
			run := 0
			for x+run < n && dark(code.At(x+run, y)) {
				run++
			}
			fmt.Fprintf(b, "M%d %dh%dv1h-%dz", x+quiet, y+quiet, run, run)
			x += run
		}
	}
	b.WriteString(`"/>`)
	if link != "" {
		// The link is as wide as the code, whatever its length.
		fmt.Fprintf(b, `<text x="%d" y="%d" font-family="monospace" font-size="1.6" text-anchor="middle" textLength="%d" lengthAdjust="spacingAndGlyphs">%s</text>`,
			side/2, side+2, side-2, xmlEscape(link))
	}
	b.WriteString(`</svg>`)
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }
