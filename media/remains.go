package media

// tracesOf says what a file of type t may still carry when it could not be
// cleaned, for the reporter's warning.
func tracesOf(t fileType) []Trace {
	switch {
	case t.format == formatISOBMFF, t.format == formatTIFF, t.kind == "video":
		// Phones and cameras record where, with what and when; titles
		// and artist names are written by editing apps.
		return []Trace{TraceLocation, TraceDevice, TraceTime, TracePeople}
	case t.format == formatPDF, t.format == formatOOXML, t.mime == "application/x-ole-storage":
		// Office software writes the author, the company, the last
		// person who saved, the program and the editing times.
		return []Trace{TracePeople, TraceDevice, TraceTime}
	case t.kind == "audio":
		// Tags name artists and titles, the recording app and its date.
		return []Trace{TracePeople, TraceDevice, TraceTime}
	}
	return []Trace{TraceUnknown}
}
