package queue

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The orders of the queue page. Each is a total order ending in the id, so a
// cursor holding the last row's key continues exactly where a page ended.
var listSorts = map[string]struct {
	order string // ORDER BY
	after string // the keyset condition, with %s for the cursor parameters
	keys  int    // how many cursor parameters
	// sorted is the same order in expressions no index provides, for a text
	// search's full query (see listQuery).
	sorted string
}{
	"urgent": {"t.priority, t.created_at, t.id", "(t.priority, t.created_at, t.id) > (%s)", 3,
		"t.priority + 0, t.created_at, t.id"},
	"newest": {"t.created_at DESC, t.id DESC", "(t.created_at, t.id) < (%s)", 2,
		"t.created_at + interval '0' DESC, t.id DESC"},
	"oldest": {"t.created_at, t.id", "(t.created_at, t.id) > (%s)", 2, "t.created_at + interval '0', t.id"},
	"due":    {"t.triage_due, t.id", "(t.triage_due, t.id) > (%s)", 2, "t.triage_due + interval '0', t.id"},
}

// Sorts are the queue page's orders by name, its default first.
var Sorts = []string{"urgent", "newest", "oldest", "due"}

// cursor is the sort key of the last row of a page, as base64 JSON.
type cursor struct {
	Sort     string    `json:"s"`
	Priority Priority  `json:"p,omitempty"`
	Time     time.Time `json:"t"`
	ID       int64     `json:"i"`
}

func encodeCursor(sort string, t Tip) string {
	c := cursor{Sort: sort, ID: t.ID, Time: t.CreatedAt}
	switch sort {
	case "urgent":
		c.Priority = t.Priority
	case "due":
		c.Time = t.TriageDue
	}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, sort string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Sort != sort || c.ID <= 0 {
		return c, invalid("after", "not a cursor of this list")
	}
	return c, nil
}

// ListAs is List for an officer: Kind defaults to what the role sees, and a
// kind the role may not see is ErrForbidden. Admin pages should call this one.
func (s *Store) ListAs(ctx context.Context, by Actor, f Filter) (Page, error) {
	if f.Kind == "" {
		if k := by.kinds(); len(k) > 0 {
			f.Kind = Kind(k[0])
		}
	}
	if !by.maysee(f.Kind) {
		return Page{}, fmt.Errorf("queue: %s may not list %s tips: %w", by.Role, f.Kind, ErrForbidden)
	}
	return s.List(ctx, f)
}

// List returns one page of tips matching f, in f.Sort order, continuing after
// f.After. Kind defaults to report; the caller must check that the officer
// may see the kind asked for (ListAs does). Pages are keyset-paginated, so
// the thousandth page costs what the first does.
func (s *Store) List(ctx context.Context, f Filter) (Page, error) {
	now := s.now()
	lq, f, err := s.listQuery(f, now)
	if err != nil {
		return Page{}, err
	}
	var p Page
	rows := listHeadRows
	if lq.matched != "" {
		if rows, err = s.headRows(ctx, lq, f.Limit); err != nil {
			return Page{}, err
		}
	}
	if lq.head != "" && rows > 0 {
		head := strings.Replace(lq.head, headRowsMark, strconv.Itoa(rows), 1)
		if p.Tips, err = s.tips(ctx, head, lq.args...); err != nil {
			return Page{}, fmt.Errorf("queue: unable to list tips: %w", err)
		}
	}
	if len(p.Tips) <= f.Limit {
		if p.Tips, err = s.tips(ctx, lq.full, lq.args...); err != nil {
			return Page{}, fmt.Errorf("queue: unable to list tips: %w", err)
		}
	}
	if len(p.Tips) > f.Limit {
		p.Tips = p.Tips[:f.Limit]
		p.Next = encodeCursor(f.Sort, p.Tips[f.Limit-1])
	}
	return p, nil
}

// listQuery builds List's SQL for f (with defaults filled in).
func (s *Store) listQuery(f Filter, now time.Time) (listQuery, Filter, error) {
	if f.Kind == "" {
		f.Kind = KindReport
	}
	if f.Kind != KindReport && f.Kind != KindHelp {
		return listQuery{}, f, invalid("kind", "unknown kind %q", f.Kind)
	}
	if f.Sort == "" {
		f.Sort = "urgent"
	}
	sort, ok := listSorts[f.Sort]
	if !ok {
		return listQuery{}, f, invalid("sort", "unknown order %q", f.Sort)
	}
	switch {
	case f.Limit <= 0:
		f.Limit = 50
	case f.Limit > 200:
		f.Limit = 200
	}

	var base, where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	base = append(base, "t.kind = "+arg(string(f.Kind)))
	if f.After != "" {
		c, err := decodeCursor(f.After, f.Sort)
		if err != nil {
			return listQuery{}, f, err
		}
		var keys []string
		if sort.keys == 3 {
			keys = append(keys, arg(int16(c.Priority)))
		}
		keys = append(keys, arg(c.Time), arg(c.ID))
		base = append(base, fmt.Sprintf(sort.after, strings.Join(keys, ", ")))
	}
	// The walk's conditions take only the parameters so far (see headRows).
	walkArgs := len(args)
	search, _ := SearchQuery(f.Query)
	// walkOnly are conditions for the head's ordered index walk alone.
	var walkOnly []string
	state := "t.state"
	if search != "" {
		// A text search's full query must start from a GIN index: an
		// indexable state condition lets the planner AND its bitmap with the
		// partial index of every open tip, which costs more than the search
		// itself. Checked on each row found instead; searchCondition picks
		// the GIN index of open or closed tips.
		state = "(t.state || '')"
	}
	inStates := "" // the state condition in where, if any, without state's disguise
	if len(f.States) > 0 {
		states := make([]string, 0, len(f.States))
		for _, st := range f.States {
			if !slices.Contains(States, st) {
				return listQuery{}, f, invalid("state", "unknown state %q", st)
			}
			// Literals, not a parameter: the planner then uses the partial
			// indexes on open states.
			states = append(states, "'"+string(st)+"'")
		}
		switch {
		case len(f.States) == 1 && f.States[0] != StateClosed && search == "":
			// One open state is an index range of tips_open_state_urgent
			// (migration 019) in the urgent order: no filter to check per row,
			// where walking all open tips for the new ones reads every open
			// tip before them.
			base = append(base, "t.state = "+states[0])
		default:
			inStates = " IN (" + strings.Join(states, ", ") + ")"
			where = append(where, state+inStates)
		}
		if !slices.Contains(f.States, StateClosed) {
			// Open tips are recent while the urgent order starts with old
			// ones: walk the index of open tips instead.
			if search != "" {
				walkOnly = append(walkOnly, "t.state <> 'closed'")
			} else {
				base = append(base, "t.state <> 'closed'")
			}
		}
	}
	if f.Category != "" {
		where = append(where, "t.category = "+arg(f.Category))
	}
	if f.AreaCode != "" {
		where = append(where, "t.area_code = "+arg(f.AreaCode))
	}
	if f.Channel != "" {
		if !ChannelPattern.MatchString(f.Channel) {
			return listQuery{}, f, invalid("channel", "not a channel name: %q", f.Channel)
		}
		where = append(where, "t.channel = "+arg(f.Channel))
	}
	if f.Priority != 0 {
		if !f.Priority.Valid() {
			return listQuery{}, f, invalid("priority", "%d is not 1 to 4", f.Priority)
		}
		where = append(where, "t.priority = "+arg(int16(f.Priority)))
	}
	if f.AssigneeID != 0 {
		where = append(where, "t.assignee_id = "+arg(f.AssigneeID))
	}
	if f.Unassigned {
		where = append(where, "t.assignee_id IS NULL")
	}
	if f.Label != "" {
		// tip_labels' indexes by operation and by word find the few
		// labelled tips.
		n := arg(f.Label)
		where = append(where, `EXISTS (SELECT 1 FROM tip_labels l LEFT JOIN operations o ON o.id = l.operation_id
			WHERE l.tip_id = t.id AND (lower(l.free_text) = lower(`+n+`) OR o.name_zh = `+n+` OR lower(o.name_en) = lower(`+n+`)))`)
	}
	if f.Replied {
		// The partial index tips_replied holds just these.
		where = append(where, "t.reporter_replied_at IS NOT NULL")
	}
	if f.Overdue {
		where = append(where, OverdueSQL("t.", arg(now)))
	}
	textAt, textArg := -1, "" // where the text condition is in where, and its parameter
	var matchedArgs []any     // args with the text to estimate (see headRows)
	if search != "" {
		textAt, textArg = len(where), arg(search)
		estimated, _ := searchEstimateQuery(f.Query)
		matchedArgs = slices.Clone(args)
		matchedArgs[len(args)-1] = estimated
		where = append(where, searchCondition(f.States, textArg))
	}
	if !f.From.IsZero() {
		where = append(where, "t.created_at >= "+arg(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "t.created_at < "+arg(f.To))
	}
	tail := " ORDER BY " + sort.order + " LIMIT " + strconv.Itoa(f.Limit+1)
	// The page's ids first, then their rows: the ids can come from an
	// index-only walk that checks category, area, state and assignee on the
	// index entries (tips_kind_urgent_cover, tips_kind_created_cover), without
	// reading the heap for the rows that do not match.
	idTail := tail
	if search != "" {
		// The full query of a search runs when the ordered walk found too
		// few matches among the first listHeadRows tips: matches are sparse
		// in that order, so the GIN index must find them all and they are
		// sorted. Left to itself the planner, which cannot count a prefix
		// (a phone's last digits as 16144722726:*), overestimates the
		// matches and walks the whole order instead.
		idTail = " ORDER BY " + sort.sorted + " LIMIT " + strconv.Itoa(f.Limit+1)
	}
	full := tipSelect + " WHERE t.id IN (SELECT t.id FROM tips t WHERE " +
		strings.Join(append(slices.Clone(base), where...), " AND ") + idTail + ") ORDER BY " + sort.order
	if search == "" && !f.Overdue {
		// Every other filter is on the walked index's entries or has its own
		// index: the first, optimistic read below would only read rows twice.
		return listQuery{full: full, args: args}, f, nil
	}
	walk := strings.Join(append(slices.Clone(base), walkOnly...), " AND ")
	head := strings.Replace(tipSelect, "FROM tips t", "FROM (SELECT * FROM tips t WHERE "+walk+
		" ORDER BY "+sort.order+" LIMIT "+headRowsMark+") t", 1) +
		" WHERE " + strings.Join(where, " AND ") + tail
	lq := listQuery{head: head, full: full, args: args, walkArgs: walkArgs}
	if search != "" {
		lq.walked = "SELECT t.id FROM tips t WHERE " + walk
		// The planner estimates the disguised state condition at a guess
		// (2% for four states), and the state condition the text's comes
		// with again (a third of the tips for a third already counted): here
		// the states are said once, plainly.
		matched := slices.Clone(where)
		matched[textAt] = textCondition(textArg)
		if inStates != "" {
			matched[0] = "t.state" + inStates
		}
		lq.matched = "SELECT t.id FROM tips t WHERE " + strings.Join(append(slices.Clone(base), matched...), " AND ")
		lq.matchedArgs = append(matchedArgs, args[len(matchedArgs):]...)
	}
	return lq, f, nil
}

// textCondition is the text condition alone, with q the tsquery's parameter.
func textCondition(q string) string {
	return "t.search @@ to_tsquery('simple', " + q + ")"
}

// searchCondition is the text condition of a search in states (none: all),
// with q the tsquery's parameter. Open and closed tips have a GIN index each
// (migration 022): the open tabs, where officers search most, then read only
// the open tips' entries and rows, a fraction of all states'. A search across
// both is the union of the two,
// which the planner reads as a BitmapOr of both indexes. The literal state
// conditions are what lets the planner prove each partial index applies.
func searchCondition(states []State, q string) string {
	text := textCondition(q)
	open, closed := len(states) == 0, len(states) == 0
	for _, st := range states {
		if st == StateClosed {
			closed = true
		} else {
			open = true
		}
	}
	switch {
	case open && closed:
		return "((t.state <> 'closed' AND " + text + ") OR (t.state = 'closed' AND " + text + "))"
	case closed:
		return "t.state = 'closed' AND " + text
	default:
		return "t.state <> 'closed' AND " + text
	}
}

// listHeadRows bounds the first, optimistic read of a page (see listQuery)
// when no estimate chose it.
const listHeadRows = 4000

// headRowsMark stands for the head's bound in listQuery.head.
const headRowsMark = "{head_rows}"

// listQuery is a page read in up to two steps when it searches text or asks
// for overdue tips, whose conditions no walked index holds (the other
// filters are checked on index entries, see listQuery). Filters that match
// many tips (a common word, the overdue open tips) are fastest read by
// walking the sort order's index and checking each row: head does that over
// the first listHeadRows tips in order, and if it finds a full page, the page
// is exactly right (the first matches in order). Otherwise the filter is
// selective and full lets the planner start from the filter's index (the
// GIN index for text, a partial or per-column index) and sort the few
// matches. Neither step is slow where it is used, whatever the filter mix.
//
// For a text search, the planner's estimates choose the steps and the
// head's bound (headRows).
type listQuery struct {
	head, full string
	args       []any
	// walked and matched are the tips the head walks and the tips the filter
	// matches, as queries to estimate, for a text search.
	walked, matched string
	walkArgs        int   // walked takes args[:walkArgs]
	matchedArgs     []any // and matched these
}

// headRows is how far a search's head should walk, or 0 to go to the full
// query at once. With the matches spread evenly over the walked tips, the
// head walks far enough to expect two pages' worth, if that costs less than
// the full query's reading every match: a walked row costs about 0.65 of a
// matched one, as measured (docs/benchmarks.md). A search whose matches are
// dense is read in a few thousand rows, one whose matches are few reads only
// those, and in between both cost the same. A fixed head would either walk
// for nothing when matches are rare or sort many matches a short walk would
// have found.
//
// The estimates come from the text column's statistics (its most common
// words and their frequencies), so they are good for the common words that
// need the walk, and a rare word is estimated rare. Wrong either way, the
// page is still right: a head that finds too few is followed by the full
// query.
func (s *Store) headRows(ctx context.Context, lq listQuery, limit int) (int, error) {
	walked, err := s.planRows(ctx, lq.walked, lq.args[:lq.walkArgs])
	if err != nil {
		return 0, err
	}
	matched, err := s.planRows(ctx, lq.matched, lq.matchedArgs)
	if err != nil {
		return 0, err
	}
	matched = min(max(matched, 1), max(walked, 1))
	rows := math.Ceil(2 * float64(limit+1) * max(walked, 1) / matched)
	if 0.65*rows >= matched {
		return 0, nil
	}
	return int(rows), nil
}

// planRows is the planner's estimate of the rows q returns, without running it.
func (s *Store) planRows(ctx context.Context, q string, args []any) (float64, error) {
	var plan []byte
	if err := s.db.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) "+q, args...).Scan(&plan); err != nil {
		return 0, fmt.Errorf("queue: unable to estimate a search: %w", err)
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	if err := json.Unmarshal(plan, &out); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("queue: unable to read a search's estimate: %v", err)
	}
	return out[0].Plan.Rows, nil
}
