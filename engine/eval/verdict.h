// Copyright 2026 The dupready Authors.
//
// verdict.h: what a readiness check concludes, and why.

#ifndef DUPREADY_ENGINE_EVAL_VERDICT_H_
#define DUPREADY_ENGINE_EVAL_VERDICT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dupready {

// All the partitions one rule failed on (bounded), for the explanation.
struct RuleFailures {
  std::string rule;
  std::string error;                // the Pegasus error name the rule gives
  int64_t count = 0;                // partitions that failed it (1 for a table rule)
  std::vector<int32_t> partitions;  // the first few, in order; empty for a table rule
  std::string message;              // rendered at the first failing partition
};

struct Verdict {
  bool ready = false;
  std::string error = "ERR_OK";  // Pegasus error name; ERR_OK when ready
  std::string rule;              // the deciding rule; empty when ready
  int32_t partition = -1;        // pidx of the first failing partition; -1 for table rules
  std::string message;           // the deciding rule's message
  std::vector<RuleFailures> failures;  // every failing rule, in rule order
  int64_t partitions_checked = 0;

  // Empties the verdict (ready, ERR_OK) keeping the buffers' capacity.
  void Reset();
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_VERDICT_H_
