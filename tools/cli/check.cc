// `dupready check`: load rules, read a follower, evaluate, print the verdict. The judging and
// printing are shared with `probe`.
#include "tools/cli/check.h"

#include "absl/strings/str_cat.h"
#include "engine/snapshot/facts_adapter.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/context_check.h"
#include "tools/cli/input.h"
#include "tools/cli/partition_map.h"
#include "tools/cli/report.h"
#include "tools/cli/subcommand.h"

namespace dupready {

const char kCheckUsage[] =
    "usage: dupready check --rules FILE --input FILE|- [--format text|json]\n"
    "                      [--input-format auto|snapshot|shell|thrift] [--app NAME]\n"
    "                      [--remote-cluster NAME] [--remote-app NAME] [--partition-count N]\n"
    "                      [--remote-replica-count N] [--explain [--partition N]] [--map]\n"
    "Judges whether a follower table is ready for DS_LOG under a rule file. --input - reads\n"
    "standard input. The context flags give what the source cluster knows; when the rules\n"
    "decide on a value that neither they nor the input give, check refuses and names it. Text\n"
    "output of a table that is not ready ends with a map of its partitions (--map: also when\n"
    "ready).\n"
    "Exit codes: 0 ready, 1 not ready, 2 bad usage, rules or input.\n";

const char* const kJudgeValueFlags[] = {"rules", "format", "partition", nullptr};
const char* const kJudgeSwitches[] = {"explain", "map", nullptr};

absl::StatusOr<JudgeOptions> ParseJudgeFlags(const Flags& flags) {
  JudgeOptions opts;
  if (!flags.Has("rules")) return absl::InvalidArgumentError("--rules FILE is required");
  opts.rules_path = flags.Get("rules");
  opts.format = flags.Get("format", "text");
  if (opts.format != "text" && opts.format != "json")
    return absl::InvalidArgumentError(
        absl::StrCat("--format must be text or json, not '", opts.format, "'"));
  absl::StatusOr<int64_t> partition = flags.GetInt("partition", -1, 0, 1 << 20);
  if (!partition.ok()) return partition.status();
  opts.explain = flags.Has("explain");
  if (flags.Has("partition") && !opts.explain)
    return absl::InvalidArgumentError("--partition goes with --explain");
  opts.partition = *partition;
  opts.map = flags.Has("map");
  return opts;
}

absl::StatusOr<std::unique_ptr<const RuleSet>> LoadRuleFile(const std::string& path) {
  Limits limits;
  return RuleSet::Load(path, DiskFileReader(limits.max_file_bytes), limits);
}

namespace {

// "cluster.table", with "<unset: dup.NAME>" for a name the input did not give.
std::string FollowerName(const FollowerFacts& facts) {
  auto part = [&](DupField field, std::string_view value) {
    return facts.unset_dup & DupFieldBit(field)
               ? absl::StrCat("<unset: ", DupFieldName(field), ">")
               : std::string(value);
  };
  return absl::StrCat(part(DupField::kRemoteClusterName, facts.remote_cluster_name), ".",
                      part(DupField::kRemoteAppName, facts.remote_app_name));
}

}  // namespace

absl::StatusOr<Judgement> Judge(const RuleSet& rules, const FollowerSnapshot& snap,
                                ContextHint hint) {
  Judgement j;
  if (absl::Status s = BuildFacts(snap, &j.facts); !s.ok()) return s;
  if (std::string missing = MissingContext(rules, j.facts.unset_dup, hint); !missing.empty())
    return absl::FailedPreconditionError(missing);
  j.verdict = rules.Check(j.facts);
  return j;
}

bool DrawsPartitionMap(const Judgement& j, bool map) {
  // A table-level failure stopped before the partitions: there is nothing to draw.
  const bool partitions_judged = j.verdict.ready || j.verdict.partition >= 0;
  return partitions_judged && !j.facts.partitions.empty() && (!j.verdict.ready || map);
}

int JudgeSnapshot(const RuleSet& rules, const FollowerSnapshot& snap, const JudgeOptions& opts,
                  const std::string& input_name, std::ostream& out, std::ostream& err) {
  absl::StatusOr<Judgement> j =
      Judge(rules, snap, opts.command == "probe" ? ProbeFlagFor : CheckFlagFor);
  if (!j.ok()) {
    // A refusal for missing context is the command's own, and ends with a newline.
    if (absl::IsFailedPrecondition(j.status())) {
      err << "dupready " << opts.command << ": " << input_name << ": " << j.status().message();
    } else {
      err << input_name << ": " << j.status().message() << "\n";
    }
    return 2;
  }
  const FollowerFacts& facts = j->facts;
  const Verdict& v = j->verdict;
  if (opts.explain) {
    // Trace the requested partition, else the first failing one, else partition 0.
    int index = -1;
    const int64_t want =
        opts.partition >= 0 ? opts.partition : (v.partition >= 0 ? v.partition : 0);
    for (size_t i = 0; i < facts.partitions.size(); ++i)
      if (facts.partitions[i].slot[kSlotPidx] == want) index = static_cast<int>(i);
    if (opts.partition >= 0 && index < 0) {
      err << "dupready " << opts.command << ": the follower has no partition " << opts.partition << "\n";
      return 2;
    }
    std::vector<RuleTrace> traces = rules.Explain(facts, index);
    const int pidx = index >= 0 ? static_cast<int>(want) : -1;
    out << (opts.format == "json" ? TraceJson(traces, pidx) : TraceText(traces, pidx));
    return v.ready ? 0 : 1;
  }

  ReportContext ctx;
  ctx.follower = FollowerName(facts);
  ctx.rules_path = opts.rules_path;
  ctx.rules_hash = rules.hash();
  ctx.notes = opts.notes;
  if (opts.format == "json") {
    out << VerdictJson(v, ctx);
    return v.ready ? 0 : 1;
  }
  out << VerdictText(v, ctx);
  if (DrawsPartitionMap(*j, opts.map)) out << "\n" << PartitionMapText(rules, facts);
  return v.ready ? 0 : 1;
}

int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Subcommand cmd = {"check", kCheckUsage};
  cmd.with_value = FlagNames({kInputFlags, kJudgeValueFlags});
  cmd.switches = FlagNames({kJudgeSwitches});
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  absl::StatusOr<JudgeOptions> opts = ParseJudgeFlags(flags);
  if (!opts.ok()) {
    if (!flags.Has("rules")) return UsageError(cmd, opts.status().message(), err);
    return Fail(cmd, opts.status().message(), err);
  }
  absl::StatusOr<std::unique_ptr<const RuleSet>> rules = LoadRuleFile(opts->rules_path);
  if (!rules.ok()) {
    err << rules.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<FollowerSnapshot> snap = ReadFollower(flags, &opts->notes);
  if (!snap.ok()) {
    err << snap.status().message() << "\n";
    return 2;
  }
  return JudgeSnapshot(**rules, *snap, *opts, InputName(flags), out, err);
}

}  // namespace dupready
