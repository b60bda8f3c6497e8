package loadtest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"regexp"
	"strings"
	"time"

	"github.com/tipline/tipline/telegramtest"
)

// citizen is one simulated person reporting through the bot: every step waits
// for the bot's answer, like a person, but with no time to think.
type citizen struct {
	r        *rig
	u        *telegramtest.User
	n        int
	spoke    <-chan struct{} // the bot called the API for this chat
	receipts []string
	statuses int
	updates  int
	err      error
	sent     time.Time // when the last update was posted
	// roundTrip is each step's time from the citizen's update to the answer shown.
	roundTrip []time.Duration
}

func (r *rig) newCitizen(n int) *citizen {
	lang := "zh-hans"
	u := r.tg.NewUser(telegramtest.UserOptions{FirstName: "Citizen", LastName: fmt.Sprint(n), LanguageCode: lang})
	return &citizen{r: r, u: u, n: n, spoke: r.api.watch(u.ID())}
}

// receiptPattern finds a receipt code in the bot's message.
var receiptPattern = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)

// smallPhoto is the evidence half the citizens send: a tiny JPEG.
var smallPhoto = func() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 16))
	for i := range 16 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, img, nil)
	return buf.Bytes()
}()

func (c *citizen) run(ctx context.Context, start time.Time) {
	if c.r.opts.Rate > 0 {
		c.offer(ctx, start)
		return
	}
	if c.r.opts.Loop {
		c.err = closedLoop(ctx, c.u, c.spoke, c.r.opts.StepTimeout, &c.updates, &c.roundTrip)
		return
	}
	if c.r.opts.Burst > 0 {
		for i := range c.r.opts.Burst {
			if ctx.Err() != nil {
				return
			}
			c.post(func() int { return c.u.SendText(fmt.Sprintf("我看到有人在卖东西 %d", i)).ID })
		}
		return
	}
	for i := range c.r.opts.TipsPerCitizen {
		if ctx.Err() != nil {
			return
		}
		if err := c.report(ctx, i); err != nil {
			if ctx.Err() == nil {
				c.err = err
			}
			return
		}
	}
}

// offer posts text messages on a fixed schedule until ctx ends: citizen n of
// C, at rate R in all, posts at start + (n + k·C)/R for k = 0, 1, … A post that
// falls behind (a busy machine) is made at once and the schedule kept, so
// what is offered does not depend on how fast the bot answers.
func (c *citizen) offer(ctx context.Context, start time.Time) {
	o := c.r.opts
	every := time.Duration(float64(time.Second) * float64(o.Citizens) / float64(o.Rate))
	next := start.Add(time.Duration(float64(time.Second) * float64(c.n) / float64(o.Rate)))
	for k := 0; ; k++ {
		if !sleep(ctx, time.Until(next)) {
			return
		}
		chatID := c.u.ID()
		c.r.timings.offered(chatID, time.Now())
		c.updates++
		c.u.SendText(fmt.Sprintf("我看到有人在卖东西 %d", k))
		next = next.Add(every)
	}
}

// report files one tip, then checks its status with the receipt.
func (c *citizen) report(ctx context.Context, i int) error {
	cfg := c.r.cfg
	category := cfg.Categories[(c.n+i)%len(cfg.Categories)].Code
	area := cfg.Areas[(c.n+i)%min(len(cfg.Areas), 4)].Code
	withPhoto := (c.n+i)%2 == 0

	start := c.post(func() int { return c.u.SendCommand("/start").ID })
	steps := []struct {
		press, await, text string
	}{
		{"", "m:report", "匿名"},
		{"m:report", "c:" + category, "第 1 步"},
		{"c:" + category, "a:" + area, "第 2 步"},
		{"a:" + area, "o:today", "第 3 步"},
		{"o:today", "d:done", "第 4 步"},
	}
	var shown telegramtest.Message
	var err error
	for _, s := range steps {
		if s.press != "" {
			if err := c.press(shown, s.press); err != nil {
				return err
			}
		}
		if shown, err = c.await(ctx, start, s.await, s.text); err != nil {
			return err
		}
	}
	c.post(func() int {
		return c.u.SendText(fmt.Sprintf("湘乡市东山街道一出租屋内有人贩卖零包,联系电话1380013%04d,车牌湘C%05d。", c.n%10000, (c.n*7+i)%100000)).ID
	})
	if shown, err = c.await(ctx, start, "d:done", "共 "); err != nil {
		return err
	}
	if err := c.press(shown, "d:done"); err != nil {
		return err
	}
	if shown, err = c.await(ctx, start, "e:done", "第 5 步"); err != nil {
		return err
	}
	if withPhoto {
		c.post(func() int { return c.u.SendPhoto(smallPhoto, "").ID })
		if shown, err = c.await(ctx, start, "e:done", "已收到 1 个文件"); err != nil {
			return err
		}
	}
	for _, s := range []struct{ press, await, text string }{
		{"e:done", "k:code", "最后一步"},
		{"k:code", "r:submit", "请核对"},
		{"r:submit", "", "您的回执码是"},
	} {
		if err := c.press(shown, s.press); err != nil {
			return err
		}
		if shown, err = c.await(ctx, start, s.await, s.text); err != nil {
			return err
		}
	}
	code := receiptPattern.FindString(shown.Text)
	if code == "" {
		return fmt.Errorf("no receipt in the bot's message")
	}
	c.receipts = append(c.receipts, code)

	asked := c.post(func() int { return c.u.SendCommand("/status " + code).ID })
	if _, err := c.await(ctx, asked, "", "当前状态"); err != nil {
		return err
	}
	c.statuses++
	return nil
}

// post sends one update and notes when, for polling's latency.
func (c *citizen) post(send func() int) int {
	c.r.timings.posted(c.u.ID(), time.Now())
	c.updates++
	c.sent = time.Now()
	return send()
}

func (c *citizen) press(m telegramtest.Message, data string) error {
	c.r.timings.posted(c.u.ID(), time.Now())
	c.updates++
	c.sent = time.Now()
	if _, err := c.u.Press(m, data); err != nil {
		return fmt.Errorf("pressing %q: %w", data, err)
	}
	return nil
}

// await waits for the newest message after message id `after` that has the
// button (when given) and contains text.
func (c *citizen) await(ctx context.Context, after int, button, text string) (telegramtest.Message, error) {
	ctx, cancel := context.WithTimeout(ctx, c.r.opts.StepTimeout)
	defer cancel()
	// A slow tick covers a call the observer could not tie to this chat.
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		ms := c.u.Messages()
		for i := len(ms) - 1; i >= 0 && ms[i].ID > after; i-- {
			m := ms[i]
			if !m.Deleted && (button == "" || m.HasButton(button)) && strings.Contains(m.Text, text) {
				c.roundTrip = append(c.roundTrip, time.Since(c.sent))
				return m, nil
			}
		}
		select {
		case <-ctx.Done():
			return telegramtest.Message{}, fmt.Errorf("waiting for %q %q: %w", button, text, ctx.Err())
		case <-c.spoke:
		case <-tick.C:
		}
	}
}
