package domain

// Complaint statuses (000 §3.2, 003 第二部分 §四).
const (
	Registered = "registered"
	Verifying  = "verifying"
	Proposed   = "proposed"
	Resolved   = "resolved"
	Visited    = "visited"
	Closed     = "closed"
	Withdrawn  = "withdrawn"
)

// ComplaintFlow: registered → verifying → proposed → resolved → visited →
// closed, withdrawn from any state before resolution.
var ComplaintFlow = &Flow{
	Name: "投诉 (complaint)",
	Statuses: Terms{
		{Registered, "已登记", "Registered"},
		{Verifying, "核实中", "Verifying"},
		{Proposed, "已出方案", "Plan proposed"},
		{Resolved, "已处理", "Resolved"},
		{Visited, "已回访", "Called back"},
		{Closed, "已结案", "Closed"},
		{Withdrawn, "已撤诉", "Withdrawn"},
	},
	Initial: Registered,
	Moves: map[string][]string{
		Registered: {Verifying, Withdrawn},
		Verifying:  {Proposed, Withdrawn},
		Proposed:   {Resolved, Withdrawn},
		Resolved:   {Visited},
		Visited:    {Closed},
	},
}

// ComplaintActions names each move by the status it leads to, as the
// buttons that make it read.
var ComplaintActions = Terms{
	{Verifying, "开始核实", "Start verifying"},
	{Proposed, "提出方案", "Propose plan"},
	{Resolved, "处理完成", "Mark resolved"},
	{Visited, "记录回访", "Record callback"},
	{Closed, "结案", "Close"},
	{Withdrawn, "撤诉", "Withdraw"},
}

// Open reports whether a complaint is still being worked on: it is open
// until it is closed or withdrawn (the statuses with no move left). The app's
// open list and the phone's working set both mean this.
func Open(status string) bool { return !ComplaintFlow.Terminal(status) }

// Select values of a complaint.
var (
	Channels = Terms{
		{"desk", "现场", "At the desk"},
		{"phone", "电话", "Phone"},
		{"email", "邮件", "Email"},
		{"gov_media", "政府或媒体", "Government / media"},
		{"other", "其他", "Other"},
	}
	Targets = Terms{
		{"shop", "商铺", "Shop"},
		{"product", "商品质量", "Product quality"},
		{"staff", "服务人员", "Staff"},
		{"facility", "设施", "Facility"},
		{"price_tag", "价格标价", "Price tag"},
		{"delivery", "送货安装", "Delivery / installation"},
		{"other", "其他", "Other"},
	}
	Severities = Terms{
		{"general", "一般", "General"},
		{SeverityMajor, "重大", "Major"},
	}
	ResolutionTypes = Terms{
		{"return", "退货", "Return"},
		{"exchange", "换货", "Exchange"},
		{"repair", "维修", "Repair"},
		{"compensation", "赔偿", "Compensation"},
		{"advance_compensation", "先行赔偿", "Advance compensation"},
		{"explanation", "解释说明", "Explanation"},
		{"other", "其他", "Other"},
	}
	CallbackVerdicts = Terms{
		{"satisfied", "满意", "Satisfied"},
		{"basically_satisfied", "基本满意", "Basically satisfied"},
		{"dissatisfied", "不满意", "Dissatisfied"},
	}
	// EventKinds are the entries of a complaint's timeline.
	EventKinds = Terms{
		{"created", "登记", "Registered"},
		{"status", "状态变更", "Status"},
		{"note", "备注", "Note"},
		{"call", "通话", "Call"},
		{"feedback", "反馈", "Feedback"},
		{"callback", "回访", "Callback"},
	}
)

// SeverityMajor is a complaint the mall's admins hear of at once (003 §4-7).
const SeverityMajor = "major"

// ClientEventKinds are the timeline entries people add; the server writes
// the others ("created", "status", "callback") as the workflow moves.
var ClientEventKinds = []string{"note", "call", "feedback"}

// FeedbackEventKinds count as feedback to the customer (三日内反馈).
var FeedbackEventKinds = []string{"call", "feedback"}

// AmountRequired: resolutions where money moves need their amount.
var AmountRequired = []string{"compensation", "advance_compensation"}

// SatisfiedVerdicts count as a satisfied callback (回访满意率).
var SatisfiedVerdicts = []string{"satisfied", "basically_satisfied"}

// Step is what entering a status needs and records.
type Step struct {
	Requires []string `json:"requires,omitempty"` // fields that must be filled before the move
	Stamp    string   `json:"stamp"`              // server time stamped on entering it
	Feedback bool     `json:"feedback,omitempty"` // entering it tells the customer (stamps feedback_at once)
}

// ComplaintSteps: the manual's requirements for each status.
var ComplaintSteps = map[string]Step{
	Registered: {Stamp: "registered_at"},
	Verifying:  {Stamp: "verifying_at"},
	Proposed:   {Stamp: "proposed_at", Requires: []string{"plan"}, Feedback: true},
	Resolved:   {Stamp: "resolved_at", Requires: []string{"resolution_type"}, Feedback: true},
	Visited:    {Stamp: "visited_at", Requires: []string{"callback_verdict"}},
	Closed:     {Stamp: "closed_at"},
	Withdrawn:  {Stamp: "withdrawn_at"},
}
