package intake

// textsEn is the English catalogue. Texts are plain text.
var textsEn = map[string]string{
	// The steps.
	"step.category":    "Category",
	"step.area":        "Place",
	"step.occurred":    "When",
	"step.description": "Description",
	"step.evidence":    "Files",
	"step.contact":     "Contact",
	"step.review":      "Review",

	"report.area.unknown": "Place not known",
	"occ.now":             "happening now",
	"occ.today":           "today",
	"occ.this_week":       "this week",
	"occ.earlier":         "earlier",
	"emergency": "⚠ If it is happening now or someone is in danger, call 110 at once; if you cannot speak, send a text message to 12110. " +
		"An anonymous tip cannot replace an emergency call.",
	"contact.chat": "may message me here",
	"contact.code": "I'll check with my code",

	"report.description.short": "The description is still too short (at least %d characters): officers need more detail to check it. Please add a little more.",

	// Evidence that was not kept.
	"report.evidence.too_large":   "This file is too large (limit %d MB) and was not kept. You could compress it or send only the important part.",
	"report.evidence.broken":      "This file is damaged or incomplete and was not kept. Please send it again.",
	"report.evidence.mismatch":    "This file's content does not match its type, so for safety it was not kept. Please send it in its original format.",
	"report.evidence.empty":       "This file is empty and was not kept.",
	"report.evidence.count":       "A report can have at most %d files; this one was not kept.",
	"report.evidence.bytes":       "This report's files have reached the total limit (%d MB); this one was not kept.",
	"report.evidence.failed":      "This file could not be received right now. Please send it again later.",
	"report.evidence.uncleanable": "We cannot remove the %s in this file, and it may identify you. Keep it anyway, or send a screenshot instead?",
	"trace.location":              "place where it was made",
	"trace.device":                "device and software details",
	"trace.time":                  "time it was made",
	"trace.people":                "names of its authors and others",
	"trace.unknown":               "hidden information",
	"trace.and":                   ", ",
	"btn.keep_anyway":             "Keep it anyway",
	"btn.screenshot_instead":      "Send a screenshot instead",
	"report.evidence.kept_anyway": "Kept. Officers will see a warning that this file may carry hidden information.",
	"report.evidence.dropped":     "This file was not kept. Please take a screenshot and send that.",

	// Submitting.
	"report.limit_tips": "You have reached today's limit of %d reports. Your draft is kept; please submit it tomorrow. In an emergency call 110.",
	"report.invalid":    "Something in this report is not accepted. Please check it and try again.",
	"receipt.keep":      "Write the receipt code down or keep a screenshot somewhere safe. It is the only way to check progress, add information or claim a reward, and we cannot recover it.",

	// Status, as the holder of a receipt sees it.
	"status.wrong":       "No report was found for this receipt code. Please check it and try again.",
	"status.limited":     "Too many wrong codes. Please try again in an hour.",
	"state.new":          "received",
	"state.in_review":    "under review",
	"state.needs_info":   "more information needed from you",
	"state.forwarded":    "handed over for action",
	"state.closed":       "closed",
	"status.closed_note": "This report is closed. Thank you for your help.",
	"status.reward_paid": "🎁 The reward has been paid.",
	"addinfo.done":       "Added to your report. Thank you.",
	"answer.done":        "Your answer has been passed to the officer. Thank you.",
	"dialogue.gone":      "Information can no longer be added to this report.",

	"satisfaction.ask":    "Were you satisfied with how your report was handled? (You need not answer; the answer is not linked to you or to what you reported.)",
	"satisfaction.1":      "Very satisfied",
	"satisfaction.2":      "Satisfied",
	"satisfaction.3":      "Fairly satisfied",
	"satisfaction.4":      "Dissatisfied",
	"satisfaction.thanks": "Thank you for your answer.",
	"satisfaction.yours":  "Your answer: %s (you can change it)",
	"satisfaction.send":   "Send my answer",
	"satisfaction.pick":   "Please choose one of the answers first.",
}
