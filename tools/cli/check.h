// Copyright 2026 The dupready Authors.
//
// check.h: `dupready check`, judging one follower snapshot with a rule file, and the judging
// and printing that `probe` shares with it.
//
//   dupready check --rules rules/default.rules --input follower.json [--format text|json]
//                  [--explain [--partition N]] [--map]
//
// Exit codes: 0 ready, 1 not ready, 2 usage errors and unreadable or invalid rules or input.

#ifndef DUPREADY_TOOLS_CLI_CHECK_H_
#define DUPREADY_TOOLS_CLI_CHECK_H_

#include <cstdint>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/rule_set.h"
#include "engine/snapshot/snapshot.pb.h"
#include "tools/cli/context_check.h"
#include "tools/cli/flags.h"

namespace dupready {

// Runs `check` with `args` (the words after "check"); writes results to `out` and problems
// to `err`; returns the exit code.
int RunCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

extern const char kCheckUsage[];

// How a verdict is asked for and printed; shared by `check` and `probe`.
struct JudgeOptions {
  std::string command = "check";  // for messages: "dupready check: ..."
  std::string rules_path;
  std::string format = "text";  // "text" or "json"
  bool explain = false;         // print a trace of one partition instead of the verdict
  int64_t partition = -1;       // with explain: the pidx to trace (-1: the first failing one)
  bool map = false;             // text: draw the partition map even when ready
  std::vector<std::string> notes;  // said with the verdict: what the input's form could not show
};

// The flags JudgeOptions come from: --rules --format --partition (with a value), --explain
// --map (switches). Add them to a command's Flags.
extern const char* const kJudgeValueFlags[];
extern const char* const kJudgeSwitches[];

// Reads JudgeOptions from parsed flags. InvalidArgument (a usage error) when --rules is
// missing, --format is not text or json, or --partition is bad or given without --explain.
absl::StatusOr<JudgeOptions> ParseJudgeFlags(const Flags& flags);

// Loads opts.rules_path from disk (the message of an error renders every issue).
absl::StatusOr<std::unique_ptr<const RuleSet>> LoadRuleFile(const std::string& path);

// A follower judged: the verdict and the facts it came from (for the partition map).
struct Judgement {
  Verdict verdict;
  FollowerFacts facts;
};

// The snapshot's facts and the verdict of `rules` on them: the one evaluation `check`, `probe`
// and `doctor` share. InvalidArgument when the snapshot cannot be made into facts;
// FailedPrecondition, whose message (context_check.h, ending in a newline) says how to give
// them per `hint`, when the rules decide on context values the snapshot does not give.
absl::StatusOr<Judgement> Judge(const RuleSet& rules, const FollowerSnapshot& snap,
                                ContextHint hint = CheckFlagFor);

// Whether a text verdict ends with the partition map: when not ready (or `map` is set), the
// partitions were judged (not a table-level failure) and there are some.
bool DrawsPartitionMap(const Judgement& j, bool map);

// Judges `snap` with `rules` and prints the verdict (or the trace) as `check` does; text
// output of a table that is not ready (or with opts.map) ends with the partition map.
// Refuses (exit 2, context_check.h) when the rules decide on a context value `snap` does not
// give. Returns the exit code: 0 ready, 1 not ready, 2 when the snapshot cannot be judged.
int JudgeSnapshot(const RuleSet& rules, const FollowerSnapshot& snap, const JudgeOptions& opts,
                  const std::string& input_name, std::ostream& out, std::ostream& err);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_CHECK_H_
