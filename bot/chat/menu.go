package chat

import (
	"fmt"
	"strconv"

	"github.com/go-telegram/bot/models"
)

func (s *session) menuKeyboard() *models.InlineKeyboardMarkup {
	return keyboard(
		[]models.InlineKeyboardButton{s.btn("btn.report", "m:report")},
		[]models.InlineKeyboardButton{s.btn("btn.status", "m:status")},
		[]models.InlineKeyboardButton{s.btn("btn.selfhelp", "m:self"), s.btn("btn.learn", "edu:0")},
		[]models.InlineKeyboardButton{s.btn("btn.privacy", "m:privacy")},
		[]models.InlineKeyboardButton{s.btn("btn.lang", "m:lang")},
	)
}

// showMenu shows the main menu under a catalogue text.
func (s *session) showMenu(key string) error {
	return s.show(tr(s.locale, key), s.menuKeyboard())
}

func (s *session) showLanguages() error {
	return s.show(tr(s.locale, "lang.choose"), keyboard(
		[]models.InlineKeyboardButton{button("中文", "l:"+localeZh), button("English", "l:"+localeEn)},
	))
}

func (s *session) chooseLanguage(locale string) error {
	if err := s.setLocale(locale); err != nil {
		return err
	}
	return s.show(tr(s.locale, "lang.set")+"\n\n"+tr(s.locale, "menu.again"), s.menuKeyboard())
}

func (s *session) showPrivacy() error {
	return s.show(tr(s.locale, "privacy.body"), s.menuButton())
}

// showSelfHelp shows where to get help to quit, and the way to ask a
// counsellor anonymously when the office offers it.
func (s *session) showSelfHelp() error {
	rows := [][]models.InlineKeyboardButton{}
	if s.c.cfg.SelfHelp.CounsellorEnabled {
		rows = append(rows, []models.InlineKeyboardButton{s.btn("selfhelp.ask_button", "h:ask")})
	}
	rows = append(rows, []models.InlineKeyboardButton{s.btn("btn.menu", "m:menu")})
	return s.show(s.c.cfg.SelfHelp.Info.In(s.locale), keyboard(rows...))
}

// showEducation shows one page of the office's texts about drugs.
func (s *session) showEducation(arg string) error {
	pages := s.c.cfg.Education
	if len(pages) == 0 {
		return s.show(tr(s.locale, "learn.none"), s.menuButton())
	}
	i, _ := strconv.Atoi(arg)
	i = min(max(i, 0), len(pages)-1)
	var nav []models.InlineKeyboardButton
	if i > 0 {
		nav = append(nav, s.btn("btn.area.prev", fmt.Sprintf("edu:%d", i-1)))
	}
	if i < len(pages)-1 {
		nav = append(nav, s.btn("btn.area.next", fmt.Sprintf("edu:%d", i+1)))
	}
	rows := [][]models.InlineKeyboardButton{}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	kb := keyboard(append(rows, []models.InlineKeyboardButton{s.btn("btn.menu", "m:menu")})...)
	return s.show(tr(s.locale, "learn.page", i+1, len(pages), pages[i].In(s.locale)), kb)
}

// newMenuRow is the way to the main menu from a message that must not be
// replaced by it.
func (s *session) newMenuRow() []models.InlineKeyboardButton {
	return []models.InlineKeyboardButton{s.btn("btn.menu", "m:new")}
}
