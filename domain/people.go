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

// What a person hears when their account may not be used (every
// authenticated request, sign-in and realtime are refused with it, 403).
const (
	DeactivatedMessage    = "此账号已被停用，无法登录或同步。请联系客服中心经理。 (This account has been deactivated: it cannot sign in or sync. Ask your service-centre manager.)"
	PasswordChangeMessage = "请先设置您自己的密码，再继续使用。 (Set your own password before you go on.)"
)

// OneTimePasswordLength is the length of a password an admin hands out (a
// new account or a reset); the person sets their own at first sign-in.
const OneTimePasswordLength = 10

// NotificationKinds: what the server tells people about.
var NotificationKinds = Terms{
	{NoticeMajor, "重大投诉", "Major complaint"},
	{NoticeOverdue, "投诉逾期", "Complaint overdue"},
	{NoticeRectDue, "整改逾期", "Rectification overdue"},
	{NoticeRectReturned, "整改退回", "Rectification returned"},
	{NoticePlanBehind, "巡检计划未完成", "Inspection plan behind"},
	{NoticeReportReady, "报表已生成", "Report ready"},
}

// Notification kinds (the codes of NotificationKinds).
const (
	NoticeMajor        = "major_complaint"        // a major complaint was registered (003 §4-7): the mall's admins, at once
	NoticeOverdue      = "overdue"                // a complaint missed a deadline it still owes (domain.Late)
	NoticeRectDue      = "rectification_due"      // a rectification passed its deadline not done
	NoticeRectReturned = "rectification_returned" // a re-check failed: the rectification is open again
	NoticePlanBehind   = "plan_behind"            // a plan period ended with fewer inspections than planned
	NoticeReportReady  = "report_ready"           // a scheduled report, or a group workbook, is ready
)

// NoticeLinks: the relation of a notification that names its record, by
// kind (the app opens that record).
var NoticeLinks = map[string]string{
	NoticeMajor: "complaint", NoticeOverdue: "complaint",
	NoticeRectDue: "rectification", NoticeRectReturned: "rectification",
	NoticePlanBehind: "plan", NoticeReportReady: "report",
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
