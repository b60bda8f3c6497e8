package webreport

import (
	"fmt"

	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
)

// The words of the domain on the web pages come from the configuration and
// the intake core's catalogue, so a state or a refusal reads the same in
// every channel.

// Categories are the configured categories, in the view's language.
func (v *view) Categories() []option {
	out := make([]option, 0, len(v.h.cfg.Categories))
	for _, c := range v.h.cfg.Categories {
		out = append(out, option{c.Code, c.Name(v.Locale)})
	}
	return out
}

// Areas are the configured towns and subdistricts.
func (v *view) Areas() []option {
	out := make([]option, 0, len(v.h.cfg.Areas))
	for _, a := range v.h.cfg.Areas {
		out = append(out, option{a.Code, a.Name(v.Locale)})
	}
	return out
}

// Unknown is the area code of "not sure".
func (v *view) Unknown() string { return intake.AreaUnknown }

// Area is a place as the reader sees it.
func (v *view) Area(code, text string) string {
	if code == "" {
		return text
	}
	return intake.AreaName(v.h.cfg, code, text, v.Locale)
}

// Occurrences are the answers to "when".
func (v *view) Occurrences() []option {
	out := make([]option, 0, len(intake.Occurrences))
	for _, o := range intake.Occurrences {
		out = append(out, option{string(o), v.Occurred(string(o))})
	}
	return out
}

// Occurred is an answer to "when" in the view's language.
func (v *view) Occurred(o string) string { return intake.OccurredName(v.Locale, o) }

// State is a tip's state as its reporter sees it.
func (v *view) State(s queue.State) string { return intake.StateName(v.Locale, string(s)) }

// Emergency is the advice for "happening now": call 110 or text 12110.
func (v *view) Emergency() string { return v.h.core.Emergency(v.Locale) }

// ClosedNotice is the office's word to a reporter whose tip is closed.
func (v *view) ClosedNotice() string { return v.h.cfg.Notices.Closed.In(v.Locale) }

// HowToClaim says how a reward is claimed.
func (v *view) HowToClaim() string { return v.h.cfg.Rewards.HowToClaim.In(v.Locale) }

// Yuan formats an amount in cents.
func (v *view) Yuan(cents int64) string { return fmt.Sprintf("%d.%02d", cents/100, cents%100) }

// ProblemText is why a file was refused; "" for a file kept.
func (v *view) ProblemText(p string) string {
	if p == "" {
		return v.T("evidence.ok")
	}
	if intake.Problem(p) == problemUploads {
		return v.T("evidence.upload_limit")
	}
	return v.h.core.ProblemText(intake.Web, v.Locale, intake.Problem(p))
}

// Duration says how long drafts ("draft") or receipts ("receipt") are kept.
func (v *view) Duration(what string) string {
	if what == "receipt" {
		return duration(v.Locale, v.h.cfg.Web.ReceiptTTL.D())
	}
	return duration(v.Locale, v.h.cfg.Web.DraftTTL.D())
}

// Kind names a kind of file.
func (v *view) Kind(kind string) string { return v.T("kind." + kind) }

// Size is a file's size for people.
func (v *view) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// FileMB and FileCount are the evidence limits.
func (v *view) FileMB() int64       { return (v.h.core.FileLimits(intake.Web).File + 1<<20 - 1) >> 20 }
func (v *view) FileCount() int      { return v.h.core.FileLimits(intake.Web).Count }
func (v *view) DescriptionMin() int { return v.h.core.DescriptionMin() }
func (v *view) DescriptionMax() int { return v.h.core.DescriptionMax() }
