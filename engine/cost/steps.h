// Copyright 2026 The dupready Authors.
//
// steps.h: what one evaluation step is, shared by the cost model (cost.h), which estimates
// steps before anything runs, and the evaluator's explain path, which counts the steps a rule
// took on one partition with the same weights.
//
//   int64_t steps = 1 + StringSteps(a.size());  // comparing two strings

#ifndef DUPREADY_ENGINE_COST_STEPS_H_
#define DUPREADY_ENGINE_COST_STEPS_H_

#include <cstdint>

namespace dupready {

// The weights are calibrated (tools/bench/cost_bench) so that a step takes at most about a
// nanosecond and a half on the reference machine, whatever the construct.
//
// Steps a rule costs on top of its guard and condition: entering it, deciding, recording a
// failure.
inline constexpr int64_t kRuleOverheadSteps = 8;
// Steps one iteration of a quantifier costs on top of its condition.
inline constexpr int64_t kLoopStepSteps = 4;
// Steps min() and max() cost per item on top of a quantifier's: comparing the item with the
// value so far and keeping it.
inline constexpr int64_t kKeepStepSteps = 4;
// Steps sum(), min() and max() cost once: setting up, and min's and max's empty-list test.
inline constexpr int64_t kAggregateSteps = 8;
// Steps a regular-expression match costs before its first byte.
inline constexpr int64_t kMatchSetupSteps = 16;
// Steps per byte of text and instruction of the pattern's program.
inline constexpr int64_t kMatchStepsPerByteInstruction = 1;
// Steps contains(a, b) costs per byte of `a` (a search that restarts at each byte), on top of
// comparing `b` there.
inline constexpr int64_t kContainsStepsPerByte = 8;
// Bytes of string work (copying, comparing) per step.
inline constexpr int64_t kBytesPerStep = 16;
// Steps every check costs whatever its rules (the verdict, the scratch).
inline constexpr int64_t kCheckOverheadSteps = 1000;

// Steps for `bytes` bytes of string work, rounded up.
inline int64_t StringSteps(int64_t bytes) { return (bytes + kBytesPerStep - 1) / kBytesPerStep; }

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COST_STEPS_H_
