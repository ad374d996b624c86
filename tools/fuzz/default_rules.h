// Copyright 2026 The dupready Authors.
//
// default_rules.h (fuzzers only): the shipped default rules, loaded once, and the judgement
// every fuzzer that builds facts makes with them: a verdict that is not ready never reads as
// success. A broken invariant traps, which libFuzzer and the corpus replay report.
//
//   FollowerFacts facts;
//   if (BuildFacts(*snapshot, &facts).ok()) JudgeWithDefaultRules(facts);

#ifndef DUPREADY_TOOLS_FUZZ_DEFAULT_RULES_H_
#define DUPREADY_TOOLS_FUZZ_DEFAULT_RULES_H_

#include "engine/rule_set.h"

namespace dupready {
namespace fuzz {

// rules/default.rules (a data dependency of the fuzzer); traps when it does not load.
const RuleSet& DefaultRules();

// Checks `facts` with DefaultRules(); traps when the verdict is not ready but says ERR_OK.
void JudgeWithDefaultRules(const FollowerFacts& facts);

}  // namespace fuzz
}  // namespace dupready

#endif  // DUPREADY_TOOLS_FUZZ_DEFAULT_RULES_H_
