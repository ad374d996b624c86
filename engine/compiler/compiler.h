// Copyright 2026 The dupready Authors.
//
// compiler.h: turns checked, merged rules into a Program (see program.h).
//
// Conditions compile to compare-and-branch code; facts to slot loads; the shapes rules use
// most ("slot op constant", "slot op slot", all(secondaries, s, s.valid)) to single fused
// instructions. Registers are allocated like a stack, so a program needs at most a few
// registers per level of expression depth.

#ifndef DUPREADY_ENGINE_COMPILER_COMPILER_H_
#define DUPREADY_ENGINE_COMPILER_COMPILER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "engine/compiler/program.h"
#include "engine/loader/loader.h"

namespace dupready {

// Compiles `rules` (consumed: the compiled regular expressions move into the program).
// Fails only when a program exceeds an internal bound (registers, code size).
absl::StatusOr<std::unique_ptr<Program>> Compile(MergedRules rules);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMPILER_COMPILER_H_
