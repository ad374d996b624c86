// Copyright 2026 The dupready Authors.
//
// reply_paths.h: the ways from a follower's reply to a verdict that the benchmark times and
// bench_smoke_test checks, one function or class each, so both run the same code.
//
//   Pegasus's path:   bytes --generated Thrift code--> query_cfg_response --CheckDecoded--> verdict
//   dupready's path:  bytes --PluginChecker::Check (what dupready_check runs)--> verdict
//   from the struct:  query_cfg_response --ReplyFactsBuilder + RuleSet::Check--> verdict
//                     (partition indices checked between the two, as the plugin does)
//
//   absl::StatusOr<std::unique_ptr<PluginPath>> plugin = PluginPath::Open(kind, files);
//   const Verdict& v = (*plugin)->Check(dup, bytes);
//   pegasus_wire::query_cfg_response reply;
//   if (GeneratedDecode(bytes, &reply)) CheckResult r = CheckDecoded(kind, n, "ERR_OK", reply);

#ifndef DUPREADY_TOOLS_BENCH_REPLY_PATHS_H_
#define DUPREADY_TOOLS_BENCH_REPLY_PATHS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "engine/eval/scratch.h"
#include "engine/eval/facts.h"
#include "engine/eval/verdict.h"
#include "engine/rule_set.h"
#include "meta_integration/plugin/plugin_checker.h"
#include "meta_integration/plugin/reply_facts.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "tools/bench/engine_rules.h"
#include "tools/bench/handwritten.h"

namespace dupready {
namespace bench {

// Pegasus's decode: the generated code reads `bytes` through Thrift's binary protocol into
// `*reply` (assigned whole), with no bounds walk first (Pegasus has none). false when Thrift
// throws. For the benchmark's own, well-formed replies; not for untrusted bytes.
bool GeneratedDecode(const std::string& bytes, pegasus_wire::query_cfg_response* reply);

// dupready's plugin path without the C boundary: PluginChecker::Check with one reused
// CheckScratch, exactly what dupready_check runs between its argument checks and copying
// the verdict out. Rules are served from memory.
class PluginPath {
 public:
  static absl::StatusOr<std::unique_ptr<PluginPath>> Open(RuleSetKind kind,
                                                           const RuleFiles& files);
  // The verdict on `bytes` (a reply to an ERR_OK call); valid until the next Check.
  const Verdict& Check(const DupContextView& dup, const std::string& bytes);

 private:
  explicit PluginPath(std::unique_ptr<PluginChecker> checker) : checker_(std::move(checker)) {}
  std::unique_ptr<PluginChecker> checker_;
  CheckScratch scratch_;
};

// Facts built from an already decoded reply, then the rules: ReplyFactsBuilder::Build,
// CheckPartitionIndices (as the plugin runs it) and RuleSet::Check, with the builder, facts,
// scratch and verdict reused.
class DecodedEnginePath {
 public:
  explicit DecodedEnginePath(const RuleSet* rules) : rules_(rules) {}
  // Facts only (for the breakdown of this path's cost); false when Build or the partition
  // index check refuses the reply.
  bool BuildFacts(const DupContextView& dup, const pegasus_wire::query_cfg_response& reply);
  // Facts, then the verdict; valid until the next call.
  const Verdict& Check(const DupContextView& dup, const pegasus_wire::query_cfg_response& reply);

 private:
  const RuleSet* rules_;
  ReplyFactsBuilder builder_;
  FollowerFacts facts_;
  EvalScratch scratch_;
  Verdict verdict_;
};

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_REPLY_PATHS_H_
