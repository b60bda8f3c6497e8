package telegramtest

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"unicode/utf8"
)

// keyboard is a parsed reply_markup.
type keyboard struct {
	inline [][]Button
	reply  [][]string
	remove bool
	force  bool
}

type inlineButtonIn struct {
	Text                         string          `json:"text"`
	URL                          string          `json:"url"`
	CallbackData                 string          `json:"callback_data"`
	WebApp                       json.RawMessage `json:"web_app"`
	LoginURL                     json.RawMessage `json:"login_url"`
	SwitchInlineQuery            *string         `json:"switch_inline_query"`
	SwitchInlineQueryCurrentChat *string         `json:"switch_inline_query_current_chat"`
	CopyText                     *struct {
		Text string `json:"text"`
	} `json:"copy_text"`
	Pay bool `json:"pay"`
}

// parseKeyboard reads reply_markup; nil when there is none.
func parseKeyboard(req *request) (*keyboard, *APIError) {
	if req.str("reply_markup") == "" {
		return nil, nil
	}
	var in struct {
		InlineKeyboard [][]inlineButtonIn  `json:"inline_keyboard"`
		Keyboard       [][]json.RawMessage `json:"keyboard"`
		RemoveKeyboard bool                `json:"remove_keyboard"`
		ForceReply     bool                `json:"force_reply"`
	}
	if e := req.object("reply_markup", &in); e != nil {
		return nil, e
	}
	kb := &keyboard{remove: in.RemoveKeyboard, force: in.ForceReply}
	for _, row := range in.InlineKeyboard {
		var out []Button
		for _, b := range row {
			if b.Text == "" {
				return nil, badRequest("BUTTON_TEXT_EMPTY")
			}
			// go-telegram/bot always sends copy_text, empty when unused.
			hasCopy := b.CopyText != nil && b.CopyText.Text != ""
			switch {
			case b.CallbackData != "":
				if len(b.CallbackData) > 64 {
					return nil, badRequest("BUTTON_DATA_INVALID")
				}
			case b.URL != "":
				if u, err := url.Parse(b.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg") {
					return nil, badRequest("BUTTON_URL_INVALID")
				}
			case hasCopy, len(b.WebApp) > 0, len(b.LoginURL) > 0, b.SwitchInlineQuery != nil, b.SwitchInlineQueryCurrentChat != nil, b.Pay:
			default:
				return nil, badRequest("text buttons are unallowed in the inline keyboard")
			}
			out = append(out, Button{Text: b.Text, CallbackData: b.CallbackData, URL: b.URL})
		}
		kb.inline = append(kb.inline, out)
	}
	for _, row := range in.Keyboard {
		var out []string
		for _, raw := range row {
			var text string
			if json.Unmarshal(raw, &text) != nil {
				var b struct {
					Text string `json:"text"`
				}
				if json.Unmarshal(raw, &b) != nil {
					return nil, badRequest("can't parse keyboard button")
				}
				text = b.Text
			}
			if text == "" {
				return nil, badRequest("BUTTON_TEXT_EMPTY")
			}
			out = append(out, text)
		}
		kb.reply = append(kb.reply, out)
	}
	return kb, nil
}

// inlineJSON is the reply_markup a message carries: only an inline keyboard shows.
func inlineJSON(rows [][]Button) json.RawMessage {
	if len(rows) == 0 {
		return nil
	}
	type btn struct {
		Text         string `json:"text"`
		URL          string `json:"url,omitempty"`
		CallbackData string `json:"callback_data,omitempty"`
	}
	out := make([][]btn, len(rows))
	for i, row := range rows {
		out[i] = make([]btn, len(row))
		for j, b := range row {
			out[i][j] = btn{Text: b.Text, URL: b.URL, CallbackData: b.CallbackData}
		}
	}
	body, _ := json.Marshal(map[string]any{"inline_keyboard": out})
	return body
}

var htmlTags = map[string]bool{
	"b": true, "strong": true, "i": true, "em": true, "u": true, "ins": true, "s": true,
	"strike": true, "del": true, "span": true, "tg-spoiler": true, "a": true, "code": true,
	"pre": true, "blockquote": true, "tg-emoji": true,
}

func entitiesError(format string, args ...any) *APIError {
	return badRequest("can't parse entities: " + fmt.Sprintf(format, args...))
}

// renderText checks text's markup as Telegram does and returns what the reader
// sees. Entities are not reported; the bot's tests read the plain text.
func renderText(text, parseMode string) (string, *APIError) {
	switch strings.ToLower(parseMode) {
	case "html":
		return renderHTML(text)
	case "markdownv2":
		return renderMarkdownV2(text)
	case "markdown":
		r := strings.NewReplacer("*", "", "_", "", "`", "")
		return r.Replace(text), nil
	case "":
		return text, nil
	default:
		return "", badRequest("unsupported parse_mode")
	}
}

func renderHTML(text string) (string, *APIError) {
	var out strings.Builder
	var open []string
	for i := 0; i < len(text); {
		c := text[i]
		if c != '<' {
			j := strings.IndexByte(text[i:], '<')
			if j < 0 {
				j = len(text) - i
			}
			out.WriteString(html.UnescapeString(text[i : i+j]))
			i += j
			continue
		}
		end := strings.IndexByte(text[i:], '>')
		if end < 0 {
			return "", entitiesError("Unclosed start tag at byte offset %d", i)
		}
		tag := text[i+1 : i+end]
		if name, ok := strings.CutPrefix(tag, "/"); ok {
			name = strings.ToLower(strings.TrimSpace(name))
			if len(open) == 0 || open[len(open)-1] != name {
				expected := ""
				if len(open) > 0 {
					expected = open[len(open)-1]
				}
				return "", entitiesError("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, expected, name)
			}
			open = open[:len(open)-1]
		} else {
			name := strings.ToLower(strings.Fields(tag + " ")[0])
			if !htmlTags[name] {
				return "", entitiesError("Unsupported start tag \"%s\" at byte offset %d", name, i)
			}
			open = append(open, name)
		}
		i += end + 1
	}
	if len(open) > 0 {
		return "", entitiesError("Can't find end tag corresponding to start tag \"%s\"", open[len(open)-1])
	}
	return out.String(), nil
}

// renderMarkdownV2 follows Telegram's MarkdownV2 rules: outside code, the
// characters _*[]()~`>#+-=|{}.! must be escaped with a backslash unless they mark
// an entity.
func renderMarkdownV2(text string) (string, *APIError) {
	var out strings.Builder
	var open []string // entity markers in force
	inLinkText := false
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\\':
			if i+1 >= len(text) {
				return "", entitiesError("Can't find end of the entity starting at byte offset %d", i)
			}
			_, n := utf8.DecodeRuneInString(text[i+1:])
			out.WriteString(text[i+1 : i+1+n])
			i += 1 + n
		case strings.HasPrefix(text[i:], "```"):
			end := strings.Index(text[i+3:], "```")
			if end < 0 {
				return "", entitiesError("Can't find end of Pre entity at byte offset %d", i)
			}
			block := text[i+3 : i+3+end]
			if nl := strings.IndexByte(block, '\n'); nl >= 0 && !strings.ContainsAny(block[:nl], " ") {
				block = block[nl+1:] // the language line
			}
			out.WriteString(strings.ReplaceAll(block, "\\`", "`"))
			i += 3 + end + 3
		case c == '`':
			end := strings.IndexByte(text[i+1:], '`')
			if end < 0 {
				return "", entitiesError("Can't find end of Code entity at byte offset %d", i)
			}
			out.WriteString(text[i+1 : i+1+end])
			i += end + 2
		case c == '*' || c == '_' || c == '~' || (c == '|' && strings.HasPrefix(text[i:], "||")):
			marker := string(c)
			if c == '_' && strings.HasPrefix(text[i:], "__") {
				marker = "__"
			}
			if c == '|' {
				marker = "||"
			}
			if len(open) > 0 && open[len(open)-1] == marker {
				open = open[:len(open)-1]
			} else {
				open = append(open, marker)
			}
			i += len(marker)
		case c == '[':
			inLinkText = true
			i++
		case c == ']' && inLinkText:
			inLinkText = false
			if !strings.HasPrefix(text[i+1:], "(") {
				return "", entitiesError("Character ']' is reserved and must be escaped with the preceding '\\'")
			}
			end := strings.IndexByte(text[i+2:], ')')
			if end < 0 {
				return "", entitiesError("Can't find end of a URL at byte offset %d", i+1)
			}
			i += 2 + end + 1
		case c == '>' && (i == 0 || text[i-1] == '\n'):
			i++ // a blockquote line
		case strings.IndexByte("[]()>#+-=|{}.!", c) >= 0:
			return "", entitiesError("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
		default:
			out.WriteByte(c)
			i++
		}
	}
	if len(open) > 0 || inLinkText {
		return "", entitiesError("Can't find end of the entity starting at byte offset %d", len(text))
	}
	return out.String(), nil
}
