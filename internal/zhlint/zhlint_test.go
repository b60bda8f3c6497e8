// Package zhlint holds one test: every Chinese text a citizen or an officer can
// read — string literals in the Go sources, the templates, the example config —
// is written as a native reader expects: full-width punctuation next to
// Chinese, and no English words but the names that have no Chinese form.
package zhlint

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// allowed are the Latin words a Chinese screen may carry: product and
// format names, and units that are written so in Chinese too.
var allowed = map[string]bool{
	"Telegram": true, "WeChat": true, "CSV": true, "JSON": true, "TOTP": true, "IP": true,
	"ID": true, "QR": true, "URL": true, "PDF": true, "PNG": true, "SVG": true, "ZIP": true,
	"JPEG": true, "JPG": true, "HEIC": true, "HEIF": true, "AVIF": true, "TIFF": true,
	"MP4": true, "MOV": true, "DOCX": true, "Office": true, "Word": true, "Excel": true,
	"GPS": true, "EXIF": true, "XMP": true, "App": true, "KB": true, "MB": true, "GB": true,
	"HTTPS": true, "HTTP": true, "VPN": true, "SMS": true, "Tipline": true, "Bot": true,
	"API": true, "Prometheus": true, "TLS": true, "SQL": true, "PostgreSQL": true,
	"Authenticator": true, "Google": true, "Microsoft": true, "FreeOTP": true,
	"iPhone": true, "Android": true, "Chrome": true, "Safari": true, "A4": true,
}

var (
	han = regexp.MustCompile(`\p{Han}`)
	// ASCII punctuation touching a Chinese character, either side.
	halfWidth = regexp.MustCompile(`\p{Han}[,:;()!?]|[,:;(!?]\p{Han}`)
	latinWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]+`)
	// Markup, template actions, format verbs, entities and links are not
	// words a reader reads.
	// So are the bot's commands (/status), a receipt shown as an example and
	// a configuration key named to an administrator (bot.username).
	noise = regexp.MustCompile(`<[^>]*>|\{\{.*?\}\}|%[-+# 0-9.]*[a-zA-Z]|&[a-z]+;|https?://\S+|\{[a-z_0-9.]+\}|/[a-z]+\b|\b[A-Z0-9]{4}(-[A-Z0-9]{4})+\b|\b[a-z_]+\.[a-z_.]+\b`)
)

func TestChineseReadsAsNative(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	report := func(where, text, why string) {
		problems = append(problems, where+": "+why+": "+strconv.Quote(text))
	}
	check := func(where, text string) {
		if !han.MatchString(text) || english(text) {
			return
		}
		for _, part := range splitLanguages(text) {
			if !han.MatchString(part) {
				continue
			}
			clean := noise.ReplaceAllString(part, " ")
			if m := halfWidth.FindString(clean); m != "" {
				report(where, part, "half-width punctuation "+strconv.Quote(m))
			}
			for _, w := range latinWord.FindAllString(clean, -1) {
				if !allowed[w] {
					report(where, part, "English word "+strconv.Quote(w))
					break
				}
			}
		}
	}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			switch d.Name() {
			case ".git", ".data", "node_modules", "testdata", "docs", "bin", "bench", "loadtest":
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(path, "_test.go"):
			return nil
		case strings.HasSuffix(path, ".go"):
			checkGo(t, path, rel, check)
		case strings.HasSuffix(path, ".html"), strings.HasSuffix(path, ".js"):
			checkLines(t, path, rel, check)
		case rel == "config.example.yaml":
			checkYAMLValues(t, path, rel, check)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// checkGo reads the string literals of a Go file; comments are for
// developers and are not checked.
func checkGo(t *testing.T, path, rel string, check func(where, text string)) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		// A pattern is for the machine, not for a reader.
		if call, ok := n.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == "regexp" {
					return false
				}
			}
		}
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		if err != nil {
			return true
		}
		check(rel+":"+strconv.Itoa(fset.Position(lit.Pos()).Line), s)
		return true
	})
}

// checkLines reads a template, script or YAML file a line at a time;
// YAML comments in the example config are read by operators and checked too.
func checkLines(t *testing.T, path, rel string, check func(where, text string)) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		check(rel+":"+strconv.Itoa(i+1), line)
	}
}

// checkYAMLValues reads the Chinese values of the example config (zh: …);
// its comments are bilingual notes for operators, not screens.
func checkYAMLValues(t *testing.T, path, rel string, check func(where, text string)) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	inFlow := regexp.MustCompile(`\bzh(?:-CN)?:\s*("[^"]*"|[^}#]*)`)
	key := regexp.MustCompile(`^\s*(-\s*)?([A-Za-z_-]+:\s*)?`)
	for i, line := range strings.Split(string(data), "\n") {
		where := rel + ":" + strconv.Itoa(i+1)
		switch {
		case strings.HasPrefix(strings.TrimSpace(line), "#"):
		case strings.Contains(line, "{"):
			for _, m := range inFlow.FindAllStringSubmatch(line, -1) {
				check(where, strings.Trim(strings.TrimSpace(m[1]), `"`))
			}
		default: // a value of its own, or a line of a block of text
			check(where, strings.Trim(key.ReplaceAllString(line, ""), `"`))
		}
	}
}

// english tells an English text with a Chinese gloss in it ("Citizens' web
// report (公众网页举报)", a command's help with a Chinese example): it is
// read as English, and English punctuation is right there.
func english(s string) bool {
	latin, chinese := 0, 0
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			latin++
		case unicode.Is(unicode.Han, r):
			chinese++
		}
	}
	return latin > 2*chinese
}

// splitLanguages separates the halves of a text that carries both
// languages side by side ("请求过大 / Request too large", a YAML line
// "zh: … en: …"), so an English half is not taken for English in Chinese.
func splitLanguages(s string) []string {
	var parts []string
	// A slash between spaces, a line break, "en:", a Chinese sentence's end
	// followed by English, or a Chinese gloss in brackets after English.
	sep := regexp.MustCompile(`\s+/\s+|\n|\ben:\s|[。！？]\s*|\s[（(]`)
	for _, p := range sep.Split(s, -1) {
		parts = append(parts, strings.TrimFunc(p, unicode.IsSpace))
	}
	return parts
}
