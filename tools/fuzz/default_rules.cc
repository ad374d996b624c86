// The shipped default rules for fuzzers, and the verdict invariant checked with them.
#include "engine/testing/files.h"
#include "tools/fuzz/default_rules.h"

#include "engine/testing/follower.h"

namespace dupready {
namespace fuzz {

const RuleSet& DefaultRules() {
  static const RuleSet* rules = [] {
    auto r = RuleSet::Load("rules/default.rules", testing::ReadTestFile);
    if (!r.ok()) __builtin_trap();
    return r->release();
  }();
  return *rules;
}

void JudgeWithDefaultRules(const FollowerFacts& facts) {
  const Verdict v = DefaultRules().Check(facts);
  if (!v.ready && v.error == "ERR_OK") __builtin_trap();  // a failure must never read as success
}

}  // namespace fuzz
}  // namespace dupready
