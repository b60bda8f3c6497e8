// Package telegramtest is an in-process emulator of the Telegram Bot API, for the
// bot's tests, the sandbox web chat and load tests.
//
// A Server answers the Bot API over real HTTP at <url>/bot<token>/<method>, taking
// multipart/form-data (what github.com/go-telegram/bot sends), JSON and
// x-www-form-urlencoded bodies, and serves files at <url>/file/bot<token>/<path>.
// Simulated users and groups (NewUser, NewGroup) produce the updates Telegram would
// send — messages, commands, button presses, photos, documents, albums, locations,
// contacts, forwards, edits — and record what the bot sends them, so a test can drive
// a conversation and read the chat as the person would see it:
//
//	s := telegramtest.New(telegramtest.Options{Token: "1:test", BotUsername: "tipline_bot"})
//	url := s.Start()
//	defer s.Close()
//	u := s.NewUser(telegramtest.UserOptions{ID: 1001, FirstName: "Li"})
//	u.SendCommand("/start")
//	err := u.WaitFor(ctx, func(ms []telegramtest.Message) bool { return len(ms) > 0 })
//
// Emulated: getMe, getUpdates (long polling, offset confirmation, limit), setWebhook,
// deleteWebhook, getWebhookInfo with delivery to the webhook (secret header, one update
// at a time per chat in order, retries with backoff), sendMessage, editMessageText,
// editMessageReplyMarkup, deleteMessage, answerCallbackQuery, sendPhoto, sendDocument,
// sendChatAction, getFile and file download, setMyCommands, getMyCommands,
// deleteMyCommands, getChat, with Telegram's error shapes (empty text, unknown chat,
// message not modified, blocked bot, migrated group, too many requests) and, when
// Options.EnforceLimits is set, Telegram's send rate limits. Tests can inject faults
// (FailNext, InjectFaults, Hang).
//
// Limits count sends (sendMessage, sendPhoto, sendDocument), not edits or chat actions.
//
// Beside the Bot API, the same handler serves a small control API under
// /_emulator/ (see controlPrefix) so a process outside the emulator — the sandbox
// web chat in front of `Serve` — can act as users and long-poll their chats.
//
// Not emulated: inline mode, payments, channels as chats the bot posts to, forum
// topics, business connections, allowed_updates filtering, entities parsing beyond a
// check of HTML and MarkdownV2 syntax, resizing photos (every size serves the same
// bytes), the 24-hour expiry of unconfirmed updates (a count bound is used instead),
// and requests the webhook answer carries in its body.
package telegramtest
