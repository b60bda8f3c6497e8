package chat

// textsEn is the English catalogue. Texts are plain text: no markup.
var textsEn = map[string]string{
	// Main menu.
	"menu.intro": "Hello. This is the anonymous tip line of the Xiangxiang city anti-drug office.\n\n" +
		"You can report drug selling, use, manufacturing, growing, places that harbour drug use or drug driving, " +
		"check on a report, or get help to quit.\n\n" +
		"We do not record your account, name or phone number. Please choose:",
	"menu.again":   "What else can I do for you?",
	"btn.report":   "📝 Report a tip",
	"btn.status":   "🔎 Check my report",
	"btn.selfhelp": "🤝 Help to quit drugs",
	"btn.learn":    "📚 Learn about drugs",
	"btn.lang":     "🌐 语言 / Language",
	"btn.privacy":  "🛡 How your anonymity is protected",
	"btn.menu":     "↩ Main menu",
	"btn.cancel":   "✖ Cancel",
	"btn.back":     "← Back",
	"privacy.body": "🛡 How your anonymity is protected\n\n" +
		"What we keep:\n" +
		"• your tip (description, place, time);\n" +
		"• the evidence you send, with hidden location and camera data removed from photos;\n" +
		"• an unreadable reference that cannot be turned back into your account (used against abuse and to remember your language).\n\n" +
		"What we do not keep:\n" +
		"• your Telegram account, username, name or phone number;\n" +
		"• officers cannot see who you are.\n\n" +
		"After you submit you get a receipt code. It is the only link between you and your report: write it down and keep it safe. It works from any account.\n\n" +
		"If others may see your phone, delete this chat after you submit.",
	"help.body": "How to use this bot:\n" +
		"/start — main menu\n" +
		"/cancel — cancel what you are doing\n" +
		"/status — check a report with your receipt code\n" +
		"/lang — change language\n" +
		"/help — this help\n\n" +
		"Just send text, a photo or a video to start a new report.",
	"lang.choose":    "请选择语言 / Choose your language:",
	"lang.set":       "Language set to English.",
	"cancel.done":    "Cancelled. Your draft and the files you sent have been deleted.",
	"cancel.nothing": "There is nothing to cancel.",
	"blocked":        "Your message has been received.",
	"rate.messages":  "You are sending too fast. Please wait a minute before you continue.",
	"stale.button":   "This button is no longer active. Please use the latest message.",

	// Report wizard.
	"report.category.ask": "Step 1 of 5: what kind of drug crime is it?",
	"report.area.ask": "Step 2: where does it happen?\n\n" +
		"• choose a town or subdistrict below;\n" +
		"• or type a more precise place (estate, street, shop name);\n" +
		"• or send a location pin.",
	"report.area.pin": "📍 Before you send a location pin:\n\n" +
		"the pin must be the place of the crime, not where you are.\n" +
		"If you are at home, do not send your \"current location\": move the map to the place where it happens and send that.\n\n" +
		"How: tap 📎 next to the text box → Location → pick the place on the map → Send.",
	"report.area.pin_ok":   "Location pin noted.",
	"report.area.text_ok":  "Place noted: %s",
	"report.area.too_long": "Please describe the place in at most %d characters.",
	"btn.area.prev":        "◀ Previous",
	"btn.area.next":        "Next ▶",
	"btn.area.pin":         "📍 Send a location pin",
	"btn.area.unknown":     "Not sure",
	"report.occurred.ask":  "Step 3: when does it happen?",
	"btn.occ.now":          "⚠ Happening now",
	"btn.occ.today":        "Today",
	"btn.occ.this_week":    "This week",
	"btn.occ.earlier":      "Earlier",
	"report.description.ask": "Step 4: please describe what you saw or know.\n\n" +
		"For example: who, doing what, exactly where, at what times, number plates, phone numbers or accounts used. You may send several messages.\n" +
		"Do not write your own name or contact details.\n\nPress \"Done\" when you have finished.",
	"report.description.added": "Noted (%d characters so far). You can add more; press \"Done\" when you have finished.",
	"report.description.long":  "The description is too long (at most %d characters); the extra part was not kept. Please shorten it and send again, or press \"Done\".",
	"btn.done":                 "✅ Done",
	"report.evidence.ask": "Step 5: do you have photos, videos, voice notes, files or screenshots?\n\n" +
		"Send them here, or forward messages from a suspicious channel or chat. We remove hidden location data from photos.\n" +
		"If you have none, press \"Skip\".",
	"report.evidence.kept":  "%d file(s) received.",
	"report.evidence.saved": "%d file(s) received. You can send more; press \"Done\" when you have finished.",
	"report.evidence.kind":  "This kind of message cannot be kept as evidence. Please send a photo, video, voice note or file.",
	"btn.skip":              "Skip",
	"report.consent.ask": "Last step: may officers contact you here if they have questions?\n\n" +
		"• You may message me here: we keep this chat's address encrypted, only to reply about this tip, and erase it when the tip is closed.\n" +
		"• I'll check with my code: we keep no contact at all; officers' questions are shown when you check with your receipt code.",
	"btn.consent.chat": "You may message me here",
	"btn.consent.code": "I'll check with my code",
	"report.review": "Please check your report:\n\n" +
		"Category: %s\nPlace: %s\nWhen: %s\nFiles: %d\nContact: %s\n\nDescription:\n%s\n\n" +
		"Press \"Submit\" if it is right.",
	"review.pin":           "location pin",
	"review.none":          "(none)",
	"btn.submit":           "✅ Submit",
	"btn.edit":             "✏ Change",
	"report.edit.ask":      "What would you like to change?",
	"btn.edit.category":    "Category",
	"btn.edit.area":        "Place",
	"btn.edit.occurred":    "When",
	"btn.edit.description": "Description (rewrite)",
	"btn.edit.evidence":    "Files",
	"btn.edit.consent":     "Contact",
	"report.submitted": "✅ Your report has been submitted. Thank you!\n\nYour receipt code is:\n\n%s\n\n" +
		"Write it down or keep it somewhere safe. It is the only way to check progress, add information or claim a reward, and we cannot recover it.\n\n" +
		"To check: choose \"Check my report\" in this bot (or send /status) and type the code, from any account.\n\n" +
		"If others may see your phone, delete this chat now.",
	"report.cancelled": "Report cancelled. The draft and its files have been deleted.",
	"report.expired":   "Your unfinished report was deleted after a long silence.",
	"report.resume":    "You have an unfinished report; let's continue it.",
	"report.started":   "A new report has been started with what you just sent.",

	// Evidence and special messages.
	"contact.refused": "To protect your anonymity we do not accept phone contacts; the contact you shared was not kept.\n\n" +
		"If you want to report a suspect's phone number, type the number as text.",
	"sticker":           "Sticker received 🙂 To report a tip, type a message or use the menu below.",
	"poll":              "Polls cannot be kept as tips. Please describe what happened in words.",
	"unsupported":       "I cannot handle this kind of message. Please send text, photos, videos, voice notes or files.",
	"edit.updated":      "The description was updated with your edit.",
	"edit.after_submit": "Edits to messages after submission are not seen by officers. To add something, choose \"Check my report\", type your code and press \"Add information\".",
	"forward.channel":   "[Forwarded from channel: %s]",
	"forward.user":      "[Forwarded from user: %s]",
	"forward.hidden":    "[Forwarded from a user with a hidden account: %s]",
	"forward.chat":      "[Forwarded from group: %s]",
	"forward.links":     "Links in the message:",
	"forward.media":     "(the forwarded message has an attachment)",

	// Status checks.
	"status.ask":       "Please type your receipt code (for example K7QM-3XPD-9WTA-2HCE). Case and dashes do not matter.",
	"status.view":      "Report (submitted %s)\nStatus: %s",
	"status.question":  "The officer asks:\n%s",
	"status.reward":    "🎁 Your report earned a reward of %s yuan; please claim it before %s.\n%s",
	"status.help_view": "Your question (sent %s)\nStatus: %s",
	"btn.answer":       "💬 Answer",
	"btn.add_info":     "➕ Add information",
	"addinfo.ask":      "Please send what you want to add. You may attach a photo or file (with a caption).",
	"answer.gone":      "This question has been closed, so your answer was not kept. If there is something new, you can send it again.",
	"answer.sent":      "Your reply has been delivered. Thank you.",
	"answer.ask":       "Please send your answer. You may attach a photo or file (with a caption).",
	"dialogue.empty":   "Please type some text. To send a photo or file with it, add a caption when you send it.",

	// Notices from the office.
	"notice.question":                   "An officer has a question about %s:\n\n%s\n\nPress \"Answer\" and type your answer.",
	"notice.question_image":             "An officer sends this image with the question below.",
	"notice.help_reply":                 "A counsellor has replied to %s:\n\n%s\n\nTo write back, press \"Reply\" and type.",
	"notice.help_closed.info_given":     "We have closed %s. We hope the counsellor's answer helps; you can ask again whenever you want to quit.",
	"notice.help_closed.referred_rehab": "We have closed %s. The counsellor suggests you contact your community rehabilitation station, where you can get help over time. People who seek treatment voluntarily are not punished for their drug use.",
	"notice.help_closed.no_reply":       "We have closed %s, as we have not heard back from you for a while. You can ask again whenever you want to quit.",
	"notice.help_closed":                "We have closed %s. You can ask again whenever you need help.",
	"notice.closed":                     "About %s:\n%s",
	"about.report":                      "your report of %s",
	"about.report_undated":              "your report",
	"about.help":                        "your question of %s",
	"about.help_undated":                "your question",
	"status.help_question":              "The counsellor replies:\n%s",
	"btn.reply":                         "💬 Reply",
	"notice.reward":                     "🎁 A reward for %s: %s yuan.\nPlease claim it before %s.\n\n%s\n\nYou will need your receipt code.",

	// Self-help and education.
	"selfhelp.ask_button": "✉ Ask a counsellor anonymously",
	"selfhelp.ask":        "Please type your question. We do not record who you are and the counsellor cannot see it; the answer comes here (the contact is erased when the question is closed).",
	"selfhelp.done":       "Your question has been passed to a counsellor. Receipt code:\n\n%s\n\nYou can also read the answer with this code under \"Check my report\".",
	"selfhelp.limit":      "You have reached today's limit of questions. Please try again tomorrow. In an emergency call 110.",
	"learn.page":          "📚 Learn about drugs (%d/%d)\n\n%s",
	"learn.none":          "Nothing here yet.",
}
