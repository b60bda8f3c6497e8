package admin

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/tipline/tipline/queue"
)

// TestTipNamesEntityKindsInTheReadersLanguage: what the queue found in a
// tip's text is labelled in words, never by its code ("phone", "bank_card").
func TestTipNamesEntityKindsInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	b.addOfficers("officer")
	c := b.login("officer")
	text := "电话13812345678，顺丰SF1234567890123，卡号6217000123456788，支付宝ice_shop2024，车牌湘C·D12345"
	b.submit(queue.KindReport, text)
	id := b.submit(queue.KindReport, text)
	tipPath := "/tips/" + strconv.FormatInt(id, 10)
	for locale, words := range map[string][]string{
		"zh-CN": {"电话", "快递单号", "银行卡号", "支付宝账号", "车牌"},
		"en":    {"Phone", "Parcel", "Bank card", "Alipay", "Plate"},
	} {
		b.post(c, "/account/locale", url.Values{"locale": {locale}, "back": {tipPath}})
		_, body := b.get(c, tipPath)
		for _, w := range words {
			if !strings.Contains(body, `<span class="kind">`+w+`</span>`) {
				t.Errorf("%s: no entity labelled %q", locale, w)
			}
		}
		for _, code := range []string{">phone<", ">bank_card<", ">parcel<", "entity.", "> alipay ", "> plate "} {
			if strings.Contains(body, code) {
				t.Errorf("%s: the tip page shows the code %q", locale, code)
			}
		}
	}
}
