// Copyright 2026 The dupready Authors.
//
// regex_pool.h: the regular expressions of a rule set, each pattern compiled once, within a
// memory budget for the whole set.
//
//   RegexPool pool;
//   std::string error;
//   int i = pool.Add("^temp_", limits, &error);  // -1: `error` says why
//   bool m = RE2::PartialMatch(host, pool[i]);
//
// RE2 may use up to the max_mem it is compiled with for one pattern: its program and the DFA
// caches that matching fills. So a pattern is compiled with as little as its program needs to
// match at DFA speed (about 1 KiB per instruction), in tiers of 32 KiB, 256 KiB and
// Limits::max_regex_memory, and keeps that amount. Every compile attempt is charged against
// Limits::max_regex_memory_total before it runs, the ones that fail as well: the charge
// bounds both the memory the patterns hold (at most memory() <= charged()) and the time
// compiling them takes, which grows with the memory tried.

#ifndef DUPREADY_ENGINE_CHECKER_REGEX_POOL_H_
#define DUPREADY_ENGINE_CHECKER_REGEX_POOL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/common/limits.h"
#include "re2/re2.h"

namespace dupready {

class RegexPool {
 public:
  // The tiers of RE2 memory a pattern is compiled with (the last is Limits::max_regex_memory).
  static constexpr int64_t kSmallTier = 32 << 10;
  static constexpr int64_t kMediumTier = 256 << 10;
  // RE2 memory a pattern needs per instruction of its program to match at DFA speed.
  static constexpr int64_t kBytesPerInstruction = 1 << 10;

  // The index of `pattern`, compiled now or before. -1 when it does not compile ("bad regular
  // expression: ...") or the set's budget is spent; `error` then says which, or is empty when
  // the budget was found spent before (it is reported once).
  int Add(const std::string& pattern, const Limits& limits, std::string* error);

  size_t size() const { return patterns_.size(); }
  const RE2& operator[](size_t i) const { return *patterns_[i]; }
  // The RE2 memory the patterns kept are compiled with, together.
  int64_t memory() const { return memory_; }
  // The RE2 memory of every compile attempt, together (what the budget bounds).
  int64_t charged() const { return charged_; }

  // Hands the compiled patterns over (indices unchanged) and empties the pool.
  std::vector<std::unique_ptr<const RE2>> Release();

 private:
  std::vector<std::unique_ptr<const RE2>> patterns_;
  // Not absl::flat_hash_map: it is left corrupt when an allocation fails while it grows.
  std::unordered_map<std::string, int> index_;
  int64_t memory_ = 0;
  int64_t charged_ = 0;
  bool exhausted_ = false;  // a pattern was refused for the budget: so is every later one
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_CHECKER_REGEX_POOL_H_
