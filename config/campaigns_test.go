package config

import (
	"strings"
	"testing"
)

func TestCampaignsDefaultAndRefuseBadKeys(t *testing.T) {
	cfg := Default()
	if k, ok := cfg.Campaigns.Kind("youth_627"); !ok || k.Zh != "6.27青少年" {
		t.Fatalf("default kinds: %+v %v", k, ok)
	}
	if p := cfg.Campaigns.PosterText(); len(p.Lines) != 3 || !strings.Contains(p.Lines[2].Zh, "匿名") {
		t.Fatalf("default poster: %+v", p)
	}
	cfg.Bot.Username = "@XiangxiangJubaoBot"
	if cfg.BotUsername() != "XiangxiangJubaoBot" {
		t.Fatalf("username %q", cfg.BotUsername())
	}
	for key, change := range map[string]func(*Config){
		"bot.username": func(c *Config) { c.Bot.Username = "https://t.me/jubao" },
		"campaigns.kinds[1].code": func(c *Config) {
			c.Campaigns.Kinds = []CampaignKind{{"school", "学校", "School"}, {"school", "学校", "School"}}
		},
		"campaigns.kinds[0]":        func(c *Config) { c.Campaigns.Kinds = []CampaignKind{{"school", "学校", ""}} },
		"campaigns.poster.lines[0]": func(c *Config) { c.Campaigns.Poster.Lines = []Text{{Zh: "", En: "x"}} },
		"campaigns.poster.lines":    func(c *Config) { c.Campaigns.Poster.Lines = make([]Text, 6) },
	} {
		c := Default()
		c.Keys = GenerateKeys()
		c.Database.URL = "postgres://root@127.0.0.1/x"
		change(&c)
		err := c.Validate()
		if err == nil || !strings.Contains(err.Error(), "config: "+key+":") {
			t.Errorf("%s: got %v", key, err)
		}
	}
}
