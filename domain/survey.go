package domain

import "math"

// Survey kinds (满意度调查).
const (
	SurveyCustomer = "customer"
	SurveyMerchant = "merchant"
	SurveyCallback = "callback"
)

var (
	SurveyKinds = Terms{
		{SurveyCustomer, "顾客满意度", "Customer satisfaction"},
		{SurveyMerchant, "商铺满意度", "Merchant satisfaction"},
		{SurveyCallback, "投诉回访", "Complaint callback"},
	}
	// SurveyChannels: who filled the survey in.
	SurveyChannels = Terms{
		{"staff", "员工代填", "Taken by staff"},
		{"kiosk", "自助终端", "Kiosk"},
		{"qr", "扫码", "QR code"},
	}
)

// PublicSurveyKinds can be answered without an account (QR code, kiosk);
// callbacks are taken by staff on the complaint.
var PublicSurveyKinds = []string{SurveyCustomer, SurveyMerchant}

// SurveyQuestion is one question of a survey template; the question marked
// Overall decides whether a response counts as satisfied.
type SurveyQuestion struct {
	ID      string `json:"id"`
	Text    string `json:"text"`
	Overall bool   `json:"overall,omitempty"`
}

// The answer scale: every answer is a whole score from 1 to 5.
const (
	ScoreMin     = 1
	ScoreMax     = 5
	SatisfiedMin = 4 // a response is satisfied at 4 or 5
	CommentMax   = 2 // a score of 1–2 asks for a comment
)

// ScaleLabels name the faces of the 1–5 scale.
var ScaleLabels = Terms{
	{"1", "很不满意", "Very dissatisfied"},
	{"2", "不满意", "Dissatisfied"},
	{"3", "一般", "Neutral"},
	{"4", "满意", "Satisfied"},
	{"5", "非常满意", "Very satisfied"},
}

// Overall is a response's overall score: the overall question's answer, or
// the rounded mean of the answers when the template marks none. ok is false
// when the overall question is unanswered or nothing was answered.
func Overall(questions []SurveyQuestion, answers map[string]int) (overall int, ok bool) {
	for _, q := range questions {
		if q.Overall {
			overall, ok = answers[q.ID]
			return overall, ok
		}
	}
	if len(answers) == 0 {
		return 0, false
	}
	sum := 0
	for _, v := range answers {
		sum += v
	}
	return int(math.Floor(float64(sum)/float64(len(answers)) + 0.5)), true
}

// Satisfied: an overall score of 4 or 5.
func Satisfied(overall int) bool { return overall >= SatisfiedMin }

// Survey points (调查点): the places a public survey is offered, each a
// poster with a QR code or a kiosk tablet at the desk.
const (
	PointQR    = "qr"
	PointKiosk = "kiosk"
)

var (
	// PointChannels: how a point is answered (survey_points.channel); its
	// responses keep the channel (survey_responses.channel).
	PointChannels = SurveyChannels.Only(PointQR, PointKiosk)
	// PointKinds: what a point asks about (survey_points.kind).
	PointKinds = SurveyKinds.Only(PublicSurveyKinds...)
)
// CallbackVerdicts by the callback survey's overall score: the verdict a
// callback records on its complaint (满意 / 基本满意 / 不满意), so that a
// satisfied survey (4–5) is a satisfied callback (SatisfiedVerdicts).
var CallbackVerdictByScore = map[int]string{
	1: "dissatisfied", 2: "dissatisfied", 3: "dissatisfied",
	4: "basically_satisfied", 5: "satisfied",
}

// CallbackTakers may take a callback survey: it moves the complaint to
// 已回访, so only those who may write complaints.
var CallbackTakers = ComplaintWriters
