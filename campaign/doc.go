// Package campaign owns outreach campaigns (宣传活动, table campaigns): the
// school visits, village talks, exhibitions and posters through which the
// office hands out its QR codes, and which of them bring tips.
//
// A campaign is known to citizens only by its code, printed as a link and a
// QR code on its poster:
//
//	<public base URL>/r/?c=<code>           the web report (opens in mainland China)
//	https://t.me/<bot username>?start=<code> the bot, where the office uses it
//
// The code is the campaign's id and a MAC under a key derived from
// keys.receipt (see Signer), so a typed or forged code is ignored and the
// reporter gets the normal start. A report that starts from a valid code of
// a campaign that is not archived carries the campaign to its tip, and to
// nothing that describes the reporter.
//
// A small campaign (one family, one class) can point at a person. Officers
// reading a tip therefore see only the campaign's kind and town; which
// campaign a tip came from appears only in counts (see Tally), where counts
// below the digest's small-count threshold are masked.
package campaign
