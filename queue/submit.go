package queue

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Bounds of the tips table (002_queue.sql).
const (
	maxDescription = 20000
	maxAreaText    = 200
	maxFileName    = 255
)

// ChannelPattern is what a channel's name may be (tips.channel's CHECK):
// new channels need no schema change.
var ChannelPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

// AreaUnknown is the area code of a reporter who is not sure where: a code,
// so that every reader sees it in their own language.
const AreaUnknown = "unknown"

// ChannelTelegram is the channel of a submission that names none.
const ChannelTelegram = "telegram"

var (
	attachmentKinds = []string{"image", "video", "audio", "document"}
	cleanStatuses   = []string{"cleaned", "clean", "uncleanable"}
)

// submitSQL writes a tip in one statement: the block check, the
// corroboration that raises the suggested priority, the tip, its entity links
// and its "submitted" event. One round trip keeps intake cheap at peaks.
const submitSQL = `
WITH blocked AS (
    SELECT EXISTS (SELECT 1 FROM reporter_blocks WHERE reporter_ref = $2 AND audience = block_audience($1)) AS b
), corr AS (
    SELECT EXISTS (
        SELECT 1 FROM tip_entities te JOIN tips o ON o.id = te.tip_id
         WHERE te.entity_id = ANY($18::bigint[]) AND o.state <> 'closed' AND o.kind = 'report') AS c
), p AS (
    SELECT GREATEST(1, $12::int - CASE WHEN corr.c THEN 1 ELSE 0 END)::smallint AS p, corr.c FROM corr
), tip AS (
    INSERT INTO tips (kind, channel, receipt_hash, reporter_ref, locale, category, area_code, area_text,
                      latitude, longitude, occurred, description, search, priority, suggested_priority,
                      triage_due, contact_mode, contact_sealed, created_at, updated_at, campaign_id)
    SELECT $1, $20, $3, $2, $4, $5, nullif($6, ''), $7, $8, $9, $10, $11, to_tsvector('simple', $13),
           p.p, p.p, $14::timestamptz + make_interval(secs => ($15::float8[])[p.p]), $16, $17, $14, $14,
           nullif($21::bigint, 0)
      FROM p, blocked
     WHERE NOT blocked.b
 RETURNING id, priority
), links AS (
    INSERT INTO tip_entities (tip_id, entity_id, raw)
    SELECT tip.id, u.id, u.raw FROM tip, unnest($18::bigint[], $19::text[]) AS u(id, raw)
), ev AS (
    INSERT INTO tip_events (tip_id, action, to_state, detail, created_at)
    SELECT tip.id, 'submitted', 'new', jsonb_build_object('priority', tip.priority, 'corroborated', p.c), $14
      FROM tip, p
)
SELECT (SELECT b FROM blocked), coalesce((SELECT id FROM tip), 0)`

// Submit validates a submission and writes it as a new tip inside the
// caller's transaction. The suggested priority is the category's, raised one
// step for "happening now" and one for corroboration (another open report
// shares an entity). It returns the tip id and the receipt, which is shown to
// the reporter once and stored only as a keyed hash. A blocked reporter gets
// ErrBlocked and nothing is written.
//
// Help questions are kept apart: their text yields no entities, so they are
// never linked to (and never shown beside) enforcement tips.
func (s *Store) Submit(ctx context.Context, tx sqlx.ExtContext, sub Submission) (int64, Receipt, error) {
	base, err := s.validate(&sub)
	if err != nil {
		return 0, "", err
	}
	if sub.Occurred == OccurredNow && base > 1 {
		base--
	}
	now := s.now()
	r, err := newTipReceipt(now)
	if err != nil {
		return 0, "", err
	}
	var ents []Entity
	if sub.Kind == KindReport {
		ents = ExtractEntities(sub.Description)
	}
	ids, raws, err := upsertEntities(ctx, tx, ents)
	if err != nil {
		return 0, "", err
	}
	var sealed []byte
	if sub.ContactMode == ContactChat {
		sealed = sub.ContactSealed
	}
	var blocked bool
	var id int64
	err = tx.QueryRowxContext(ctx, submitSQL,
		string(sub.Kind), sub.ReporterRef.Bytes(), r.Key(s.receiptKey), sub.Locale, sub.Category,
		sub.AreaCode, sub.AreaText, sub.Latitude, sub.Longitude, string(sub.Occurred), sub.Description,
		base, s.searchDocument(sub), now, pq.Array(s.triageSeconds()), string(sub.ContactMode), sealed,
		pq.Array(ids), pq.Array(raws), sub.Channel, sub.CampaignID).Scan(&blocked, &id)
	if err != nil {
		return 0, "", fmt.Errorf("queue: unable to submit tip: %w", err)
	}
	if blocked {
		return 0, "", ErrBlocked
	}
	if err := s.insertAttachments(ctx, tx, id, nil, sub.Attachments); err != nil {
		return 0, "", err
	}
	if sub.Files != nil {
		if err := s.moveFiles(ctx, tx, id, sub.Files); err != nil {
			return 0, "", err
		}
	}
	if err := s.alertUrgent(ctx, tx, id, sub); err != nil {
		return 0, "", err
	}
	return id, r, nil
}

// triageSeconds are the triage deadlines by priority, indexed 1..4 in SQL.
func (s *Store) triageSeconds() []float64 {
	out := make([]float64, 4)
	for p := 1; p <= 4; p++ {
		out[p-1] = s.cfg.Deadlines.TriageDeadline(p).Seconds()
	}
	return out
}

// searchDocument indexes the description with the area's and category's
// names, so officers find tips by place (梅桥) whether or not the reporter
// wrote it.
func (s *Store) searchDocument(sub Submission) string {
	texts := []string{sub.Description, sub.AreaText}
	if a, ok := s.cfg.Area(sub.AreaCode); ok {
		texts = append(texts, a.Zh, a.En)
	}
	if c, ok := s.cfg.Category(sub.Category); ok {
		texts = append(texts, c.Zh, c.En)
	}
	return SearchDocument(texts...)
}

// validate checks a submission against the configuration and the schema,
// fills defaults and returns the category's priority.
func (s *Store) validate(sub *Submission) (int, error) {
	if sub.Kind == "" {
		sub.Kind = KindReport
	}
	if sub.Locale == "" {
		sub.Locale = "zh-CN"
	}
	if sub.Channel == "" {
		sub.Channel = ChannelTelegram
	}
	if !ChannelPattern.MatchString(sub.Channel) {
		return 0, invalid("channel", "not a channel name: %q", sub.Channel)
	}
	if sub.Locale != "zh-CN" && sub.Locale != "en" {
		return 0, invalid("locale", "unknown locale %q", sub.Locale)
	}
	base := int(PriorityNormal)
	switch sub.Kind {
	case KindReport:
		c, ok := s.cfg.Category(sub.Category)
		if !ok {
			return 0, invalid("category", "unknown category %q", sub.Category)
		}
		if c.Priority >= 1 && c.Priority <= 4 {
			base = c.Priority
		}
	case KindHelp:
		sub.CampaignID = 0 // which poster someone asking for help scanned is nobody's business
		if sub.Category == "" {
			sub.Category = SelfHelpCategory
		}
		if sub.Category != SelfHelpCategory {
			return 0, invalid("category", "a help question has category %s", SelfHelpCategory)
		}
		if sub.Occurred == "" {
			sub.Occurred = OccurredEarlier
		}
	default:
		return 0, invalid("kind", "unknown kind %q", sub.Kind)
	}
	if sub.AreaCode != "" && sub.AreaCode != AreaUnknown {
		if _, ok := s.cfg.Area(sub.AreaCode); !ok {
			return 0, invalid("area", "unknown area %q", sub.AreaCode)
		}
	}
	if utf8.RuneCountInString(sub.AreaText) > maxAreaText {
		return 0, invalid("area_text", "longer than %d characters", maxAreaText)
	}
	if (sub.Latitude == nil) != (sub.Longitude == nil) {
		return 0, invalid("location", "latitude and longitude go together")
	}
	if sub.Latitude != nil && (*sub.Latitude < -90 || *sub.Latitude > 90 || *sub.Longitude < -180 || *sub.Longitude > 180) {
		return 0, invalid("location", "out of range")
	}
	switch sub.Occurred {
	case OccurredNow, OccurredToday, OccurredThisWeek, OccurredEarlier:
	default:
		return 0, invalid("occurred", "unknown value %q", sub.Occurred)
	}
	if err := checkBody("description", sub.Description); err != nil {
		return 0, err
	}
	switch sub.ContactMode {
	case ContactChat:
		if len(sub.ContactSealed) == 0 {
			return 0, invalid("contact", "chat mode needs the sealed chat")
		}
	case ContactCode:
		if len(sub.ContactSealed) != 0 {
			return 0, invalid("contact", "code mode keeps no chat")
		}
	default:
		return 0, invalid("contact", "unknown mode %q", sub.ContactMode)
	}
	if err := checkAttachments(sub.Attachments); err != nil {
		return 0, err
	}
	return base, nil
}

// checkBody: text a reporter or officer writes must say something and fit.
// MaxOfficerText is the length in characters of what an officer writes on a
// tip: a note, or a question to the reporter. A question must reach the
// reporter whole, in one Telegram message (4,096 characters) with the words
// around it, so notes, which no one reads on a phone, keep the same bound
// rather than two numbers to remember. The form, this check and the
// database (migration 032) hold the same number.
const MaxOfficerText = 3000

// checkOfficerText is checkBody within MaxOfficerText.
func checkOfficerText(field, body string) error {
	if err := checkBody(field, body); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(body); n > MaxOfficerText {
		return invalid(field, "%d characters, at most %d", n, MaxOfficerText)
	}
	return nil
}

func checkBody(field, body string) error {
	if strings.TrimSpace(body) == "" {
		return invalid(field, "empty")
	}
	if !utf8.ValidString(body) {
		return invalid(field, "not valid UTF-8")
	}
	if n := utf8.RuneCountInString(body); n > maxDescription {
		return invalid(field, "%d characters, at most %d", n, maxDescription)
	}
	return nil
}

func checkAttachments(atts []NewAttachment) error {
	for i, a := range atts {
		field := fmt.Sprintf("attachments[%d]", i)
		switch {
		case !slices.Contains(attachmentKinds, a.Kind):
			return invalid(field, "unknown kind %q", a.Kind)
		case !slices.Contains(cleanStatuses, a.CleanStatus):
			return invalid(field, "unknown clean status %q", a.CleanStatus)
		case utf8.RuneCountInString(a.FileName) > maxFileName:
			return invalid(field, "file name longer than %d characters", maxFileName)
		case a.MIME == "":
			return invalid(field, "no MIME type")
		case a.Size < 0:
			return invalid(field, "negative size")
		}
	}
	return nil
}
