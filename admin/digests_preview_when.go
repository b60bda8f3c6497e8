package admin

// PreviewWhen says in words which day (or week) a digest preview shows: a
// daily digest previewed today is yesterday's, which the bare period
// "00:00 – 00:00" does not make plain.
func (v *view) PreviewWhen(p *DigestPreview, weekly bool) string {
	const day = "2006-01-02"
	start := p.PeriodStart.In(v.h.loc)
	last := p.PeriodEnd.In(v.h.loc).AddDate(0, 0, -1) // the end is the midnight after
	if weekly {
		return v.T("digests.preview_week", start.Format(day), last.Format(day))
	}
	if start.Format(day) == v.h.now().In(v.h.loc).AddDate(0, 0, -1).Format(day) {
		return v.T("digests.preview_yesterday", start.Format(day))
	}
	return v.T("digests.preview_day", start.Format(day))
}
