package queue

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// entityStrings renders entities as "kind:value" for compact tables.
func entityStrings(es []Entity) []string {
	var out []string
	for _, e := range es {
		out = append(out, string(e.Kind)+":"+e.Value)
	}
	return out
}

func TestExtractEntities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		// phones
		{"mobile", "他的电话13812345678，天天在桥头卖", []string{"phone:13812345678"}},
		{"mobile spaced", "call 138 1234 5678 after 9pm", []string{"phone:13812345678"}},
		{"mobile hyphens", "电话：138-1234-5678。", []string{"phone:13812345678"}},
		{"mobile +86", "+86 138 1234 5678", []string{"phone:13812345678"}},
		{"mobile +86 glued", "+8613812345678", []string{"phone:13812345678"}},
		{"mobile 0086", "0086-13812345678", []string{"phone:13812345678"}},
		{"mobile 86", "8613812345678", []string{"phone:13812345678"}},
		{"mobile full-width", "手机１３８１２３４５６７８", []string{"phone:13812345678"}},
		{"mobile full-width hyphen", "１３８－１２３４－５６７８", []string{"phone:13812345678"}},
		{"mobile at start and end", "13812345678", []string{"phone:13812345678"}},
		{"landline", "座机0731-5555 1234", []string{"phone:073155551234"}},
		{"landline 8 digits", "0732-56781234", []string{"phone:073256781234"}},
		{"landline 7 digits", "0732-5678123，晚上打", []string{"phone:07325678123"}},
		{"landline Beijing", "010-66554433", []string{"phone:01066554433"}},
		{"landline brackets", "（0731）5555 1234", []string{"phone:073155551234"}},
		{"two phones", "13812345678、13912345678 和 13812345678", []string{"phone:13812345678", "phone:13912345678"}},
		{"id card", "身份证430381199001011234", nil},
		{"id card with X", "身份证43038119900101123X", nil},
		{"bank number", "卡号62220213812345678901", nil},
		{"bank grouped, no card check digit", "卡号 6222 0213 8123 4567 890", []string{"bank_card:6222021381234567890"}},
		{"order number", "订单号2023110113812345678", nil},
		{"12 digits", "138123456789", nil},
		{"10 digits", "1381234567", nil},
		{"not a mobile prefix", "12812345678", nil},
		{"decimal", "金额 3.1415926535", nil},

		// telegram
		{"handle", "找@dealer_bot买", []string{"telegram:@dealer_bot"}},
		{"handle case", "Contact @Ice_Seller88.", []string{"telegram:@ice_seller88"}},
		{"handle too short", "@abcd", nil},
		{"handle starts with digit", "@1abcde", nil},
		{"handle too long", "@" + strings.Repeat("a", 33), nil},
		{"email", "mail user@example.com or dealer@qq.com", nil},
		{"handle domain-like", "@example.com", nil},
		{"t.me", "频道 t.me/ice_channel 每天更新", []string{"telegram:@ice_channel"}},
		{"t.me https", "https://t.me/Ice_Channel/123", []string{"telegram:@ice_channel"}},
		{"t.me invite", "进群https://t.me/+AbCdEf123_x，快", []string{"telegram:t.me/+AbCdEf123_x"}},
		{"joinchat", "http://telegram.me/joinchat/AbCdEf123", []string{"telegram:t.me/+AbCdEf123"}},
		{"t.me and handle", "@ice_channel 就是 t.me/ice_channel", []string{"telegram:@ice_channel"}},
		{"not t.me", "visit chat.me/whatever", nil},

		// wechat
		{"wechat id", "微信：ice_2024a", []string{"wechat:ice_2024a"}},
		{"wechat hao", "加微信号Ice2024abc", []string{"wechat:ice2024abc"}},
		{"vx", "VX: Dealer_88", []string{"wechat:dealer_88"}},
		{"vx lower phone", "vx13812345678", []string{"wechat:13812345678", "phone:13812345678"}},
		{"wx space", "wx dealer-01", []string{"wechat:dealer-01"}},
		{"V xin", "V信 abc12345", []string{"wechat:abc12345"}},
		{"weixin homophone", "威信abc12345，薇信/xyz98765", []string{"wechat:abc12345", "wechat:xyz98765"}},
		{"wxid alone", "对方是wxid_abcd1234efgh", []string{"wechat:wxid_abcd1234efgh"}},
		{"wx glued to word", "wxabcdefg", nil},
		{"vx inside word", "convx abcdefg", nil},
		{"id without marker", "他叫abc12345", nil},
		{"wechat id too short", "微信 abc12", nil},
		{"same number", "电话13812345678（微信同号）", []string{"phone:13812345678", "wechat:13812345678"}},
		{"same number vx", "138-1234-5678 vx同号", []string{"phone:13812345678", "wechat:13812345678"}},
		{"same number inside longer run", "6213812345678微信同号", nil},
		{"jia V", "加V：ice_2024a，加v13812345678", []string{"wechat:ice_2024a", "wechat:13812345678", "phone:13812345678"}},
		{"jia V glued to a word", "加vice_2024", nil},
		{"full-width at", "＠dealer_bot 联系", []string{"telegram:@dealer_bot"}},
		{"wechat full-width colon", "微信：ａｂｃ１２３４５", []string{"wechat:abc12345"}},

		// plates
		{"plate", "车牌湘C12345停在楼下", []string{"plate:湘C12345"}},
		{"plate dot", "湘C·12345", []string{"plate:湘C12345"}},
		{"plate bullet", "湘C•A1234", []string{"plate:湘CA1234"}},
		{"plate space lower", "湘c 1b234", []string{"plate:湘C1B234"}},
		{"plate hyphen", "粤B-12345", []string{"plate:粤B12345"}},
		{"plate new energy", "湘C·D12345", []string{"plate:湘CD12345"}},
		{"plate new energy glued", "湘CD12345", []string{"plate:湘CD12345"}},
		{"plate new energy large", "湘C12345D", []string{"plate:湘C12345D"}},
		{"plate trailer", "湘C1234挂", []string{"plate:湘C1234挂"}},
		{"plate full-width", "湘Ｃ１２３４５", []string{"plate:湘C12345"}},
		{"plate too long", "湘C1234567", nil},
		{"plate too short", "湘C1234，", nil},
		{"not a province", "乡C12345", nil},

		// urls
		{"url", "看这里https://Example.COM/path?q=1。", []string{"url:https://example.com/path?q=1"}},
		{"url trailing comma", "(see http://example.org/a), then", []string{"url:http://example.org/a"}},
		{"url balanced bracket", "https://en.wikipedia.org/wiki/Meth_(drug)", []string{"url:https://en.wikipedia.org/wiki/Meth_(drug)"}},
		{"url followed by Chinese", "https://example.com/x看看", []string{"url:https://example.com/x"}},
		{"url with phone inside", "https://shop.example.com/item?id=13812345678", []string{"url:https://shop.example.com/item?id=13812345678"}},
		{"url empty host", "https:///path", nil},
		{"bare domain", "example.com/path", nil},

		// mixed
		{"mixed", "湘乡市梅桥镇有人卖冰毒，电话138-1234-5678，微信ice_2024a，开湘C·D12345，群 t.me/+AbCdEf123 ，详见 https://example.com/p/1",
			[]string{"phone:13812345678", "wechat:ice_2024a", "plate:湘CD12345", "telegram:t.me/+AbCdEf123", "url:https://example.com/p/1"}},
		{"english", "Guy at the bar sells meth, text +86 139 0000 1111 or @meth_guy_99; car 湘A88888.",
			[]string{"phone:13900001111", "telegram:@meth_guy_99", "plate:湘A88888"}},
		{"nothing", "今天天气很好，没有什么可疑的。", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		got := entityStrings(ExtractEntities(tt.in))
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: ExtractEntities(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestExtractEntitiesRaw(t *testing.T) {
	t.Parallel()
	got := ExtractEntities("电话：１３８－１２３４－５６７８，车牌湘C·D12345；（0731）5555 1234")
	want := []Entity{
		{EntityPhone, "13812345678", "１３８－１２３４－５６７８"},
		{EntityPlate, "湘CD12345", "湘C·D12345"},
		{EntityPhone, "073155551234", "（0731）5555 1234"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

// entityRefeed is the text in which an entity's Value should be found again.
// entityRefeed writes a value back with the marker its kind may need.
func entityRefeed(e Entity) string {
	switch e.Kind {
	case EntityWeChat:
		return "微信:" + e.Value
	case EntityBankCard:
		return "卡号:" + e.Value
	case EntityParcel:
		return "单号:" + e.Value
	case EntityAlipay:
		return "支付宝:" + e.Value
	}
	return e.Value
}

func FuzzExtractEntities(f *testing.F) {
	for _, s := range []string{
		"湘乡市梅桥镇有人卖冰毒，电话138-1234-5678，微信ice_2024a，开湘C·D12345",
		"+86 １３８ １２３４ ５６７８ @dealer_bot t.me/+AbCdEf123 https://Example.com/a).",
		"（0731）5555 1234 user@example.com vx13812345678 wxid_abcd1234",
		"身份证430381199001011234", "顺丰SF1234567890123 快递单号75312345678901 卡号6217 0001 2345 6788 支付宝a@b.cn",
		"@", "t.me/", "https://", "微信", "湘", "\xff\xfe13812345678",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es := ExtractEntities(s)
		seen := map[Entity]bool{}
		for _, e := range es {
			key := Entity{Kind: e.Kind, Value: e.Value}
			if seen[key] {
				t.Fatalf("%q: duplicate %v", s, key)
			}
			seen[key] = true
			if e.Value == "" || e.Raw == "" || !utf8.ValidString(e.Raw) {
				t.Fatalf("%q: empty or invalid entity %+v", s, e)
			}
			again := ExtractEntities(entityRefeed(e))
			found := false
			for _, a := range again {
				found = found || a.Kind == e.Kind && a.Value == e.Value
			}
			if !found {
				t.Fatalf("%q: value %+v does not re-extract from %q (got %+v)", s, e, entityRefeed(e), again)
			}
		}
	})
}

func BenchmarkExtractEntities(b *testing.B) {
	text := strings.Repeat("湘乡市梅桥镇有人卖冰毒，电话138-1234-5678，微信ice_2024a，开湘C·D12345，群 t.me/+AbCdEf123 。", 40)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ExtractEntities(text)
	}
}
