// Copyright 2026 The dupready Authors.
//
// limits.h: the bounds every rule file is checked against when it loads. Together they bound
// the cost of any evaluation by (rules x partitions x replicas): the language has no loops,
// recursion or user functions, and these keep each rule finite and small.

#ifndef DUPREADY_ENGINE_COMMON_LIMITS_H_
#define DUPREADY_ENGINE_COMMON_LIMITS_H_

#include <cstdint>

namespace dupready {

struct Limits {
  int64_t max_file_bytes = 8 << 20;    // one rule file
  int max_files = 32;                  // files reached through `extend`, the root included
  int max_extend_depth = 8;            // a extends b extends c ...
  int max_rules = 200000;              // rules in force after overlays
  int max_expr_depth = 32;             // height of any expression tree (as CEL)
  int max_quantifier_nesting = 2;      // all(.., x, any(.., y, ..)) is 2
  int max_template_bytes = 1024;       // a message template, as written
  int64_t max_regex_memory = 1 << 20;  // RE2 max_mem for one pattern
  int max_errors = 50;                 // stop reporting after this many
  int max_failures_listed = 16;        // partitions listed per failing rule in a verdict
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_LIMITS_H_
