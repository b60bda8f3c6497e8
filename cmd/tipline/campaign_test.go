package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCampaignCommandsHaveHelp(t *testing.T) {
	for _, args := range [][]string{{"campaign", "--help"}, {"campaign", "add", "--help"}, {"campaign", "list", "--help"}, {"campaign", "qr", "--help"}} {
		code, _, errs := call(t, nil, "", args...)
		if code != 0 || !strings.Contains(errs, "Usage: tipline "+strings.Join(args[:len(args)-1], " ")) {
			t.Errorf("%v: code %d: %s", args, code, errs)
		}
	}
	if code, _, _ := call(t, nil, "", "campaign", "print"); code != 2 {
		t.Errorf("unknown verb: code %d", code)
	}
}

func TestCampaignAddListQR(t *testing.T) {
	environ := append(keyEnv(t), "TIPLINE_DATABASE_URL="+emptyDatabase(t),
		"TIPLINE_PUBLIC_BASE_URL=https://jubao.example.cn", "TIPLINE_BOT_USERNAME=XiangxiangJubaoBot")
	if code, _, errs := call(t, environ, "", "migrate", "up"); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	code, out, errs := call(t, environ, "", "campaign", "add", "--name", "梅桥镇中学禁毒宣讲", "--kind", "school",
		"--town", "meiqiao", "--starts", "2026-06-20", "--telegram")
	if code != 0 {
		t.Fatalf("add: %d %s", code, errs)
	}
	web := regexp.MustCompile(`https://jubao\.example\.cn/r/\?c=[A-Za-z0-9_-]+`).FindString(out)
	if web == "" || !strings.Contains(out, "https://t.me/XiangxiangJubaoBot?start=") {
		t.Fatalf("add printed %q", out)
	}
	if code, _, errs = call(t, environ, "", "campaign", "add", "--name", "x", "--kind", "karaoke", "--town", "meiqiao"); code != 1 || !strings.Contains(errs, "kind") {
		t.Fatalf("bad kind: %d %s", code, errs)
	}
	if code, out, _ = call(t, environ, "", "campaign", "list"); code != 0 || !strings.Contains(out, "梅桥镇中学禁毒宣讲") || !strings.Contains(out, web) {
		t.Fatalf("list: %d %s", code, out)
	}
	dir := t.TempDir()
	if code, _, errs = call(t, environ, "", "campaign", "qr", "1", "--out", dir); code != 0 {
		t.Fatalf("qr: %d %s", code, errs)
	}
	for _, f := range []string{"campaign-1-web.png", "campaign-1-web.svg", "campaign-1-telegram.png", "campaign-1-poster-zh-CN.html", "campaign-1-links.txt"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("qr did not write %s: %v", f, err)
		}
	}
	links, _ := os.ReadFile(filepath.Join(dir, "campaign-1-links.txt"))
	if !strings.Contains(string(links), web) {
		t.Errorf("links.txt %q lacks %s", links, web)
	}
	if code, _, _ = call(t, environ, "", "campaign", "qr", "99", "--out", dir); code != 1 {
		t.Errorf("qr of no campaign: code %d", code)
	}
}
