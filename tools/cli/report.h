// Copyright 2026 The dupready Authors.
//
// report.h: how verdicts are printed, as text for people and as one JSON object for tools.

#ifndef DUPREADY_TOOLS_CLI_REPORT_H_
#define DUPREADY_TOOLS_CLI_REPORT_H_

#include <string>
#include <vector>

#include "engine/eval/verdict.h"

namespace dupready {

struct ReportContext {
  std::string follower;    // "cluster.app"
  std::string rules_path;
  std::string rules_hash;
  std::vector<std::string> notes;  // about the input, printed with the verdict
};

// Verdict first, then the failures grouped by rule, then each note ("note: ...").
std::string VerdictText(const Verdict& v, const ReportContext& ctx);

// {"ready":..,"error":..,"rule":..,"partition":..,"message":..,"failures":[..],...,
//  "notes":[..]}
std::string VerdictJson(const Verdict& v, const ReportContext& ctx);

// One line per rule: its guard and outcome on one partition.
std::string TraceText(const std::vector<RuleTrace>& traces, int pidx);
std::string TraceJson(const std::vector<RuleTrace>& traces, int pidx);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_REPORT_H_
