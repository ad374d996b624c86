// Text and JSON renderings of verdicts and rule traces.
#include "tools/cli/report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/cost/cost.h"
#include "engine/json/json.h"

namespace dupready {
namespace {

std::string PartitionList(const RuleFailures& f) {
  std::string list = absl::StrJoin(f.partitions, ", ");
  if (f.count > static_cast<int64_t>(f.partitions.size())) list += ", ...";
  return list;
}

const char* GuardName(RuleTrace::Guard g) {
  switch (g) {
    case RuleTrace::Guard::kNone: return "-";
    case RuleTrace::Guard::kHeld: return "held";
    case RuleTrace::Guard::kNotHeld: return "did not hold";
    case RuleTrace::Guard::kError: return "error";
  }
  return "?";
}

// The notes about the input, each on its own after a blank line.
std::string Notes(const ReportContext& ctx) {
  std::string out;
  for (const std::string& note : ctx.notes) absl::StrAppend(&out, "\nnote: ", note, "\n");
  return out;
}

}  // namespace

std::string VerdictText(const Verdict& v, const ReportContext& ctx) {
  std::string out;
  if (v.ready) {
    absl::StrAppend(&out, "READY  ", ctx.follower, ": ", v.partitions_checked,
                    " partitions pass ", ctx.rules_path, "\n", Notes(ctx));
    return out;
  }
  absl::StrAppend(&out, "NOT READY  ", v.error, "  ", ctx.follower, "\n");
  absl::StrAppend(&out, "  rule ", v.rule,
                  v.partition >= 0 ? absl::StrCat(", first failing partition ", v.partition)
                                   : std::string(", table-level"),
                  "\n  ", v.message, "\n");
  if (v.partition >= 0) {
    absl::StrAppend(&out, "\nfailures by rule (", v.partitions_checked, " partitions, ",
                    ctx.rules_path, "):\n");
    for (const RuleFailures& f : v.failures) {
      absl::StrAppend(&out, "  ", f.rule, "  ", f.error, "  ", f.count, " of ",
                      v.partitions_checked, " partitions (", PartitionList(f), ")\n      ",
                      f.message, "\n");
    }
  }
  return out + Notes(ctx);
}

std::string VerdictJson(const Verdict& v, const ReportContext& ctx) {
  std::string out = absl::StrCat("{\"ready\":", v.ready ? "true" : "false",
                                 ",\"error\":", JsonQuote(v.error), ",\"rule\":", JsonQuote(v.rule),
                                 ",\"partition\":", v.partition,
                                 ",\"message\":", JsonQuote(v.message), ",\"failures\":[");
  for (size_t i = 0; i < v.failures.size(); ++i) {
    const RuleFailures& f = v.failures[i];
    absl::StrAppend(&out, i ? "," : "", "{\"rule\":", JsonQuote(f.rule),
                    ",\"error\":", JsonQuote(f.error), ",\"count\":", f.count,
                    ",\"partitions\":[", absl::StrJoin(f.partitions, ","),
                    "],\"message\":", JsonQuote(f.message), "}");
  }
  absl::StrAppend(&out, "],\"partitions_checked\":", v.partitions_checked,
                  ",\"follower\":", JsonQuote(ctx.follower), ",\"rules\":", JsonQuote(ctx.rules_path),
                  ",\"rules_hash\":", JsonQuote(ctx.rules_hash), ",\"notes\":[");
  for (size_t i = 0; i < ctx.notes.size(); ++i)
    absl::StrAppend(&out, i ? "," : "", JsonQuote(ctx.notes[i]));
  out += "]}\n";
  return out;
}

std::string TraceText(const std::vector<RuleTrace>& traces, int pidx) {
  std::string out = pidx >= 0 ? absl::StrCat("trace of partition ", pidx, ":\n")
                              : std::string("trace of the table rules:\n");
  for (const RuleTrace& t : traces) {
    absl::StrAppend(&out, "  ", t.table ? "table     " : "partition ", t.rule,
                    !t.in_scope ? "  (out of scope)" : "", "  guard: ", GuardName(t.guard),
                    "  -> ", OutcomeName(t.outcome));
    if (t.steps > 0)
      absl::StrAppend(&out, "  (", FormatSteps(t.steps), " steps; estimate at most ",
                      FormatSteps(t.estimate), ")");
    out += "\n";
    if (t.outcome == RuleTrace::Outcome::kFailed)
      absl::StrAppend(&out, "      ", t.error, ": ", t.message, "\n");
  }
  return out;
}

std::string TraceJson(const std::vector<RuleTrace>& traces, int pidx) {
  std::string out = absl::StrCat("{\"partition\":", pidx, ",\"rules\":[");
  for (size_t i = 0; i < traces.size(); ++i) {
    const RuleTrace& t = traces[i];
    absl::StrAppend(&out, i ? "," : "", "{\"rule\":", JsonQuote(t.rule),
                    ",\"stage\":", t.table ? "\"table\"" : "\"partition\"",
                    ",\"in_scope\":", t.in_scope ? "true" : "false",
                    ",\"guard\":", JsonQuote(GuardName(t.guard)),
                    ",\"outcome\":", JsonQuote(OutcomeName(t.outcome)), ",\"steps\":", t.steps,
                    ",\"estimate\":", t.estimate);
    if (t.outcome == RuleTrace::Outcome::kFailed)
      absl::StrAppend(&out, ",\"error\":", JsonQuote(t.error), ",\"message\":", JsonQuote(t.message));
    out += "}";
  }
  return out + "]}\n";
}

}  // namespace dupready
