// Copyright 2026 The dupready Authors.
//
// block_eval.h (internal to the evaluator): runs the partition filter (program.h) over one
// block of partitions. evaluator.cc calls it before the kernel: partitions it proves passing
// are skipped, the others go through the exact kernel one by one.

#ifndef DUPREADY_ENGINE_EVAL_BLOCK_EVAL_H_
#define DUPREADY_ENGINE_EVAL_BLOCK_EVAL_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/compiler/program.h"
#include "engine/eval/facts.h"

namespace dupready {

// Lane registers, kBlockLanes per register; grown on first use and then reused.
struct BlockRegisters {
  std::vector<int64_t> values;
  std::vector<uint8_t> masks;
  std::vector<std::string_view> strings;
  uint8_t alive[kBlockLanes];      // lanes still to prove: not accepted by a `suffices`, not failed
  uint8_t failed[kBlockLanes];     // lanes the filter could not prove passing
  int32_t slots[16][kBlockLanes];  // the slots the filter reads, one column each
  // Facts several rules read, gathered on first use in a block and then copied.
  int64_t wide[2][kBlockLanes];  // ballot, last_committed_decree
  std::string_view primary_host[kBlockLanes];
  bool wide_ready[2] = {false, false};
  bool primary_host_ready = false;
};

// Decides, for one partition, a rule the filter cannot compute lane-wise (kGeneral).
class GeneralRules {
 public:
  enum class Outcome { kPass, kFail, kAccept };
  virtual Outcome Decide(int rule, int partition) = 0;

 protected:
  ~GeneralRules() = default;
};

// Runs the partition filter of `program` over the partitions [begin, begin + count) and returns
// how many of them it could not prove to pass the partition kernel; regs->failed[i] is 1 for
// those (partition begin + i), which the kernel must then decide, and 0 for proven ones.
// `active`: per rule, whether it is in scope for this check, or nullptr when every rule is.
// REQUIRES: program.partition_filter.enabled, 0 < count <= kBlockLanes.
int BlockUnproven(const Program& program, const FollowerFacts& facts, const uint8_t* active,
                  int begin, int count, BlockRegisters* regs, GeneralRules* general);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_BLOCK_EVAL_H_
