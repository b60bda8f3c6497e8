// Package intake is what a report is, for every channel: the steps and
// their order, categories and areas ("not sure" is the code AreaUnknown),
// "happening now" and its emergency advice, the description's limits (in
// characters, not bytes), evidence and its cleaning (media) and limits,
// the contact mode, validation, submission, the receipt check, answers and
// added information (with files), the per-client limits, and the words a
// citizen reads about all of these (zh-CN and en). A rule changed here
// changes for every channel.
//
// Channels are adapters that know their medium and nothing of the rules:
// the Telegram conversation (bot/chat) renders the steps as inline
// keyboards, the web report renders them as HTML forms, a later WeChat
// channel another way. The core knows nothing of Telegram or HTTP; every
// call works inside the caller's transaction.
//
//	channel ──▶ Core ── Check / KeepFile / Submit / CheckReceipt / Answer / AddInformation
//	              │ intake_drafts (Report + the channel's Extra), intake_draft_files, intake_limits
//	              ▼
//	            queue.Store (tips.channel says which channel)
//
// Keys: a draft and a client's counters are keyed by 32 bytes the channel
// derives (Key). Telegram uses the reporter ref for both; the web the
// SHA-256 of the random draft token in its cookie for the draft, and an HMAC
// of the client address under a daily key for the counters. Nothing here
// stores who a reporter is: a web submission without a reporter ref gets a
// fresh random one, linking it to nothing.
//
// The API, for channel authors:
//
//	Steps(ch), Next, Prev                 the steps of a channel (the web has no contact step)
//	Report.AddText/SetText/ReplaceText    the description, bounded by DescriptionMax runes
//	Report.Missing(ch), Check(ch, r), CheckStep(r, st)   *IncompleteError names the step
//	LoadDraft/TakeDraft/SaveDraft/DropDraft/DropFiles/PurgeExpired
//	CheckFile (before a fetch), KeepFile, Files, FileTotals, RemoveFile; Problem + ProblemText
//	KeepFile of an uncleanable file holds it (ProblemUncleanable, File.Pending, File.Remains):
//	    ask UncleanableText with "btn.keep_anyway" / "btn.screenshot_instead", then KeepAnyway or RemoveFile
//	Submit(key, report, SubmitOptions) → tip id, receipt; SubmitHelp
//	CheckReceipt(limitKey, text) → queue.ReporterView (ErrWrongReceipt, *LimitError)
//	Answer / AddInformation(ch, tip, [question,] text, []Upload) (*ProblemError, ErrGone);
//	    an uncleanable file is a *ProblemError with Remains until sent with KeepUncleanable
//	Bump/Count(key, kind, window), CheckTips; BumpSQL and LockDraftSQL for one-statement opens
//	Text(locale, key), Emergency, StateName, OccurredName, AreaName, CategoryName, StepName,
//	ContactName, UncleanableText
//
// It owns the tables intake_drafts, intake_draft_files and intake_limits.
package intake
