package queue

import (
	"reflect"
	"testing"
)

// The formats below are those of real numbers: each courier's published
// prefix and length, UnionPay and Visa card numbers with a valid check digit,
// and resident ID numbers with a valid GB 11643 check digit.
func TestExtractParcelsAndPayments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []string
	}{
		// parcels with a courier prefix
		{"SF 13 digits", "顺丰单号SF1234567890123到了", []string{"parcel:SF1234567890123"}},
		{"SF 12 digits lower case", "sf123456789012 寄的", []string{"parcel:SF123456789012"}},
		{"JD with letters", "京东快递JDVA12345678901", []string{"parcel:JDVA12345678901"}},
		{"YTO", "圆通YT7501234567890，收件人姓王", []string{"parcel:YT7501234567890"}},
		{"J&T", "极兔JT5123456789012", []string{"parcel:JT5123456789012"}},
		{"Deppon", "德邦DPK123456789012", []string{"parcel:DPK123456789012"}},
		{"EMS international", "EMS EE123456789CN 从云南寄出", []string{"parcel:EE123456789CN"}},
		{"full-width prefix", "ＳＦ１２３４５６７８９０１２３", []string{"parcel:SF1234567890123"}},
		{"prefix glued to a word", "ASF1234567890123", nil},
		{"prefix too long a number", "SF12345678901234567", nil},
		{"wrong country", "EE123456789US", nil},

		// digits-only parcels need a marker
		{"ZTO after 快递单号", "快递单号：75312345678901，放驿站", []string{"parcel:75312345678901"}},
		{"Yunda after 运单号", "运单号是 4312345678901", []string{"parcel:4312345678901"}},
		{"digits without a marker", "编号4312345678901", nil},
		{"marker too far", "快递已经寄出去了，后来才发现4312345678901", nil},

		// bank cards
		{"UnionPay 19 digits", "打到这张卡6222021200012345679", []string{"bank_card:6222021200012345679"}},
		{"UnionPay 16 grouped", "卡：6217 0001 2345 6788", []string{"bank_card:6217000123456788"}},
		{"Visa hyphens", "4367-4200-1234-5673", []string{"bank_card:4367420012345673"}},
		{"no check digit, no marker", "6222021381234567890", nil},
		{"no check digit after 卡号", "卡号：6222021381234567890", []string{"bank_card:6222021381234567890"}},
		{"account after 转账", "转账到 6228480012345678901", []string{"bank_card:6228480012345678901"}},
		{"resident ID passing Luhn", "身份证430381199001011103", nil},
		{"resident ID after 卡号", "卡号430381199001011103", nil},
		{"ID with X", "43038119900101123X", nil},
		{"20 digits", "6222021200012345679012", nil},
		{"two phones are not a card", "13812345678 13912345678", []string{"phone:13812345678", "phone:13912345678"}},
		{"card beside a phone", "电话13812345678 卡6217000123456788", []string{"phone:13812345678", "bank_card:6217000123456788"}},

		// Alipay
		{"alipay phone", "支付宝：13812345678", []string{"alipay:13812345678", "phone:13812345678"}},
		{"alipay e-mail", "支付宝账号 dealer.88@163.com", []string{"alipay:dealer.88@163.com"}},
		{"alipay name", "ZFB: ice_shop2024", []string{"alipay:ice_shop2024"}},
		{"zfb inside a word", "xzfb:ice_shop2024", nil},
		{"alipay id too short", "支付宝abc", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entityStrings(ExtractEntities(tt.in))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ExtractEntities(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestResidentIDAndLuhn(t *testing.T) {
	t.Parallel()
	for d, want := range map[string]bool{
		"430381199001011103": true,
		"430381199001011235": false, // wrong check digit
		"430381199001011234": true,
		"430381199013011103": false, // month 13
		"030381199001011103": false,
	} {
		if got := entityResidentID(d); got != want {
			t.Errorf("entityResidentID(%s) = %v, want %v", d, got, want)
		}
	}
	for d, want := range map[string]bool{"6222021200012345679": true, "6222021200012345670": false, "4367420012345673": true} {
		if got := entityLuhn(d); got != want {
			t.Errorf("entityLuhn(%s) = %v, want %v", d, got, want)
		}
	}
}
