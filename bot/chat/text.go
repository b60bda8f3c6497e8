package chat

// limitText keeps a message within Telegram's 4096 UTF-16 units.
func limitText(s string) string {
	const max = 4000
	units := 0
	for i, r := range s {
		units++
		if r >= 0x10000 {
			units++
		}
		if units > max {
			return s[:i] + "…"
		}
	}
	return s
}
