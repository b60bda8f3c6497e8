package queue

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/tipline/tipline/config"
)

// seedBatch tips are written per COPY round.
const seedBatch = 10000

// Seed fills the queue with n synthetic tips that look like the office's
// work: Chinese (and some English) descriptions naming Xiangxiang's towns,
// venues and drugs, phones, WeChat ids and plates shared between some tips
// (so corroboration links appear), states and ages spread over the last
// year, with events, some dialogue, notes, rewards and tiny attachments. It
// adds a few seed officers (username seed.*, unusable password) when needed.
//
// Tips are made oldest first, as a real table fills, so ids follow creation
// times and the rows of a day lie together. Seeded in random order (as
// before), a day's digest read its tips from ten thousand scattered pages and
// the planner took created_at as uncorrelated with the table's order. A
// second Seed into the same database (a top-up) spreads its tips over the
// same year again, with ids after the first's.
//
// Rows go in with COPY (lib/pq's CopyIn protocol) in batches of 10,000, so a million tips take minutes.
// The data is deterministic for a given n and receiptKey; no receipt is known.
// progress is called after each batch with the tips made so far; once it has
// been called with n, Seed vacuums and analyses the tables it filled.
func Seed(ctx context.Context, db *sqlx.DB, cfg *config.Config, receiptKey []byte, n int, progress func(done int)) error {
	officers, err := seedOfficers(ctx, db)
	if err != nil {
		return err
	}
	seed := sha256.Sum256(append([]byte("tipline seed "), receiptKey...))
	g := &seeder{
		cfg:      cfg,
		r:        rand.New(rand.NewPCG(binary.LittleEndian.Uint64(seed[:8]), binary.LittleEndian.Uint64(seed[8:16]))),
		officers: officers,
		now:      time.Now(),
		n:        n,
	}
	if err := g.entityPool(ctx, db); err != nil {
		return err
	}
	for done := 0; done < n; {
		size := min(seedBatch, n-done)
		if err := g.batch(ctx, db, size); err != nil {
			return err
		}
		done += size
		if progress != nil {
			progress(done)
		}
	}
	// A third of the closed reports' reporters answered the satisfaction
	// question, most of them satisfied, as surveys find.
	if _, err := db.ExecContext(ctx, `UPDATE tips SET satisfaction = (ARRAY[1, 2, 2, 1, 3, 2, 4, 2])[1 + id % 8]
		WHERE kind = 'report' AND state = 'closed' AND id % 3 = 0 AND satisfaction IS NULL`); err != nil {
		return fmt.Errorf("queue: unable to seed satisfaction: %w", err)
	}
	// VACUUM too, not only ANALYZE: rows just copied are not yet marked
	// visible to all, so every index-only scan of the queue page would read
	// the heap until autovacuum came round, several times slower.
	if _, err := db.ExecContext(ctx, `VACUUM (ANALYZE) tips, tip_events, tip_entities, entities, dialogue, notes, attachments`); err != nil {
		return fmt.Errorf("queue: unable to vacuum after seeding: %w", err)
	}
	return nil
}

func seedOfficers(ctx context.Context, db *sqlx.DB) ([]int64, error) {
	for i, role := range []string{"officer", "officer", "officer", "officer", "supervisor"} {
		_, err := db.ExecContext(ctx, `
			INSERT INTO officers (username, display_name, role, password_hash)
			VALUES ($1, $2, $3, '!') ON CONFLICT (username) DO NOTHING`,
			fmt.Sprintf("seed.%s%d", role, i+1), []string{"王伟", "李娜", "张磊", "刘洋", "赵队"}[i], role)
		if err != nil {
			return nil, fmt.Errorf("queue: unable to seed officers: %w", err)
		}
	}
	var ids []int64
	if err := db.SelectContext(ctx, &ids, `SELECT id FROM officers WHERE role IN ('officer', 'supervisor') ORDER BY id`); err != nil {
		return nil, fmt.Errorf("queue: unable to seed officers: %w", err)
	}
	return ids, nil
}

// seedEntity is a phone, WeChat id or plate that several tips mention.
type seedEntity struct {
	id   int64
	kind EntityKind
	text string // as written in a description
	val  string
}

type seeder struct {
	cfg      *config.Config
	r        *rand.Rand
	officers []int64
	now      time.Time
	n, made  int // tips to make in all, and made so far
	entities []seedEntity
	refs     [][]byte // reporters who report more than once
}

func (g *seeder) entityPool(ctx context.Context, db *sqlx.DB) error {
	const pool = 3000
	kinds := make([]string, 0, pool)
	values := make([]string, 0, pool)
	for i := 0; i < pool; i++ {
		var e seedEntity
		switch i % 3 {
		case 0:
			v := fmt.Sprintf("1%d%d%08d", 3+g.r.IntN(7), g.r.IntN(10), g.r.IntN(100000000))
			e = seedEntity{kind: EntityPhone, val: v, text: v[:3] + "-" + v[3:7] + "-" + v[7:]}
		case 1:
			v := fmt.Sprintf("%s%s%d", []string{"xx", "hn", "xiang", "ks", "bing"}[g.r.IntN(5)],
				[]string{"_tang", "_ge", "888", "_lao", "666"}[g.r.IntN(5)], 100+g.r.IntN(9000))
			e = seedEntity{kind: EntityWeChat, val: v, text: "微信：" + v}
		default:
			v := fmt.Sprintf("湘C%c%04d", 'A'+rune(g.r.IntN(8)), g.r.IntN(10000))
			e = seedEntity{kind: EntityPlate, val: v, text: v}
		}
		kinds, values = append(kinds, string(e.kind)), append(values, e.val)
		g.entities = append(g.entities, e)
	}
	// The values above are normalised as ExtractEntities would, so tips the
	// bot takes in later link to them.
	rows, err := db.QueryxContext(ctx, `
		WITH input AS (SELECT * FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS i(kind, value, n))
		, ins AS (INSERT INTO entities (kind, value) SELECT DISTINCT kind, value FROM input ON CONFLICT DO NOTHING)
		SELECT i.n, e.id FROM input i JOIN entities e USING (kind, value)`, pq.Array(kinds), pq.Array(values))
	if err != nil {
		return fmt.Errorf("queue: unable to seed entities: %w", err)
	}
	defer rows.Close()
	found := 0
	for rows.Next() {
		var n, id int64
		if err := rows.Scan(&n, &id); err != nil {
			return err
		}
		g.entities[n-1].id = id
		found++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if found < len(g.entities) {
		// Rows inserted by this very statement are not visible to its join.
		return g.entityPoolRetry(ctx, db, kinds, values)
	}
	return nil
}

func (g *seeder) entityPoolRetry(ctx context.Context, db *sqlx.DB, kinds, values []string) error {
	rows, err := db.QueryxContext(ctx, `
		SELECT i.n, e.id FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS i(kind, value, n)
		JOIN entities e USING (kind, value)`, pq.Array(kinds), pq.Array(values))
	if err != nil {
		return fmt.Errorf("queue: unable to seed entities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n, id int64
		if err := rows.Scan(&n, &id); err != nil {
			return err
		}
		g.entities[n-1].id = id
	}
	return rows.Err()
}

var (
	seedDrugs      = []string{"冰毒", "海洛因", "K粉", "麻古", "零包", "摇头丸", "大麻", "“奶茶”（掺毒）"}
	seedVenues     = []string{"网吧", "KTV", "宾馆", "出租屋", "菜市场旁边的巷子", "棋牌室", "洗脚城", "汽车站附近", "河边的烂尾楼", "小区地下车库"}
	seedPeople     = []string{"一个三十多岁的男的", "两个年轻人", "一个外地口音的女人", "一个叫“老四”的人", "几个社会青年", "邻居家的儿子"}
	seedActions    = []string{"在卖", "经常交易", "聚在一起吸", "用锡纸烫吸", "送货上门卖", "半夜进出拿货"}
	seedTimes      = []string{"晚上十点以后", "每天下午", "周末", "凌晨一两点", "最近一个月", "这几天"}
	seedEnglish    = []string{"People are selling ice (meth) near the %s in %s, usually at night.", "A man deals heroin from a car at the %s in %s.", "Young people gather to use drugs at the %s in %s every weekend."}
	seedEnVenues   = []string{"internet cafe", "KTV", "hotel", "bus station", "market", "car park"}
	seedQuestions  = []string{"请问具体是哪栋楼、几号房？", "您看到的交易大概是几点？", "能否描述一下此人的外貌特征？", "车辆是什么颜色、什么牌子？"}
	seedAnswers    = []string{"三楼靠楼梯那间，门口有个蓝色桶。", "一般晚上十一点左右。", "一米七左右，偏瘦，左手有纹身。", "白色的面包车，五菱的。"}
	seedNotes      = []string{"与去年同一地点线索吻合。", "已电话联系辖区派出所核实。", "举报人描述较具体，优先处理。", "疑似重复举报，待核对。"}
	seedHelp       = []string{"我想戒掉冰毒，不知道去哪里可以得到帮助，会不会被抓？", "家里人吸毒好几年了，怎么劝他去戒毒？", "I want to quit heroin. Where can I get treatment without being arrested?"}
	seedCategories = []string{"selling", "selling", "selling", "use", "use", "harbouring", "manufacturing", "cultivation", "drug_driving", "trafficking", "precursors", "post_online", "outbound", "other"}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// seedTip is one generated tip with what hangs off it.
type seedTip struct {
	id       int64
	row      []any
	outcome  []any   // tip_outcomes, for tips closed as actioned
	seizures [][]any // tip_seizures
	entities []seedEntity
	events   [][]any
	dialogue [][]any
	notes    [][]any
	atts     [][]any
}

var seedTipColumns = []string{"id", "kind", "receipt_hash", "reporter_ref", "locale", "category", "area_code", "area_text",
	"latitude", "longitude", "occurred", "description", "search", "state", "resolution", "duplicate_of",
	"priority", "suggested_priority", "assignee_id", "claimed_at", "forwarded_unit", "forwarded_case", "forwarded_at",
	"triage_due", "feedback_due", "contact_mode", "contact_sealed", "reward_state", "reward_amount_cents",
	"reward_approved_at", "reward_notified_at", "reward_claim_due", "reward_paid_at", "reward_notify_due", "version",
	"created_at", "updated_at", "triaged_at", "closed_at"}

func (g *seeder) batch(ctx context.Context, db *sqlx.DB, n int) error {
	var first int64
	if err := db.QueryRowxContext(ctx, `SELECT setval('tips_id_seq', nextval('tips_id_seq') + $1 - 1) - $1 + 1`, n).Scan(&first); err != nil {
		return fmt.Errorf("queue: unable to reserve tip ids: %w", err)
	}
	tips := make([]seedTip, n)
	for i := range tips {
		tips[i] = g.tip(first + int64(i))
	}
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	copyRows := func(table string, cols []string, rows func(add func(...any) error) error) error {
		stmt, err := tx.PrepareContext(ctx, "COPY "+table+" ("+strings.Join(cols, ", ")+") FROM STDIN")
		if err != nil {
			return fmt.Errorf("queue: unable to seed %s: %w", table, err)
		}
		add := func(v ...any) error { _, err := stmt.ExecContext(ctx, v...); return err }
		if err := rows(add); err != nil {
			stmt.Close()
			return fmt.Errorf("queue: unable to seed %s: %w", table, err)
		}
		if _, err := stmt.ExecContext(ctx); err != nil {
			stmt.Close()
			return fmt.Errorf("queue: unable to seed %s: %w", table, err)
		}
		return stmt.Close()
	}
	// Tips go through a staging table so PostgreSQL computes the tsvector
	// exactly as Submit's to_tsvector does.
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE seed_tips ON COMMIT DROP AS SELECT * FROM tips WITH NO DATA;
		ALTER TABLE seed_tips ALTER COLUMN search TYPE text`); err != nil {
		return fmt.Errorf("queue: unable to seed: %w", err)
	}
	if err := copyRows("seed_tips", seedTipColumns, func(add func(...any) error) error {
		for _, t := range tips {
			if err := add(t.row...); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	cols := strings.Join(seedTipColumns, ", ")
	sel := strings.Replace(cols, "search", "to_tsvector('simple', search)", 1)
	if _, err := tx.ExecContext(ctx, `INSERT INTO tips (`+cols+`) SELECT `+sel+` FROM seed_tips ORDER BY id`); err != nil {
		return fmt.Errorf("queue: unable to seed tips: %w", err)
	}
	if err := copyRows("tip_outcomes", []string{"tip_id", "case_kind", "case_number", "detained", "users_found", "solved_on",
		"recorded_by", "recorded_at", "updated_by", "updated_at"}, func(add func(...any) error) error {
		for _, t := range tips {
			if t.outcome != nil {
				if err := add(t.outcome...); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := copyRows("tip_seizures", []string{"tip_id", "drug", "grams"}, func(add func(...any) error) error {
		for _, t := range tips {
			for _, z := range t.seizures {
				if err := add(z...); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := copyRows("tip_entities", []string{"tip_id", "entity_id", "raw"}, func(add func(...any) error) error {
		for _, t := range tips {
			for _, e := range t.entities {
				if err := add(t.id, e.id, e.text); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := copyRows("tip_events", []string{"tip_id", "officer_id", "action", "from_state", "to_state", "detail", "created_at"}, func(add func(...any) error) error {
		for _, t := range tips {
			for _, e := range t.events {
				if err := add(e...); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := copyRows("dialogue", []string{"tip_id", "direction", "officer_id", "body", "seen_at", "created_at"}, func(add func(...any) error) error {
		for _, t := range tips {
			for _, d := range t.dialogue {
				if err := add(d...); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := copyRows("notes", []string{"tip_id", "officer_id", "body", "created_at"}, func(add func(...any) error) error {
		for _, t := range tips {
			for _, d := range t.notes {
				if err := add(d...); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := copyRows("attachments", []string{"tip_id", "kind", "file_name", "mime", "size_bytes", "sha256_original", "clean_status", "removed", "data", "created_at"}, func(add func(...any) error) error {
		for _, t := range tips {
			for _, a := range t.atts {
				if err := add(a...); err != nil {
					return err
				}
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return tx.Commit()
}

func (g *seeder) bytes32() []byte {
	b := make([]byte, 32)
	for i := 0; i < 32; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], g.r.Uint64())
	}
	return b
}

// tip generates one tip. Older tips are mostly settled; recent ones are
// spread over the open states.
func (g *seeder) tip(id int64) seedTip {
	r := g.r
	// Ages skew recent, as the product of two uniform draws would (more tips
	// this month than a year ago), and fall as tips are made: tip k of n
	// takes its age at quantile 1 - (k + u)/n of that spread.
	q := 1 - (float64(g.made)+r.Float64())/float64(max(g.n, 1))
	g.made++
	age := time.Duration(float64(365*24*time.Hour) * seedAgeQuantile(q))
	created := g.now.Add(-age).Truncate(time.Microsecond)
	t := seedTip{id: id}

	kind := KindReport
	if r.IntN(100) < 3 {
		kind = KindHelp
	}
	locale := "zh-CN"
	if r.IntN(100) < 8 {
		locale = "en"
	}
	var ref []byte
	if len(g.refs) > 50 && r.IntN(100) < 30 {
		ref = pick(r, g.refs)
	} else {
		ref = g.bytes32()
		if r.IntN(100) < 5 {
			g.refs = append(g.refs, ref)
		}
	}
	category := SelfHelpCategory
	prio := 3
	if kind == KindReport {
		category = pick(r, seedCategories)
		if c, ok := g.cfg.Category(category); ok {
			prio = c.Priority
		} else {
			category = g.cfg.Categories[r.IntN(len(g.cfg.Categories))].Code
		}
	}
	var areaCode any
	areaText := ""
	areaName := "湘乡"
	if len(g.cfg.Areas) > 0 && r.IntN(100) < 90 {
		a := pick(r, g.cfg.Areas)
		areaCode, areaName = a.Code, a.Zh
		if locale == "en" {
			areaName = a.En
		}
	} else {
		areaText = pick(r, []string{"火车站附近", "湘乡一中后面", "东台山公园", "城南新区"})
		areaName = areaText
	}
	var lat, lon any
	if r.IntN(100) < 15 {
		lat, lon = 27.73+r.Float64()*0.2, 112.43+r.Float64()*0.3
	}
	occurred := pick(r, []Occurred{OccurredNow, OccurredToday, OccurredToday, OccurredThisWeek, OccurredEarlier, OccurredEarlier})

	var desc strings.Builder
	switch {
	case kind == KindHelp:
		desc.WriteString(pick(r, seedHelp))
	case locale == "en":
		fmt.Fprintf(&desc, pick(r, seedEnglish), pick(r, seedEnVenues), areaName)
	default:
		fmt.Fprintf(&desc, "%s%s有%s%s%s,%s。", areaName, pick(r, seedVenues), pick(r, seedPeople),
			pick(r, seedActions), pick(r, seedDrugs), pick(r, seedTimes))
		if r.IntN(2) == 0 {
			fmt.Fprintf(&desc, "听说主要是%s，一小包一两百块。", pick(r, seedDrugs))
		}
	}
	if kind == KindReport && r.IntN(100) < 40 {
		// Popular entities are shared by many tips: pick from a square-skewed index.
		for k := 1 + r.IntN(2); k > 0; k-- {
			e := g.entities[int(float64(len(g.entities))*r.Float64()*r.Float64())]
			if len(t.entities) == 1 && t.entities[0].id == e.id {
				continue
			}
			t.entities = append(t.entities, e)
			fmt.Fprintf(&desc, " 联系方式/车辆：%s。", e.text)
		}
	}
	if occurred == OccurredNow && prio > 1 {
		prio--
	}
	if len(t.entities) > 0 && prio > 1 && r.IntN(3) == 0 {
		prio--
	}
	suggested := prio
	if r.IntN(10) == 0 {
		prio = 1 + r.IntN(4)
	}
	texts := []string{desc.String(), areaText}
	if a, ok := g.cfg.Area(fmt.Sprint(areaCode)); ok {
		texts = append(texts, a.Zh, a.En)
	}
	if c, ok := g.cfg.Category(category); ok {
		texts = append(texts, c.Zh, c.En)
	}
	search := SearchDocument(texts...)

	// State by age.
	days := age.Hours() / 24
	var state State
	roll := r.IntN(100)
	switch {
	case days > 60:
		state = StateClosed
		if roll < 6 {
			state = StateForwarded
		} else if roll < 8 {
			state = StateInReview
		}
	case days > 7:
		state = []State{StateClosed, StateClosed, StateClosed, StateForwarded, StateForwarded, StateInReview, StateNeedsInfo, StateNew}[roll%8]
	default:
		state = []State{StateNew, StateNew, StateNew, StateInReview, StateInReview, StateNeedsInfo, StateForwarded, StateClosed}[roll%8]
	}
	at := func(frac float64) time.Time {
		return created.Add(time.Duration(float64(age) * frac)).Truncate(time.Microsecond)
	}
	triageDue := created.Add(g.cfg.Deadlines.TriageDeadline(prio))
	contactMode, sealed := "code", any(nil)
	if r.IntN(100) < 40 {
		contactMode = "chat"
		if state != StateClosed {
			sealed = g.bytes32()
		}
	}
	events := [][]any{{id, nil, "submitted", nil, "new", `{"seed": true}`, created}}
	var assignee, claimedAt, fwdUnit, fwdCase, fwdAt, feedbackDue, resolution, dupOf, triaged, closed any
	version := 1
	if state != StateNew {
		off := pick(r, g.officers)
		assignee, claimedAt = off, at(0.05)
		events = append(events, []any{id, off, "claimed", "new", "in_review", `{}`, claimedAt})
		version++
		if state == StateNeedsInfo {
			q := at(0.1)
			t.dialogue = append(t.dialogue, []any{id, ToReporter, off, pick(r, seedQuestions), nil, q})
			events = append(events, []any{id, off, "asked", "in_review", "needs_info", `{}`, q})
			version++
		}
		if r.IntN(100) < 8 {
			q, a := at(0.08), at(0.12)
			t.dialogue = append(t.dialogue,
				[]any{id, ToReporter, off, pick(r, seedQuestions), a, q},
				[]any{id, FromReporter, nil, pick(r, seedAnswers), nil, a})
		}
		if r.IntN(100) < 10 {
			t.notes = append(t.notes, []any{id, off, pick(r, seedNotes), at(0.15)})
		}
		forwarded := state == StateForwarded || (state == StateClosed && r.IntN(100) < 35)
		if forwarded {
			fa := at(0.2)
			fwdUnit, fwdCase, fwdAt = pick(r, g.cfg.Outcomes.UnitList()).Code, fmt.Sprintf("XX%d-%04d", created.Year(), r.IntN(10000)), fa
			feedbackDue, triaged = fa.Add(g.cfg.Deadlines.Feedback.D()), fa
			events = append(events, []any{id, off, "forwarded", "in_review", "forwarded", `{}`, fa})
			version++
		}
		if state == StateClosed {
			ca := at(0.6)
			res := pick(r, []Resolution{Actioned, Unfounded, Unfounded, Spam, OutOfScope, Duplicate})
			if forwarded {
				res = Actioned
			}
			if kind == KindHelp {
				res = pick(r, []Resolution{InfoGiven, InfoGiven, ReferredRehab, NoReply})
			}
			if res == Duplicate {
				if id > 1 {
					dupOf = id - 1 - int64(r.IntN(int(min(id-1, 50))))
				} else {
					res = Unfounded
				}
			}
			resolution, closed = string(res), ca
			if triaged == nil {
				triaged = ca
			}
			from := "in_review"
			if forwarded {
				from = "forwarded"
			}
			events = append(events, []any{id, off, "closed", from, "closed", fmt.Sprintf(`{"resolution": %q}`, res), ca})
			version++
			if res == Actioned {
				t.outcome, t.seizures = g.outcome(id, off, ca)
			}
		}
	}
	rewardState := "none"
	var amount, approved, notified, claimDue, paid, notifyDue any
	if resolution == string(Actioned) && r.IntN(100) < 30 {
		rewardState = pick(r, []string{"eligible", "approved", "notified", "paid", "paid", "declined"})
		if rewardState != "eligible" && rewardState != "declined" {
			amount = int64(500+r.IntN(20)*500) * 100
			approved = at(0.7)
			// Fifteen working days are three weeks when no holiday falls in them.
			notifyDue = approved.(time.Time).AddDate(0, 0, 21)
		}
		if rewardState == "notified" || rewardState == "paid" {
			notified = at(0.8)
			claimDue = notified.(time.Time).AddDate(0, g.cfg.Rewards.ClaimMonths, 0)
		}
		if rewardState == "paid" {
			paid = at(0.9)
		}
		version++
	}
	if r.IntN(100) < 5 {
		data := []byte{0xff, 0xd8, 0xff, 0xd9}
		sum := sha256.Sum256(append(data, byte(id), byte(id>>8), byte(id>>16)))
		t.atts = append(t.atts, []any{id, "image", fmt.Sprintf("IMG_%04d.jpg", r.IntN(10000)), "image/jpeg", int64(len(data)),
			sum[:], "cleaned", "{exif,gps}", data, created})
	}
	if kind == KindHelp {
		t.entities = nil
	}
	t.events = events
	t.row = []any{id, string(kind), g.bytes32(), ref, locale, category, areaCode, areaText,
		lat, lon, string(occurred), desc.String(), search, string(state), resolution, dupOf,
		prio, suggested, assignee, claimedAt, fwdUnit, fwdCase, fwdAt,
		triageDue, feedbackDue, contactMode, sealed, rewardState, amount,
		approved, notified, claimDue, paid, notifyDue, version,
		created, at(0.6), triaged, closed}
	return t
}

// seedAgeQuantile is the x in [0, 1] that a product of two uniform draws
// stays under with probability q: F(x) = x - x·ln x, increasing, solved by
// bisection.
func seedAgeQuantile(q float64) float64 {
	lo, hi := 0.0, 1.0
	for range 40 {
		mid := (lo + hi) / 2
		if mid-mid*math.Log(mid) < q {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// outcome makes what came of a tip closed as actioned at closed: mostly a
// case solved that day, with people detained and, often, drugs seized, from
// a trace to a few kilos, so every seizure tier is met.
func (g *seeder) outcome(id int64, officer any, closed time.Time) ([]any, [][]any) {
	// A generator of its own, so the tips seeded around this one are the same
	// with outcomes as they were without.
	r := rand.New(rand.NewPCG(uint64(id), 0x6f7574636f6d65))
	kind := pick(r, []CaseKind{CaseCriminal, CaseCriminal, CaseAdministrative, CaseAdministrative, CaseNone})
	var solved any
	number := ""
	if kind != CaseNone {
		solved = closed.In(g.cfg.Location).Format(time.DateOnly)
		number = fmt.Sprintf("湘公%04d-%05d", closed.Year(), r.IntN(100000))
	}
	o := []any{id, string(kind), number, r.IntN(4), r.IntN(4), solved, officer, closed, officer, closed}
	var seizures [][]any
	if kind != CaseNone && r.IntN(100) < 60 {
		drugs := g.cfg.Outcomes.DrugList()
		first := r.IntN(len(drugs))
		for i := range 1 + r.IntN(2) {
			grams := math.Round(math.Exp(r.Float64()*10-2)*1000) / 1000 // 0.14 g to 3 kg
			seizures = append(seizures, []any{id, drugs[(first+i)%len(drugs)].Code, max(grams, 0.001)})
		}
	}
	return o, seizures
}
