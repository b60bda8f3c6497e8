package chat_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tipline/tipline/config"
	"github.com/tipline/tipline/intake"
	"github.com/tipline/tipline/queue"
	"github.com/tipline/tipline/telegramtest"
)

// name makes officer usernames unique within a stack.
func name(role, lang string) string {
	return role + "-" + strings.ReplaceAll(lang, "-", "")
}

// TestClosingNotice: closing a tip tells a consenting reporter in the office's
// words and erases the contact; a code-mode reporter sees "closed" at the
// next check.
func TestClosingNotice(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			by := s.actor(t, name("closer", lang), "officer")
			close := func(tipID int64) {
				t.Helper()
				if _, err := s.store.Claim(s.ctx, by, tipID, 0); err != nil {
					t.Fatal(err)
				}
				if _, err := s.store.Close(s.ctx, by, tipID, queue.Actioned, 0, 0); err != nil {
					t.Fatal(err)
				}
			}

			pushed := s.citizen(t, lang)
			tipID, _ := pushed.report("chat", descriptions[lang])
			from := pushed.mark()
			close(tipID)
			// The notice says which report it is about, then the office's
			// words, then asks its one optional question.
			want := pushed.tr("notice.closed", pushed.tr("about.report", today(s)), s.cfg.Notices.Closed.In(pushed.locale)) +
				"\n\n" + intake.Text(pushed.locale, "satisfaction.ask")
			notice := pushed.waitText(from, want)
			if notice.Text != want || len(notice.InlineKeyboard) != 2 || len(notice.InlineKeyboard[0]) != 2 {
				t.Fatalf("closing notice %q %v, want %q with four answers", notice.Text, notice.InlineKeyboard, want)
			}
			// Its answers stay live on the closed tip: a press is recorded.
			satisfied := notice.InlineKeyboard[0][1].CallbackData
			id, err := pushed.u.Press(notice, satisfied)
			if err != nil {
				t.Fatal(err)
			}
			// The press is answered from the outbox once its transaction,
			// the answer's record included, has committed.
			ans, err := s.tg.WaitCallbackAnswer(s.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if want := intake.Text(pushed.locale, "satisfaction.thanks"); ans.Text != want {
				t.Errorf("the press is answered %q, want %q", ans.Text, want)
			}
			var got sql.NullInt64
			if err := s.db.GetContext(s.ctx, &got, `SELECT satisfaction FROM tips WHERE id = $1`, tipID); err != nil {
				t.Fatal(err)
			}
			if got.Int64 != 2 {
				t.Fatalf("after pressing %q the tip's satisfaction is %v, want 2", satisfied, got)
			}
			if s.sealed(t, tipID) {
				t.Fatal("the sealed contact outlived the tip")
			}

			pulled := s.citizen(t, lang)
			tipID, receipt := pulled.report("code", descriptions[lang])
			close(tipID)
			from = pulled.check(receipt)
			view := pulled.waitText(from, pulled.tr("state.closed"))
			if !strings.Contains(view.Text, pulled.tr("status.closed_note")) {
				t.Fatalf("closed view %q", view.Text)
			}
			for _, m := range pulled.u.Messages() {
				if strings.Contains(m.Text, s.cfg.Notices.Closed.In(pulled.locale)) {
					t.Fatal("a code-mode reporter was sent the closing notice")
				}
			}
			for _, row := range view.InlineKeyboard {
				for _, b := range row {
					if strings.HasPrefix(b.CallbackData, "i:") {
						t.Fatal("a closed report still offers Add information")
					}
				}
			}
		})
	}
}

// TestRewardNotice: a supervisor proposes the reward, a leader approves it,
// the supervisor notifies; a consenting reporter is told the amount, how to claim and
// the deadline; a code-mode reporter reads the same at the receipt check.
func TestRewardNotice(t *testing.T) {
	t.Parallel()
	s := newStack(t, func(c *config.Config) {
		c.Rewards.HowToClaim = config.Text{Zh: "请携带回执码到香乡市禁毒办领取。", En: "Bring your receipt code to the Xiangxiang anti-drug office."}
	})
	reward := func(t *testing.T, by, leader queue.Actor, tipID int64) queue.Tip {
		t.Helper()
		var tip queue.Tip
		for _, step := range []struct {
			by     queue.Actor
			change queue.RewardChange
		}{
			{by, queue.RewardChange{Step: queue.RewardEligible, AmountCents: 123450, Reason: "按办法核定"}},
			{leader, queue.RewardChange{Step: queue.RewardApproved}},
			{by, queue.RewardChange{Step: queue.RewardNotified}},
		} {
			var err error
			if tip, err = s.store.ChangeReward(s.ctx, step.by, tipID, step.change, 0); err != nil {
				t.Fatalf("%s: %v", step.change.Step, err)
			}
		}
		if tip.RewardClaimDue == nil {
			t.Fatal("a notified reward has no claim deadline")
		}
		return tip
	}
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			sup := s.actor(t, name("sup", lang), "supervisor")
			leader := s.actor(t, name("lead", lang), "leader")

			pushed := s.citizen(t, lang)
			tipID, _ := pushed.report("chat", descriptions[lang])
			from := pushed.mark()
			tip := reward(t, sup, leader, tipID)
			due := tip.RewardClaimDue.In(s.cfg.Location).Format("2006-01-02")
			how := s.cfg.Rewards.HowToClaim.In(pushed.locale)
			notice := pushed.waitText(from, "1234.50")
			if notice.Text != pushed.tr("notice.reward", pushed.tr("about.report", today(s)), "1234.50", due, how) {
				t.Fatalf("reward notice %q lacks the deadline %s or how to claim", notice.Text, due)
			}

			pulled := s.citizen(t, lang)
			tipID, receipt := pulled.report("code", descriptions[lang])
			tip = reward(t, sup, leader, tipID)
			due = tip.RewardClaimDue.In(s.cfg.Location).Format("2006-01-02")
			from = pulled.check(receipt)
			view := pulled.waitText(from, "1234.50")
			if !strings.Contains(view.Text, pulled.tr("status.reward", "1234.50", due, how)) {
				t.Fatalf("receipt check %q lacks the reward, deadline %s or how to claim", view.Text, due)
			}
			for _, m := range pulled.u.Messages()[:from] {
				if strings.Contains(m.Text, "1234.50") {
					t.Fatal("a code-mode reporter was sent the reward notice")
				}
			}
		})
	}
}

// TestSelfHelp: Help to quit drugs shows the office's information and takes
// an anonymous question for a counsellor, which enforcement never sees.
func TestSelfHelp(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := s.citizen(t, lang)
			from := c.mark()
			c.u.SendCommand("/start")
			c.press("m:self", "")
			info := c.waitText(from, s.cfg.SelfHelp.Info.In(c.locale))
			if !info.HasButton("h:ask") {
				t.Fatalf("self-help info %q offers no question to a counsellor", info.Text)
			}
			c.press("h:ask", "")
			c.waitText(from, c.tr("selfhelp.ask"))
			c.u.SendText("我想戒掉冰毒,该去哪里? How do I quit meth?")
			tipID, _ := c.receipt(from)

			tip, err := s.store.Get(s.ctx, tipID)
			if err != nil {
				t.Fatal(err)
			}
			if tip.Kind != queue.KindHelp || tip.Category != queue.SelfHelpCategory {
				t.Fatalf("help question stored as %s/%s", tip.Kind, tip.Category)
			}
			off := s.actor(t, name("enf", lang), "officer")
			if _, err := s.store.GetAs(s.ctx, off, tipID); !errors.Is(err, queue.ErrNotFound) {
				t.Fatalf("an officer reads a help question: %v", err)
			}
			page, err := s.store.ListAs(s.ctx, off, queue.Filter{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Tips {
				if p.ID == tipID {
					t.Fatal("an officer's queue lists a help question")
				}
			}
			if _, err := s.store.ListAs(s.ctx, off, queue.Filter{Kind: queue.KindHelp}); !errors.Is(err, queue.ErrForbidden) {
				t.Fatalf("an officer lists help questions: %v", err)
			}
			couns := s.actor(t, name("couns", lang), "counsellor")
			if _, err := s.store.GetAs(s.ctx, couns, tipID); err != nil {
				t.Fatalf("a counsellor cannot read the question: %v", err)
			}
			page, err = s.store.ListAs(s.ctx, couns, queue.Filter{Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			var listed bool
			for _, p := range page.Tips {
				listed = listed || p.ID == tipID
			}
			if !listed {
				t.Fatal("the counsellors' queue does not list the question")
			}
		})
	}
}

// TestLimits: each limit answers clearly when reached. Fixed windows may be
// crossed mid-test, so bursts are 2·limit+1 long: one window then holds more
// than the limit whatever the clock does.
func TestLimits(t *testing.T) {
	t.Parallel()
	s := newStack(t, func(c *config.Config) {
		c.Limits.TipsPerDay, c.Limits.WrongReceiptsPerHour = 1, 2
	})
	flood := newStack(t, func(c *config.Config) { c.Limits.MessagesPerMinute = 3 })
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := s.citizen(t, lang)
			c.report("code", descriptions[lang])
			// The second report of the day is kept as a draft and refused.
			c.u.SendCommand("/start")
			c.press("m:report", "")
			c.press("c:drug_driving", "")
			c.press("a:dongshan", "")
			c.press("o:today", "")
			c.u.SendText(descriptions[lang])
			c.press("d:done", "")
			c.press("e:done", "")
			c.press("k:code", "")
			id, err := c.u.Press(c.wait("r:submit", ""), "r:submit")
			if err != nil {
				t.Fatal(err)
			}
			ans, err := s.tg.WaitCallbackAnswer(s.ctx, id)
			if err != nil || ans.Text != c.tr("report.limit_tips", 1) || !ans.ShowAlert {
				t.Fatalf("second report of the day answered %+v %v", ans, err)
			}

			g := s.citizen(t, lang)
			from := g.mark()
			for i := range 5 {
				g.u.SendCommand(fmt.Sprintf("/status K7QM-3XPD-9WTA-2HC%d", i))
			}
			g.waitText(from, g.tr("status.limited"))

			f := flood.citizen(t, lang)
			from = f.mark()
			for i := range 7 {
				f.u.SendText(fmt.Sprintf("消息 message %d", i))
			}
			f.waitText(from, f.tr("rate.messages"))
		})
	}
}

// TestBlockedReporter: after a supervisor blocks a reporter, what they send
// gets a neutral answer and nothing reaches the queue.
func TestBlockedReporter(t *testing.T) {
	t.Parallel()
	s := newStack(t, nil)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			c := s.citizen(t, lang)
			tipID, _ := c.report("chat", descriptions[lang])
			sup := s.actor(t, name("blocker", lang), "supervisor")
			if err := s.store.Block(s.ctx, sup, tipID, "flooding"); err != nil {
				t.Fatal(err)
			}

			from := c.mark()
			c.u.SendCommand("/start")
			c.u.SendText(descriptions[lang])
			neutral := c.tr("blocked")
			wctx, cancel := context.WithTimeout(s.ctx, stepTimeout)
			defer cancel()
			if err := c.u.WaitFor(wctx, func(ms []telegramtest.Message) bool { return len(ms) >= from+2 }); err != nil {
				t.Fatal(err)
			}
			for _, m := range c.u.Messages()[from:] {
				kb := m.InlineKeyboard
				if m.Text != neutral || len(kb) != 1 || len(kb[0]) != 1 || kb[0][0].CallbackData != "m:self" {
					t.Fatalf("a blocked reporter was answered %q %v, want %q with only the way to help", m.Text, kb, neutral)
				}
			}
			ref := s.keys.Reporter(c.u.ID()).Bytes()
			var tips, drafts int
			if err := s.db.GetContext(s.ctx, &tips, `SELECT count(*) FROM tips WHERE reporter_ref = $1`, ref); err != nil {
				t.Fatal(err)
			}
			if err := s.db.GetContext(s.ctx, &drafts, `SELECT count(*) FROM intake_drafts WHERE draft_key = $1`, ref); err != nil {
				t.Fatal(err)
			}
			if tips != 1 || drafts != 0 {
				t.Fatalf("after the block: %d tips, %d drafts", tips, drafts)
			}
		})
	}
}
