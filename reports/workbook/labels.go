package workbook

import "mallcare/domain"

// Chinese labels of the select values, as staff read them: the domain's
// vocabularies (unknown codes print as they are).
var (
	channelLabel    = domain.Channels.Zh
	targetLabel     = domain.Targets.Zh
	severityLabel   = domain.Severities.Zh
	resolutionLabel = domain.ResolutionTypes.Zh
	verdictLabel    = domain.CallbackVerdicts.Zh
	statusLabel     = domain.ComplaintFlow.Statuses.Zh
	rectStatusLabel = domain.RectificationFlow.Statuses.Zh
	surveyKindLabel = domain.SurveyKinds.Zh
	surveyChanLabel = domain.SurveyChannels.Zh
)

// kpiName is the one Chinese name of a KPI, with an optional unit.
func kpiName(key, unit string) string { return domain.KPIName(key) + unit }

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}
