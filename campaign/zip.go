package campaign

import (
	"archive/zip"
	"bytes"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/tipline/tipline/config"
)

// Files are a campaign's printable files for a print shop: the QR codes as
// PNG and SVG, the poster in both languages and the links as text.
func Files(cfg *config.Config, c Campaign, code string) (map[string][]byte, error) {
	links := LinksFor(cfg, c, code)
	files := map[string][]byte{}
	add := func(name string, b []byte, err error) error {
		if err != nil {
			return err
		}
		files[fmt.Sprintf("campaign-%d-%s", c.ID, name)] = b
		return nil
	}
	txt := "web: " + links.Web + "\r\n"
	for _, q := range []struct{ name, link string }{{"web", links.Web}, {"telegram", links.Telegram}} {
		if q.link == "" {
			continue
		}
		png, err := PNG(q.link)
		if err := add(q.name+".png", png, err); err != nil {
			return nil, err
		}
		svg, err := SVG(q.link)
		if err := add(q.name+".svg", svg, err); err != nil {
			return nil, err
		}
	}
	if links.Telegram != "" {
		txt += "telegram: " + links.Telegram + "\r\n"
	}
	for _, l := range []string{"zh-CN", "en"} {
		p, err := Poster(cfg, links, l)
		if err := add("poster-"+l+".html", p, err); err != nil {
			return nil, err
		}
	}
	if err := add("links.txt", []byte(txt), nil); err != nil {
		return nil, err
	}
	return files, nil
}

// Zip packs a campaign's files into one archive, stamped with modified.
func Zip(cfg *config.Config, c Campaign, code string, modified time.Time) ([]byte, error) {
	files, err := Files(cfg, c, code)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range sortedKeys(files) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return nil, fmt.Errorf("campaign: unable to write the archive: %w", err)
		}
		if _, err := w.Write(files[name]); err != nil {
			return nil, fmt.Errorf("campaign: unable to write the archive: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("campaign: unable to write the archive: %w", err)
	}
	return b.Bytes(), nil
}

func sortedKeys(m map[string][]byte) []string {
	return slices.Sorted(maps.Keys(m))
}
