package jobs

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// schedule is a cron expression read on the wall clock of the office's time
// zone. robfig/cron steps through absolute hours, so on a day when the clock
// falls back a daily 02:30 job fires twice, and on a day it springs forward
// not at all; a digest period would then be one hour or two days long. Here
// the expression is evaluated on a clock without DST and each wall time is
// mapped back into the zone: a time the clock skips fires at the instant the
// clock jumps over it (02:30 → 03:30 summer time), a time it repeats fires once.
// The price: an every-5-minutes job skips the repeated hour's second pass.
type schedule struct {
	spec string
	wall cron.Schedule // evaluated in UTC, which stands for the wall clock
	loc  *time.Location
}

var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

func parseSchedule(spec string, loc *time.Location) (schedule, error) {
	s, err := specParser.Parse(spec)
	if err != nil {
		return schedule{}, fmt.Errorf("jobs: bad schedule %q: %w", spec, err)
	}
	if ss, ok := s.(*cron.SpecSchedule); ok {
		ss.Location = time.UTC
	}
	return schedule{spec: spec, wall: s, loc: loc}, nil
}

// toWall reads t's wall clock in the zone as if it were UTC.
func (s schedule) toWall(t time.Time) time.Time {
	l := t.In(s.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), time.UTC)
}

func (s schedule) fromWall(w time.Time) time.Time {
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, s.loc)
}

// Next is the first fire strictly after t (zero if none within years). It
// makes schedule a cron.Schedule, so the cron runner ticks on the same times
// the periods are computed from.
func (s schedule) Next(t time.Time) time.Time {
	w := s.toWall(t)
	for i := 0; i < 1000; i++ {
		w = s.wall.Next(w)
		if w.IsZero() {
			return time.Time{}
		}
		if f := s.fromWall(w); f.After(t) {
			return f
		}
	}
	return time.Time{}
}

// Prev is the last fire strictly before t.
func (s schedule) Prev(t time.Time) (time.Time, error) {
	back := time.Hour
	var from time.Time
	for {
		from = t.Add(-back)
		if n := s.Next(from); !n.IsZero() && n.Before(t) {
			break
		}
		if back > 800*24*time.Hour {
			return time.Time{}, fmt.Errorf("jobs: schedule %q never fires before %s", s.spec, t.Format(time.RFC3339))
		}
		back *= 2
	}
	p := s.Next(from)
	for {
		n := s.Next(p)
		if n.IsZero() || !n.Before(t) {
			return p, nil
		}
		p = n
	}
}

// period is the interval a run covers: from the fire before to its own fire.
type period struct {
	Start, End time.Time
}

// Latest is the period of the last fire at or before now.
func (s schedule) Latest(now time.Time) (period, error) {
	end, err := s.Prev(now.Add(time.Nanosecond))
	if err != nil {
		return period{}, err
	}
	return s.Ending(end)
}

// Ending is the period that ends at fire.
func (s schedule) Ending(fire time.Time) (period, error) {
	start, err := s.Prev(fire)
	if err != nil {
		return period{}, err
	}
	return period{Start: start.In(s.loc), End: fire.In(s.loc)}, nil
}

// Starting is the first period that starts at or after t: "the digest of
// 2026-11-27" is the one whose period begins on the 27th's fire.
func (s schedule) Starting(t time.Time) (period, error) {
	start := s.Next(t.Add(-time.Nanosecond))
	if start.IsZero() {
		return period{}, fmt.Errorf("jobs: schedule %q never fires after %s", s.spec, t.Format(time.RFC3339))
	}
	end := s.Next(start)
	if end.IsZero() {
		return period{}, fmt.Errorf("jobs: schedule %q never fires after %s", s.spec, start.Format(time.RFC3339))
	}
	return period{Start: start.In(s.loc), End: end.In(s.loc)}, nil
}
