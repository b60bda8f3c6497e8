package intake

import (
	"strings"
	"unicode/utf8"

	"github.com/tipline/tipline/config"
)

// Report is a tip being written, as every channel keeps it in its draft.
type Report struct {
	Category string `json:"category,omitempty"`
	AreaCode string `json:"area_code,omitempty"` // configured code, AreaUnknown, or "" with AreaText
	AreaText string `json:"area_text,omitempty"`
	// Latitude and Longitude are a pin of the place (Telegram only: the web
	// offers no map and never asks the browser where the reporter is).
	Latitude  *float64 `json:"lat,omitempty"`
	Longitude *float64 `json:"lon,omitempty"`
	Occurred  string   `json:"occurred,omitempty"` // one of Occurrences
	Parts     []Part   `json:"parts,omitempty"`
	Contact   string   `json:"contact,omitempty"` // ContactChat | ContactCode
	// Campaign is the signed code of the poster the report started from
	// (see package campaign): verified by the channel before it rides here,
	// resolved to the tip's campaign at Submit.
	Campaign string `json:"campaign,omitempty"`
}

// Part is one piece of the description: a message, or the web's text box.
type Part struct {
	// Ref is the channel's id of where the text came from (a Telegram
	// message id), so that edits follow; 0 when there is none.
	Ref  int64  `json:"msg,omitempty"`
	Text string `json:"text"`
}

// partSeparator joins the parts as officers read them.
const partSeparator = "\n\n"

// Description joins the parts as officers will read them.
func (r *Report) Description() string {
	texts := make([]string, 0, len(r.Parts))
	for _, p := range r.Parts {
		texts = append(texts, p.Text)
	}
	return strings.Join(texts, partSeparator)
}

// DescriptionLen is the description's length in characters (runes, not
// bytes: a Chinese character is one).
func (r *Report) DescriptionLen() int { return utf8.RuneCountInString(r.Description()) }

// AddText appends text as a new part, cut so the description stays within
// limit characters. It reports whether everything was kept.
func (r *Report) AddText(ref int64, text string, limit int) bool {
	room := limit - r.DescriptionLen()
	if len(r.Parts) > 0 {
		room -= utf8.RuneCountInString(partSeparator)
	}
	if room <= 0 {
		return false
	}
	kept := TruncateRunes(text, room)
	r.Parts = append(r.Parts, Part{Ref: ref, Text: kept})
	return kept == text
}

// SetText replaces the whole description with text (the web's one text box),
// cut to limit characters. It reports whether everything was kept.
func (r *Report) SetText(text string, limit int) bool {
	r.Parts = nil
	if text == "" {
		return true
	}
	return r.AddText(0, text, limit)
}

// ReplaceText follows an edit of the part that came from ref, cut so the
// description stays within limit. It reports whether ref was a part.
func (r *Report) ReplaceText(ref int64, text string, limit int) bool {
	if ref == 0 {
		return false
	}
	for i, p := range r.Parts {
		if p.Ref == ref {
			r.Parts[i].Text = text
			if over := r.DescriptionLen() - limit; over > 0 {
				n := utf8.RuneCountInString(text) - over
				r.Parts[i].Text = TruncateRunes(text, max(n, 0))
			}
			return true
		}
	}
	return false
}

// HasPlace reports whether the area step is answered.
func (r *Report) HasPlace() bool {
	return r.AreaCode != "" || r.AreaText != "" || r.Latitude != nil
}

// Missing is the first step of ch the report has not answered, or "" when
// every step has an answer; Check also says whether the answers will do.
func (r *Report) Missing(ch Channel) Step {
	switch {
	case r.Category == "":
		return StepCategory
	case !r.HasPlace():
		return StepArea
	case r.Occurred == "":
		return StepOccurred
	case strings.TrimSpace(r.Description()) == "":
		return StepDescription
	case ch.hasContactStep() && r.Contact == "":
		return StepContact
	}
	return ""
}

// Check validates the report against the configuration for ch, in the
// order of its steps: each answered with a known value, a description
// within DescriptionMin and DescriptionMax. The error is an
// *IncompleteError naming the first step to go back to.
func (c *Core) Check(ch Channel, r *Report) error {
	for _, st := range Steps(ch) {
		if err := c.CheckStep(r, st); err != nil {
			return err
		}
	}
	return nil
}

// CheckStep validates one step's answer, for a channel moving on from it
// (an *IncompleteError when it will not do).
func (c *Core) CheckStep(r *Report, st Step) error {
	ok := true
	switch st {
	case StepCategory:
		_, ok = c.cfg.Category(r.Category)
	case StepArea:
		if r.AreaCode != "" && r.AreaCode != AreaUnknown {
			_, ok = c.cfg.Area(r.AreaCode)
		}
		ok = ok && r.HasPlace() && utf8.RuneCountInString(r.AreaText) <= MaxAreaText
	case StepOccurred:
		ok = ValidOccurred(r.Occurred)
	case StepDescription:
		n := r.DescriptionLen()
		if strings.TrimSpace(r.Description()) != "" && n < c.DescriptionMin() {
			return &IncompleteError{Step: st, Short: true}
		}
		ok = strings.TrimSpace(r.Description()) != "" && n <= c.DescriptionMax()
	case StepContact:
		ok = r.Contact == ContactChat || r.Contact == ContactCode
	}
	if !ok {
		return &IncompleteError{Step: st}
	}
	return nil
}

// AreaName is an area as a reader in locale sees it: the configured name,
// "not sure" in their language, or the reporter's own words.
func AreaName(cfg *config.Config, code, text, locale string) string {
	if code == AreaUnknown {
		return Text(locale, "report.area.unknown")
	}
	if a, ok := cfg.Area(code); ok {
		return a.Name(locale)
	}
	return text
}

// CategoryName is a category as a reader in locale sees it.
func CategoryName(cfg *config.Config, code, locale string) string {
	if k, ok := cfg.Category(code); ok {
		return k.Name(locale)
	}
	return code
}
