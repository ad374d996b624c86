// `dupready check`: load rules, read a follower, evaluate, print the verdict.
#include "tools/cli/check.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "engine/rule_set.h"
#include "engine/snapshot/facts_adapter.h"
#include "tools/cli/files.h"
#include "tools/cli/input.h"
#include "tools/cli/report.h"

namespace dupready {

const char kCheckUsage[] =
    "usage: dupready check --rules FILE --input FILE [--format text|json]\n"
    "                      [--input-format auto|snapshot|shell|thrift] [--app NAME]\n"
    "                      [--remote-cluster NAME] [--remote-app NAME] [--partition-count N]\n"
    "                      [--remote-replica-count N] [--explain [--partition N]]\n"
    "Judges whether a follower table is ready for DS_LOG under a rule file.\n"
    "Exit codes: 0 ready, 1 not ready, 2 bad usage, rules or input.\n";

int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::set<std::string> with_value = {"rules", "format", "partition"};
  for (const char* const* f = kInputFlags; *f; ++f) with_value.insert(*f);
  Flags flags(with_value, {"explain", "help"});
  if (absl::Status s = flags.Parse(args); !s.ok()) {
    err << "dupready check: " << s.message() << "\n" << kCheckUsage;
    return 2;
  }
  if (flags.Has("help")) {
    out << kCheckUsage;
    return 0;
  }
  if (!flags.positional().empty()) {
    err << "dupready check: unexpected argument '" << flags.positional()[0] << "'\n" << kCheckUsage;
    return 2;
  }
  if (!flags.Has("rules")) {
    err << "dupready check: --rules FILE is required\n" << kCheckUsage;
    return 2;
  }
  const std::string format = flags.Get("format", "text");
  if (format != "text" && format != "json") {
    err << "dupready check: --format must be text or json, not '" << format << "'\n";
    return 2;
  }
  absl::StatusOr<int64_t> partition = flags.GetInt("partition", -1, 0, 1 << 20);
  if (!partition.ok()) {
    err << "dupready check: " << partition.status().message() << "\n";
    return 2;
  }
  if (flags.Has("partition") && !flags.Has("explain")) {
    err << "dupready check: --partition goes with --explain\n";
    return 2;
  }

  Limits limits;
  const std::string rules_path = flags.Get("rules");
  absl::StatusOr<std::unique_ptr<const RuleSet>> rules =
      RuleSet::Load(rules_path, DiskFileReader(limits.max_file_bytes), limits);
  if (!rules.ok()) {
    err << rules.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<FollowerSnapshot> snap = ReadFollower(flags);
  if (!snap.ok()) {
    err << snap.status().message() << "\n";
    return 2;
  }
  FollowerFacts facts;
  if (absl::Status s = BuildFacts(*snap, &facts); !s.ok()) {
    err << flags.Get("input") << ": " << s.message() << "\n";
    return 2;
  }

  ReportContext ctx;
  ctx.follower = absl::StrCat(snap->duplication().remote_cluster_name(), ".",
                              snap->duplication().remote_app_name());
  ctx.rules_path = rules_path;
  ctx.rules_hash = (*rules)->hash();

  if (flags.Has("explain")) {
    // Trace the requested partition, else the first failing one, else partition 0.
    Verdict v = (*rules)->Check(facts);
    int index = -1;
    const int64_t want = *partition >= 0 ? *partition : (v.partition >= 0 ? v.partition : 0);
    for (size_t i = 0; i < facts.partitions.size(); ++i)
      if (facts.partitions[i].slot[kSlotPidx] == want) index = static_cast<int>(i);
    if (*partition >= 0 && index < 0) {
      err << "dupready check: the follower has no partition " << *partition << "\n";
      return 2;
    }
    std::vector<RuleTrace> traces = (*rules)->Explain(facts, index);
    const int pidx = index >= 0 ? static_cast<int>(want) : -1;
    out << (format == "json" ? TraceJson(traces, pidx) : TraceText(traces, pidx));
    return v.ready ? 0 : 1;
  }

  Verdict v = (*rules)->Check(facts);
  out << (format == "json" ? VerdictJson(v, ctx) : VerdictText(v, ctx));
  return v.ready ? 0 : 1;
}

}  // namespace dupready
