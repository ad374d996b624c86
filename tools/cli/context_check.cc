// Lists the rules that decide on context values the input left unset, and how to give them.
#include "tools/cli/context_check.h"

#include <vector>

#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

constexpr int kMaxRulesListed = 8;

}  // namespace

std::string CheckFlagFor(DupField field) {
  switch (field) {
    case DupField::kAppName: return "--app NAME";
    case DupField::kRemoteClusterName: return "--remote-cluster NAME";
    case DupField::kRemoteAppName: return "--remote-app NAME (or --app, when they are the same)";
    case DupField::kPartitionCount: return "--partition-count N (the source table's)";
    case DupField::kRemoteReplicaCount: return "--remote-replica-count N";
  }
  return "?";
}

std::string ProbeFlagFor(DupField field) {
  switch (field) {
    case DupField::kAppName: return "--source-app NAME";
    case DupField::kRemoteAppName: return "--app NAME";
    default: return CheckFlagFor(field);
  }
}

std::string SourceListingFor(DupField field) {
  return absl::StrCat("it in the source cluster's duplication listing, which did not say (",
                      DupFieldName(field), ")");
}

std::string MissingContext(const RuleSet& rules, uint8_t unset, ContextHint hint) {
  if (unset == 0) return "";
  std::vector<std::vector<const ContextRead*>> by_field(kNumDupFields);
  const std::vector<ContextRead> reads = rules.ContextReads();
  for (const ContextRead& r : reads) {
    if (r.use == ContextRead::Use::kMessage || !(unset & DupFieldBit(r.field))) continue;
    by_field[static_cast<size_t>(r.field)].push_back(&r);
  }
  std::string out;
  for (int f = 0; f < kNumDupFields; ++f) {
    const std::vector<const ContextRead*>& list = by_field[static_cast<size_t>(f)];
    if (list.empty()) continue;
    const DupField field = static_cast<DupField>(f);
    absl::StrAppend(&out, "  ", DupFieldName(field), ": give ", hint(field), "; read by\n");
    for (size_t i = 0; i < list.size() && i < kMaxRulesListed; ++i) {
      const ContextRead& r = *list[i];
      absl::StrAppend(&out, "    ", r.location.file, ":", r.location.line, ":", r.location.column,
                      ": the ", ContextUseName(r.use), " of rule ", r.rule, "\n");
    }
    if (list.size() > kMaxRulesListed)
      absl::StrAppend(&out, "    and ", list.size() - kMaxRulesListed, " more rules\n");
  }
  if (out.empty()) return "";
  return absl::StrCat(
      "the rules decide on duplication values the input does not give, so no verdict would be "
      "faithful:\n",
      out,
      "Give them (a snapshot gives them under \"duplication\"); Pegasus knows them on the "
      "source cluster.\n");
}

}  // namespace dupready
