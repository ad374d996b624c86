// Copyright 2026 The dupready Authors.
//
// scratch.h: the working memory of evaluation, kept per thread and reused across checks.
//
//   thread_local EvalScratch scratch;  // one per thread
//   Verdict verdict;
//   rules->Check(facts, &scratch, &verdict);
//
// Its contents belong to the evaluator; callers only create, keep and pass it.

#ifndef DUPREADY_ENGINE_EVAL_SCRATCH_H_
#define DUPREADY_ENGINE_EVAL_SCRATCH_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/eval/facts.h"
#include "engine/eval/verdict.h"

namespace dupready {

// A register: which member is live is known from the program, never stored.
union EvalValue {
  int64_t i;
  const AddressFact* addr;
  struct Str {
    const char* p;
    size_t n;
  } s;
  struct List {
    int32_t begin;
    int32_t count;
    bool partitions;
  } list;
};

struct BlockRegisters;  // the partition filter's lanes (block_eval.h, private to the evaluator)

// Room for one BlockRegisters inside every EvalScratch, so a scratch never allocates for the
// filter's lanes; eval_run.cc checks at compile time that they fit.
inline constexpr size_t kBlockRegistersBytes = 12800;
inline constexpr size_t kBlockRegistersAlign = 16;

// Per-thread working memory. Reusing one across calls makes evaluation allocation-free once
// it has grown to the program's size. Not thread-safe: one per thread.
class EvalScratch {
 public:
  EvalScratch();
  ~EvalScratch();
  EvalScratch(EvalScratch&&) noexcept;
  EvalScratch& operator=(EvalScratch&&) noexcept;

 private:
  friend class EvalRun;
  std::vector<EvalValue> regs_;
  std::vector<uint8_t> active_;     // per rule: in scope for this check
  std::vector<int32_t> touched_;    // rules with failures in collect mode
  std::vector<RuleFailures> collected_;
  BlockRegisters* block();
  alignas(kBlockRegistersAlign) unsigned char block_[kBlockRegistersBytes];  // a BlockRegisters
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_SCRATCH_H_
