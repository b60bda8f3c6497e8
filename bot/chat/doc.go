// Package chat is the citizen's conversation with the bot: the Telegram
// adapter of the intake core. What a report is (its steps, limits, evidence,
// validation, submission, receipts, answers, the per-reporter limits and
// the words they share) is package intake's; this package renders the steps
// as inline keyboards and keeps what only Telegram has: callback data,
// message ids, albums, edits, the sealed chat, the main menu, self-help and
// education, and the rendering of every outbox row that goes to a reporter.
//
// It owns the table bot_reporters (language). A reporter's draft is the
// core's (intake_drafts, keyed by the reporter ref), with the bot's mode and
// wizard position in the draft's extra.
//
// A reporter is known here only by anon.Ref; their chat is written only
// sealed, into outbox rows. Nothing in this package stores or logs a user id,
// chat id, username, name or phone number:
//
//	update ─▶ Handle(tx): ref = keys.Reporter(user id), sealed = keys.SealChat(chat id)
//	            │ intake.Core: drafts, evidence, limits, Submit / CheckReceipt / Answer / AddInformation
//	            │   └─▶ queue.Store
//	            ▼
//	          outbox rows (kind "reply", payload botapi.ReplyPayload) ─▶ sender ─▶ Render ─▶ Telegram
//
// Every text a citizen reads is in the catalogues texts_zh.go and texts_en.go
// and is sent without parse mode (or escaped), so whatever a reporter typed is
// echoed back as plain text.
package chat
