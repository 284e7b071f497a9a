package domain

// Roles (domain.md "People and places").
const (
	RoleAdmin     = "admin"
	RoleManager   = "manager"
	RoleInspector = "inspector"
	RoleService   = "service"
)

var Roles = Terms{
	{RoleAdmin, "管理员", "Admin"},
	{RoleManager, "楼层经理", "Floor manager"},
	{RoleInspector, "巡检员", "Inspector"},
	{RoleService, "客服专员", "Service staff"},
}

// Who may do what. The API rules of the schema enforce these on every path;
// the app reads them to offer only what will succeed.
var (
	ComplaintWriters = []string{RoleAdmin, RoleManager, RoleService}
	InspectionRoles  = []string{RoleAdmin, RoleManager, RoleInspector}
	SurveyTakers     = []string{RoleAdmin, RoleManager, RoleInspector, RoleService}
	MallAdmins       = []string{RoleAdmin} // staff, shops, templates, plans, reports
)

// NotificationKinds: what the server tells people about.
var NotificationKinds = Terms{
	{"major_complaint", "重大投诉", "Major complaint"},
	{"overdue", "投诉逾期", "Complaint overdue"},
}

// Report kinds and how a report came to be.
var (
	ReportKinds = Terms{
		{"weekly", "周报表", "Weekly report"},
		{"monthly", "月考核表", "Monthly assessment"},
	}
	ReportSources = Terms{
		{"schedule", "定时生成", "scheduled"},
		{"demand", "手动生成", "on demand"},
	}
)
