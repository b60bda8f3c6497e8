package admin

// entityMessages name what the queue recognises in a tip's text, as officers
// read it beside the value ("entity." + the kind's code).
var entityMessages = map[string][2]string{
	"entity.phone":     {"电话", "Phone"},
	"entity.telegram":  {"Telegram账号", "Telegram"},
	"entity.wechat":    {"微信号", "WeChat"},
	"entity.plate":     {"车牌", "Plate"},
	"entity.url":       {"网址", "Link"},
	"entity.parcel":    {"快递单号", "Parcel"},
	"entity.bank_card": {"银行卡号", "Bank card"},
	"entity.alipay":    {"支付宝账号", "Alipay"},
}

func init() {
	for k, v := range entityMessages {
		messages[k] = v
	}
}
