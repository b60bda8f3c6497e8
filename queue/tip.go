package queue

import (
	"time"

	"github.com/tipline/tipline/anon"
	"github.com/tipline/tipline/officer"
)

// Priority orders the queue: 1 is the most urgent.
type Priority int16

// The priorities, most urgent first.
const (
	PriorityUrgent Priority = 1
	PriorityHigh   Priority = 2
	PriorityNormal Priority = 3
	PriorityLow    Priority = 4
)

// String is the priority's code, as used in forms and URLs.
func (p Priority) String() string {
	switch p {
	case PriorityUrgent:
		return "urgent"
	case PriorityHigh:
		return "high"
	case PriorityNormal:
		return "normal"
	case PriorityLow:
		return "low"
	}
	return "unknown"
}

// Valid reports whether p is one of the four priorities.
func (p Priority) Valid() bool { return p >= PriorityUrgent && p <= PriorityLow }

// State is where a tip is in triage.
type State string

// The triage states (see transition.go for the legal moves between them).
const (
	StateNew       State = "new"
	StateInReview  State = "in_review"
	StateNeedsInfo State = "needs_info"
	StateForwarded State = "forwarded"
	StateClosed    State = "closed"
)

// States lists every state in workflow order.
var States = []State{StateNew, StateInReview, StateNeedsInfo, StateForwarded, StateClosed}

// Resolution is why a tip was closed.
type Resolution string

// The resolutions a closed tip can have.
const (
	Actioned   Resolution = "actioned"
	Unfounded  Resolution = "unfounded"
	Duplicate  Resolution = "duplicate"
	Spam       Resolution = "spam"
	OutOfScope Resolution = "out_of_scope"
)

// String is the resolution's code. A tip's resolution is a pointer (open tips
// have none), and a template that prints it must get the code, not the address.
func (r Resolution) String() string { return string(r) }

// The resolutions of a help question: a person asking for help to quit is
// answered, referred or gone quiet, never "actioned" or "unfounded".
const (
	InfoGiven     Resolution = "info_given"
	ReferredRehab Resolution = "referred_rehab"
	NoReply       Resolution = "no_reply"
)

// Resolutions lists every resolution of a report.
var Resolutions = []Resolution{Actioned, Unfounded, Duplicate, Spam, OutOfScope}

// HelpResolutions lists every resolution of a help question.
var HelpResolutions = []Resolution{InfoGiven, ReferredRehab, NoReply, Duplicate, Spam}

// ResolutionsFor is what a tip of kind k may be closed with.
func ResolutionsFor(k Kind) []Resolution {
	if k == KindHelp {
		return HelpResolutions
	}
	return Resolutions
}

// Kind separates enforcement tips from self-help questions, which only
// counsellors see: a person asking for help to quit is not a suspect.
type Kind string

// The kinds of tip.
const (
	KindReport Kind = "report"
	KindHelp   Kind = "help"
)

// SelfHelpCategory is the category of every help question.
const SelfHelpCategory = "self_help"

// Occurred is when the reporter says it happened.
type Occurred string

// The answers to "when did it happen".
const (
	OccurredNow      Occurred = "now"
	OccurredToday    Occurred = "today"
	OccurredThisWeek Occurred = "this_week"
	OccurredEarlier  Occurred = "earlier"
)

// ContactMode is the reporter's consent to follow-up.
type ContactMode string

// The contact modes.
const (
	// ContactChat: the reporter may be messaged; the chat id is kept sealed until close.
	ContactChat ContactMode = "chat"
	// ContactCode: nothing is kept; replies wait for a receipt check.
	ContactCode ContactMode = "code"
)

// Roles of officers, as the officer package defines them.
const (
	RoleOfficer    = officer.RoleOfficer
	RoleSupervisor = officer.RoleSupervisor
	RoleLeader     = officer.RoleLeader
	RoleAdmin      = officer.RoleAdmin
	RoleCounsellor = officer.RoleCounsellor
)

// Actor is the officer doing something to the queue; what the actor may do
// is asked of the role (officer.Role.Can).
type Actor struct {
	ID       int64
	Username string
	Role     officer.Role
}

// Submission is what a reporter sends, as the bot hands it over.
type Submission struct {
	Kind Kind
	// Channel is where the reporter wrote it: "telegram" (the default),
	// "web", later others; any ChannelPattern name.
	Channel             string
	ReporterRef         anon.Ref
	Locale              string // "zh-CN" | "en"
	Category            string // configured code, or SelfHelpCategory for help
	AreaCode            string // configured code, or "" with AreaText
	AreaText            string
	Latitude, Longitude *float64
	Occurred            Occurred
	Description         string
	ContactMode         ContactMode
	ContactSealed       []byte // sealed chat id when ContactMode == ContactChat
	Attachments         []NewAttachment
	// Files are files kept in the database before the submission (a
	// draft's), moved into the tip's attachments after Attachments.
	Files *FileSource
	// CampaignID is the outreach campaign whose code the report started
	// from; 0 for none, and always for a help question.
	CampaignID int64
}

// NewAttachment is a file the reporter sent, already cleaned by the bot.
type NewAttachment struct {
	Kind        string // image | video | audio | document
	FileName    string
	MIME        string
	Size        int64
	SHA256      [32]byte // of the original bytes, for evidence
	CleanStatus string   // cleaned | clean | uncleanable
	Removed     []string // what cleaning removed (e.g. "exif", "gps")
	Data        []byte   // cleaned bytes
	Original    []byte   // uncleaned bytes, only when configured to keep them
}

// ReporterView is what the holder of a receipt may learn about their tip.
type ReporterView struct {
	TipID             int64
	Kind              Kind
	State             State
	Resolution        Resolution
	CreatedAt         time.Time
	Locale            string
	RewardState       string
	RewardAmountCents int64
	RewardClaimDue    *time.Time
	Questions         []Dialogue // to_reporter, not yet answered
	// QuestionImages are the images officers sent with those questions, by
	// question, with their bytes (cleaned when they were sent).
	QuestionImages map[int64][]QuestionImage
	Satisfaction   Satisfaction // the reporter's answer on a closed report; 0 for none
}

// Tip is a tip as officers see it. It never carries the reporter's identity:
// ReporterShort only tells reporters apart.
type Tip struct {
	ID                  int64
	Kind                Kind
	Channel             string // telegram | web | …
	Category            string
	AreaCode            string
	AreaText            string
	Latitude, Longitude *float64
	Occurred            Occurred
	Description         string
	State               State
	Resolution          *Resolution
	DuplicateOf         *int64
	Priority            Priority
	SuggestedPriority   Priority
	AssigneeID          *int64
	AssigneeName        string
	ClaimedAt           *time.Time
	ForwardedUnit       string
	ForwardedCase       string
	ForwardedAt         *time.Time
	TriageDue           time.Time
	FeedbackDue         *time.Time
	ContactMode         ContactMode
	Reachable           bool   // chat mode, sealed contact present, not found unreachable
	ReporterShort       string // the reporter's tag in the tip's audience (reporterTag); never the id
	Blocked             bool
	RewardState         string
	RewardAmountCents   *int64
	RewardApprovedAt    *time.Time
	RewardNotifiedAt    *time.Time
	RewardClaimDue      *time.Time
	RewardPaidAt        *time.Time
	RewardNotifyDue     *time.Time // working days from the case solved (see ChangeReward), while approved
	Version             int
	CreatedAt           time.Time
	UpdatedAt           time.Time
	TriagedAt           *time.Time
	ClosedAt            *time.Time
	Overdue             bool
	// RepliedAt is when the reporter last answered or added information
	// that the tip's holder has not looked at since; nil when there is none.
	RepliedAt *time.Time
	// Locale is the language the reporter wrote in, for what officers
	// prepare to send them.
	Locale string
	// CampaignID is the outreach campaign the report came from; officers
	// see only its kind and town (see admin), never which one.
	CampaignID *int64
}

// Dialogue is one message between officers and the reporter.
type Dialogue struct {
	ID          int64
	TipID       int64
	Direction   string // to_reporter | from_reporter
	OfficerID   *int64
	OfficerName string
	ReplyTo     *int64
	Body        string
	SeenAt      *time.Time
	CreatedAt   time.Time
	Attachments []Attachment
}

// Dialogue directions.
const (
	ToReporter   = "to_reporter"
	FromReporter = "from_reporter"
)

// Note is an officer's internal note on a tip; reporters never see notes.
type Note struct {
	ID          int64
	TipID       int64
	OfficerID   int64
	OfficerName string
	Body        string
	CreatedAt   time.Time
}

// Event is one change of a tip, for its timeline.
type Event struct {
	ID          int64
	TipID       int64
	OfficerID   *int64
	OfficerName string
	Action      string
	FromState   string
	ToState     string
	Detail      map[string]any
	CreatedAt   time.Time
}

// Attachment is a stored file's metadata (its bytes come from AttachmentData).
type Attachment struct {
	ID          int64
	TipID       int64
	DialogueID  *int64
	Kind        string
	FileName    string
	MIME        string
	Size        int64
	SHA256      []byte
	CleanStatus string
	Removed     []string
	CreatedAt   time.Time
}

// LinkedTip is another tip sharing an entity with the one looked at.
type LinkedTip struct {
	TipID     int64
	Kind      EntityKind
	Value     string
	State     State
	CreatedAt time.Time
}

// Filter selects tips for the queue pages.
type Filter struct {
	Kind       Kind   // default report; the caller checks the officer may see it (see ListAs)
	Channel    string // "" for every channel
	States     []State
	Category   string
	AreaCode   string
	Priority   Priority
	AssigneeID int64
	Unassigned bool
	Overdue    bool
	Replied    bool   // only tips whose reporter wrote since the holder last looked
	Label      string // only tips with this label (an operation's name in either language, or a free word)
	Query      string // text search, Chinese or English
	From, To   time.Time
	Sort       string // "urgent" (default: priority, created), "newest", "oldest", "due"
	After      string // opaque keyset cursor from Page.Next
	Limit      int    // default 50, max 200
}

// Page is one page of tips and the cursor of the next, "" at the end.
type Page struct {
	Tips []Tip
	Next string
}

// Count is one bar of a chart.
type Count struct {
	Key string
	N   int
}

// Stats feed the dashboard and digests.
type Stats struct {
	New            int
	ByCategory     []Count
	ByArea         []Count
	ByChannel      []Count // "telegram", "web", …
	ByDay          []Count // "2026-11-28", in cfg.Location
	ByLabel        []Count // a label's name (zh of an operation, or the free word), most used first
	ByCampaign     []Count // a campaign's id; reports without one are New less these
	Backlog        map[State]int
	Overdue        int
	MedianTriage   time.Duration
	MedianClose    time.Duration
	RewardsWaiting int
}

// RewardStep is a step of a tip's reward (see reward.go).
type RewardStep string

// The reward steps, in order; Declined ends a reward that will not be paid.
const (
	RewardEligible RewardStep = "eligible"
	RewardApproved RewardStep = "approved"
	RewardNotified RewardStep = "notified"
	RewardPaid     RewardStep = "paid"
	RewardDeclined RewardStep = "declined"
)

// PurgeResult counts what a retention run deleted.
type PurgeResult struct {
	Tips        int
	Attachments int
	Dialogue    int
	Notes       int
	Events      int
}
