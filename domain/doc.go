// Package domain is MallCare's vocabulary and rules, said once: every status
// and select value with its Chinese and English label, the legal workflow
// moves, the SLAs and deadlines from the manuals (plan, feedback, callback
// window, handling within 24 h, what "overdue" and "open" mean), photo and
// text limits, the fields only the server writes, and the shapes of
// templates and survey questions.
//
// It is pure Go: the hooks enforce it, sync and reports read it, the demo
// uses it, and tsgen writes the same definitions as a TypeScript module for
// the app (ui/src/domain/generated.ts), so the phone and the server agree by
// construction. The schema migrations keep literal copies of the select
// values and limits, as schema history must; TestSchemaMatchesDomain fails
// when they drift apart.
package domain
