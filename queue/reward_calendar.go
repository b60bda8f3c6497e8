package queue

import (
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"github.com/tipline/tipline/config"
)

// workCalendar tells the office's working days: Monday to Friday, except the
// official holidays, plus the make-up working days (调休) that fall on a
// weekend, as the State Council publishes them each year and lunar-go's
// tables carry them; the office's own corrections (rewards.calendar) win.
type workCalendar struct {
	holidays, workdays map[string]bool
}

func newWorkCalendar(c config.Calendar) workCalendar {
	w := workCalendar{holidays: map[string]bool{}, workdays: map[string]bool{}}
	for _, d := range c.Holidays {
		w.holidays[d] = true
	}
	for _, d := range c.Workdays {
		w.workdays[d] = true
	}
	return w
}

// working says whether the office works on the date (its year, month, day).
func (w workCalendar) working(d time.Time) bool {
	key := d.Format(time.DateOnly)
	switch {
	case w.workdays[key]:
		return true
	case w.holidays[key]:
		return false
	}
	if h := HolidayUtil.GetHolidayByYmd(d.Year(), int(d.Month()), d.Day()); h != nil {
		return h.IsWork()
	}
	return d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
}

// addWorkingDays is the n-th working day after the date: the date itself is
// not counted, as a period in days starts the day after its event.
func (w workCalendar) addWorkingDays(d time.Time, n int) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if w.working(d) {
			n--
		}
	}
	return d
}

// notifyDue is when the reward notice is due: the end of the last of
// cfg.Rewards.NotifyWorkingDays working days after the day the case was
// solved, in the office's time zone.
func (s *Store) notifyDue(solved time.Time) time.Time {
	last := newWorkCalendar(s.cfg.Rewards.Calendar).addWorkingDays(solved, s.cfg.Rewards.NotifyWorkingDays)
	return time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, s.location()).Add(-time.Second)
}

// ClaimDue is when a reward notified at notified must be claimed by:
// cfg.Rewards.ClaimMonths calendar months later, on the office's calendar
// (a month from 31 January is 3 March when February is short, as AddDate
// normalises; the rule counts months, and this never shortens one).
func (s *Store) ClaimDue(notified time.Time) time.Time {
	return notified.In(s.location()).AddDate(0, s.cfg.Rewards.ClaimMonths, 0)
}
