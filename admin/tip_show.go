package admin

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/tipline/tipline/officer"
	"github.com/tipline/tipline/queue"
)

// timelineItem is one line of a tip's single timeline of events, notes and dialogue.
type timelineItem struct {
	At       time.Time
	Type     string // event | note | to_reporter | from_reporter
	Who      string
	Action   string
	From, To string
	Detail   map[string]any // an event's, as the queue recorded it
	Body     string
	Seen     bool
	Atts     []queue.Attachment
}

type tipData struct {
	ChannelName string
	Tip         queue.Tip
	Attachments []queue.Attachment
	Entities    []queue.Entity
	Linked      []queue.LinkedTip
	Timeline    []timelineItem
	Officers    []officer.Officer
	Resolutions []queue.Resolution
	Mine        bool
	Outcome     outcomeView
	Reward      rewardView
	// Canned are the questions offered to the ask form; AskText fills it
	// with the one picked (?canned=id), in the reporter's language.
	Canned  []queue.CannedQuestion
	AskText string
	// Source is the kind and town of the outreach campaign the report came
	// from ("" when none): a small campaign can point at a family or a
	// class, so its name is only ever counted, never shown on a tip.
	Source string
	// Labels are the tip's; LabelOptions the operations offered for a new one.
	Labels       []queue.Label
	LabelOptions []queue.Operation
}

func (h *handler) showTip(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o := currentOfficer(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		h.notFound(w, r)
		return
	}
	t, err := h.queue.GetAs(ctx, actor(o), id)
	if errIs(err, queue.ErrNotFound) {
		h.notFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	d := tipData{ChannelName: channelName(h.locale(r), t.Channel), Tip: t, Resolutions: queue.ResolutionsFor(t.Kind), Mine: t.AssigneeID != nil && *t.AssigneeID == o.ID}
	// The view's audit record and the page's five reads are independent:
	// side by side on the pool, the page waits for the slowest instead of
	// their sum. Nothing is shown unless the view was recorded.
	var (
		audited    error
		wg         sync.WaitGroup
		errs       [6]error
		events     []queue.Event
		notes      []queue.Note
		dialogue   []queue.Dialogue
		supervises = o.Role.Can(officer.Supervise)
		// Asked before the reads start: they fill d's fields side by side,
		// and a method on d copies all of it.
		canAsk = d.Can("ask")
	)
	wg.Go(func() { audited = h.record(r, o, "", "tip.view", &id, nil) })
	wg.Go(func() { d.Attachments, errs[0] = h.queue.Attachments(ctx, id) })
	wg.Go(func() { d.Entities, errs[1] = h.queue.Entities(ctx, id) })
	wg.Go(func() { d.Linked, errs[2] = h.queue.Linked(ctx, id) })
	wg.Go(func() { events, notes, dialogue, errs[3] = h.queue.Timeline(ctx, id) })
	if supervises {
		wg.Go(func() { d.Officers, errs[4] = h.officers.List(ctx) })
	}
	var outcomeErr error
	var rewardErr error
	if t.Kind == queue.KindReport {
		wg.Go(func() { outcomeErr = h.loadOutcome(ctx, &d) })
		wg.Go(func() { rewardErr = h.loadReward(ctx, o, &d) })
	}
	var labelsErr, optionsErr error
	if t.Kind == queue.KindReport {
		wg.Go(func() { d.Labels, labelsErr = h.queue.Labels(ctx, id) })
		wg.Go(func() { d.LabelOptions, optionsErr = h.queue.Operations(ctx, false) })
	}
	var sourceErr error
	if t.CampaignID != nil {
		wg.Go(func() { d.Source, sourceErr = h.campaignSource(ctx, *t.CampaignID, h.locale(r)) })
	}
	var cannedErr error
	if canAsk {
		wg.Go(func() { cannedErr = h.loadCanned(r, &d) })
	}
	if d.Mine && t.RepliedAt != nil {
		// The holder is reading what the reporter wrote: the queue's
		// "replied" mark has done its work. This page still shows it.
		wg.Go(func() { errs[5] = h.queue.Seen(ctx, actor(o), id) })
	}
	wg.Wait()
	if audited != nil {
		h.auditRefused(w, r)
		return
	}
	if err := errors.Join(append(errs[:], outcomeErr, rewardErr, cannedErr, labelsErr, optionsErr, sourceErr)...); err != nil {
		h.serverError(w, r, err)
		return
	}
	d.Timeline = mergeTimeline(events, notes, dialogue)
	v := h.view(w, r, "tip")
	v.D = d
	h.render(w, r, v, http.StatusOK)
}

func mergeTimeline(events []queue.Event, notes []queue.Note, dialogue []queue.Dialogue) []timelineItem {
	var out []timelineItem
	for _, e := range events {
		out = append(out, timelineItem{At: e.CreatedAt, Type: "event", Who: e.OfficerName, Action: e.Action, From: e.FromState, To: e.ToState, Detail: e.Detail})
	}
	for _, n := range notes {
		out = append(out, timelineItem{At: n.CreatedAt, Type: "note", Who: n.OfficerName, Body: n.Body})
	}
	for _, d := range dialogue {
		out = append(out, timelineItem{At: d.CreatedAt, Type: d.Direction, Who: d.OfficerName, Body: d.Body, Seen: d.SeenAt != nil, Atts: d.Attachments})
	}
	slices.SortStableFunc(out, func(a, b timelineItem) int { return a.At.Compare(b.At) })
	return out
}

// ReportAtts are the files sent with the report itself; the files of
// answers and added information show with their message.
func (d tipData) ReportAtts() []queue.Attachment {
	var out []queue.Attachment
	for _, a := range d.Attachments {
		if a.DialogueID == nil {
			out = append(out, a)
		}
	}
	return out
}

// attsView is the page with one message's files, for the thread's
// "tip_attachments" template.
type attsView struct {
	*view
	Atts []queue.Attachment
}

// WithAtts pairs a message's files with the page that shows them.
func (d tipData) WithAtts(atts []queue.Attachment, v *view) attsView {
	return attsView{view: v, Atts: atts}
}

// KnowsReporter says whether the tip's channel names its reporter the same
// way each time (Telegram): a web report's ref is drawn at random, so its tag
// tells nothing and blocking it would stop no one.
func (d tipData) KnowsReporter() bool { return d.Tip.Channel == queue.ChannelTelegram }

// IsImage says whether an attachment may be previewed inline.
func (d tipData) IsImage(a queue.Attachment) bool { return inlineMIME(a.MIME) }

// Can reports which actions the tip's state allows, for showing only those forms.
func (d tipData) Can(action string) bool {
	s := d.Tip.State
	switch action {
	case "claim":
		return s == queue.StateNew || (s == queue.StateInReview && !d.Mine)
	case "release":
		return d.Mine && (s == queue.StateInReview || s == queue.StateNeedsInfo)
	case "ask", "forward":
		return s == queue.StateInReview
	case "resume":
		return s == queue.StateNeedsInfo
	case "close":
		return s == queue.StateInReview || s == queue.StateForwarded
	case "reopen":
		return s == queue.StateClosed
	case "priority", "assign":
		return s != queue.StateClosed
	}
	return false
}
