package e2e

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tipline/tipline/telegramtest"
)

// Identities of the simulated reporters are distinctive, so that finding one
// in a dump or a log means it leaked, not that a number happened to match.
const (
	citizenIDBase   = 7301234000
	citizenPhoneFmt = "1380013%04d"
	citizenFirstFmt = "Zhaoxiaoming%03d_TESTNAME"
	citizenLast     = "Qianlastname_TESTNAME"
	citizenUserFmt  = "zxm_testuser_%03d"
	// suspectPhone is what reporters say about a dealer: evidence, kept.
	suspectPhone = "13912345678"
)

var markerPattern = regexp.MustCompile(`E2EMARK[0-9]{3}X[0-9]{3}`)

var receiptPattern = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// citizen is one simulated reporter. It reports tips through the wizard and
// remembers the receipts it was given.
type citizen struct {
	n        int
	u        *telegramtest.User
	updates  *atomic.Int64 // updates sent by all citizens
	mu       sync.Mutex
	receipts map[string]string // receipt → the marker of the tip it was given for
	markers  []string          // markers of tips whose receipt arrived
}

func newCitizen(tg *telegramtest.Server, n int, updates *atomic.Int64) *citizen {
	u := tg.NewUser(telegramtest.UserOptions{
		ID:           citizenIDBase + int64(n),
		FirstName:    fmt.Sprintf(citizenFirstFmt, n),
		LastName:     citizenLast,
		Username:     fmt.Sprintf(citizenUserFmt, n),
		LanguageCode: "zh-hans",
		Phone:        fmt.Sprintf(citizenPhoneFmt, n),
	})
	return &citizen{n: n, u: u, updates: updates, receipts: map[string]string{}}
}

// identities are the strings that must never appear in a dump or a log.
func (c *citizen) identities() []string {
	return []string{
		fmt.Sprint(citizenIDBase + int64(c.n)),
		fmt.Sprintf(citizenFirstFmt, c.n),
		fmt.Sprintf(citizenUserFmt, c.n),
		fmt.Sprintf(citizenPhoneFmt, c.n),
	}
}

// marker names a citizen's k-th tip inside its description.
func marker(n, k int) string { return fmt.Sprintf("E2EMARK%03dX%03d", n, k) }

// floor is the newest message id in the chat: a report looks only at messages
// from it on, so an earlier report's menu or wizard is never pressed.
func (c *citizen) floor() int {
	ms := c.u.Messages()
	if len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].ID
}

// await polls the chat (WaitFor would copy every chat's messages on every
// change of any chat, which two hundred citizens cannot afford) for the
// newest message after floor that satisfies ok.
func (c *citizen) await(ctx context.Context, floor int, what string, ok func(telegramtest.Message) bool) (telegramtest.Message, error) {
	delay := 10 * time.Millisecond
	for {
		ms := c.u.Messages()
		for i := len(ms) - 1; i >= 0 && ms[i].ID > floor; i-- {
			if !ms[i].Deleted && ok(ms[i]) {
				return ms[i], nil
			}
		}
		select {
		case <-ctx.Done():
			last := "none"
			if len(ms) > 0 {
				m := ms[len(ms)-1]
				last = fmt.Sprintf("#%d %q buttons %v", m.ID, m.Text, m.ButtonTexts())
			}
			return telegramtest.Message{}, fmt.Errorf("citizen %d waiting for %s (last message %s): %w", c.n, what, last, ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, 100*time.Millisecond)
	}
}

// press waits for a message with the button and presses it.
func (c *citizen) press(ctx context.Context, floor int, data string) error {
	for {
		m, err := c.await(ctx, floor, "button "+data, func(m telegramtest.Message) bool { return m.HasButton(data) })
		if err != nil {
			return err
		}
		_, err = c.u.Press(m, data)
		if errors.Is(err, telegramtest.ErrNoButton) || errors.Is(err, telegramtest.ErrUnknownMessage) {
			continue // edited meanwhile: look again
		}
		if err != nil {
			return fmt.Errorf("citizen %d pressing %s: %w", c.n, data, err)
		}
		c.updates.Add(1)
		return nil
	}
}

// report goes through the wizard once and returns the receipt it was given.
func (c *citizen) report(ctx context.Context, k int) (string, error) {
	mark := marker(c.n, k)
	floor := c.floor()
	c.u.SendCommand("/start")
	c.updates.Add(1)
	for _, data := range []string{"m:report", "c:drug_driving", "a:dongshan", "o:today"} {
		if err := c.press(ctx, floor, data); err != nil {
			return "", err
		}
	}
	// Wait for the description step before typing, or the text would reach
	// the bot while it still asks for the time.
	if _, err := c.await(ctx, floor, "description prompt", func(m telegramtest.Message) bool {
		return m.HasButton("d:done")
	}); err != nil {
		return "", err
	}
	c.u.SendText(fmt.Sprintf("东山街道菜市场后门有人卖零包,卖家电话 %s,每天晚上八点出现。%s", suspectPhone, mark))
	c.updates.Add(1)
	// d:done is on the prompt already; updates of a chat are processed in
	// order, so the press is handled after the text.
	for _, data := range []string{"d:done", "e:done", "k:code", "r:submit"} {
		if err := c.press(ctx, floor, data); err != nil {
			return "", err
		}
	}
	// A receipt already seen is an earlier report's receipt sent again: a
	// process killed between sending it and recording the send sends it once
	// more (delivery is at least once at Telegram's boundary). The check at
	// the end counts those; here the citizen looks only for a new code.
	m, err := c.await(ctx, floor, "receipt", func(m telegramtest.Message) bool {
		if !receiptPattern.MatchString(m.Text) || !(strings.Contains(m.Text, "回执码") || strings.Contains(m.Text, "receipt")) {
			return false
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		_, seen := c.receipts[receiptPattern.FindString(m.Text)]
		return !seen
	})
	if err != nil {
		return "", err
	}
	code := receiptPattern.FindString(m.Text)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.receipts[code] = mark
	c.markers = append(c.markers, mark)
	return code, nil
}

// receiptMessages counts, per receipt, the messages of the chat that show it.
func (c *citizen) receiptMessages() map[string]int {
	out := map[string]int{}
	for _, m := range c.u.Messages() {
		if m.Deleted {
			continue
		}
		for _, code := range receiptPattern.FindAllString(m.Text, -1) {
			out[code]++
		}
	}
	return out
}
