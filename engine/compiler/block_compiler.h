// Copyright 2026 The dupready Authors.
//
// block_compiler.h (internal to engine/compiler): compiles the partition rules a second time,
// into the partition filter the evaluator runs over blocks of partitions (program.h).

#ifndef DUPREADY_ENGINE_COMPILER_BLOCK_COMPILER_H_
#define DUPREADY_ENGINE_COMPILER_BLOCK_COMPILER_H_

#include <utility>
#include <vector>

#include "engine/compiler/program.h"
#include "engine/loader/loader.h"

namespace dupready {

// `rules`: the partition rules in kernel order, each with its index in Program::rules. Every
// rule becomes lane-wise code ending in kRequire/kSuffices, or one kGeneral. The filter is
// enabled when at least one rule is lane-wise.
BlockFilter CompilePartitionFilter(const std::vector<std::pair<int, const MergedRule*>>& rules);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMPILER_BLOCK_COMPILER_H_
