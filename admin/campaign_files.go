package admin

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/tipline/tipline/campaign"
)

// campaignQR serves one of a campaign's QR codes: {file} is web.png,
// web.svg, telegram.png or telegram.svg.
func (h *handler) campaignQR(w http.ResponseWriter, r *http.Request) {
	c, ok := h.campaignFromPath(w, r)
	if !ok {
		return
	}
	links := campaign.LinksFor(h.cfg, c, h.campaigns().Code(c))
	which, ext, _ := strings.Cut(r.PathValue("file"), ".")
	link := map[string]string{"web": links.Web, "telegram": links.Telegram}[which]
	render, ctype := campaign.PNG, "image/png"
	if ext == "svg" {
		render, ctype = campaign.SVG, "image/svg+xml"
	}
	if link == "" || (ext != "png" && ext != "svg") {
		h.notFound(w, r)
		return
	}
	b, err := render(link)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.sendCampaignFile(w, c, r.PathValue("file"), ctype, b)
}

// campaignPoster serves the A4 poster page, in Chinese unless ?lang=en.
func (h *handler) campaignPoster(w http.ResponseWriter, r *http.Request) {
	c, ok := h.campaignFromPath(w, r)
	if !ok {
		return
	}
	locale := "zh-CN"
	if r.URL.Query().Get("lang") == "en" {
		locale = "en"
	}
	b, err := campaign.Poster(h.cfg, campaign.LinksFor(h.cfg, c, h.campaigns().Code(c)), locale)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	// The poster is a page of its own, printable offline from the ZIP too:
	// its one inline style is allowed by hash.
	w.Header().Set("Content-Security-Policy", campaign.PosterCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// campaignZip serves every printable file of a campaign in one archive.
func (h *handler) campaignZip(w http.ResponseWriter, r *http.Request) {
	c, ok := h.campaignFromPath(w, r)
	if !ok {
		return
	}
	b, err := campaign.Zip(h.cfg, c, h.campaigns().Code(c), h.now())
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	h.sendCampaignFile(w, c, "files.zip", "application/zip", b)
}

func (h *handler) sendCampaignFile(w http.ResponseWriter, c campaign.Campaign, file, ctype string, b []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="campaign-%d-%s"`, c.ID, file))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}
