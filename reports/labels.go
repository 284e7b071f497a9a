package reports

import "mallcare/workflow"

// Chinese labels of the schema's select values, as staff read them.
var (
	channelLabel = map[string]string{"desk": "现场", "phone": "电话", "email": "邮件", "gov_media": "政府或媒体", "other": "其他"}
	targetLabel  = map[string]string{"shop": "商铺", "product": "商品质量", "staff": "服务人员", "facility": "设施",
		"price_tag": "价格标价", "delivery": "送货安装", "other": "其他"}
	severityLabel   = map[string]string{"general": "一般", "major": "重大"}
	resolutionLabel = map[string]string{"return": "退货", "exchange": "换货", "repair": "维修", "compensation": "赔偿",
		"advance_compensation": "先行赔偿", "explanation": "解释说明", "other": "其他"}
	verdictLabel    = map[string]string{"satisfied": "满意", "basically_satisfied": "基本满意", "dissatisfied": "不满意"}
	rectStatusLabel = map[string]string{"open": "待整改", "done": "已整改", "verified": "已复查"}
	surveyKindLabel = map[string]string{"customer": "顾客满意度", "merchant": "商铺满意度", "callback": "投诉回访"}
	surveyChanLabel = map[string]string{"staff": "员工代填", "kiosk": "自助终端", "qr": "扫码"}

	// display orders
	channelOrder    = []string{"desk", "phone", "email", "gov_media", "other"}
	targetOrder     = []string{"shop", "product", "staff", "facility", "price_tag", "delivery", "other"}
	surveyKindOrder = []string{"customer", "merchant", "callback"}
)

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func orBlank(m map[string]string, k string) string {
	if v, ok := m[k]; ok {
		return v
	}
	return k
}

func statusLabel(s string) string { return orBlank(workflow.StatusLabel, s) }
