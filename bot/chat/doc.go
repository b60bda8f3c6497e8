// Package chat is the citizen's conversation with the bot: the main menu, the
// report wizard, evidence, receipts, status checks, answers to officers, the
// self-help and education menus, and the rendering of every outbox row that
// goes to a reporter.
//
// It owns the tables bot_reporters (language), bot_drafts (the conversation
// state of a reporter, a report in progress included), bot_draft_files
// (cleaned evidence of a draft) and bot_limits (per-reporter counters).
//
// A reporter is known here only by anon.Ref; their chat is written only
// sealed, into outbox rows. Nothing in this package stores or logs a user id,
// chat id, username, name or phone number:
//
//	update ─▶ Handle(tx): ref = keys.Reporter(user id), sealed = keys.SealChat(chat id)
//	            │ draft (bot_drafts, bot_draft_files), limits (bot_limits)
//	            │ queue.Store.Submit / LookupReceipt / AddInformation / AnswerQuestion
//	            ▼
//	          outbox rows (kind "reply", payload botapi.ReplyPayload) ─▶ sender ─▶ Render ─▶ Telegram
//
// Every text a citizen reads is in the catalogues texts_zh.go and texts_en.go
// and is sent without parse mode (or escaped), so whatever a reporter typed is
// echoed back as plain text.
package chat
