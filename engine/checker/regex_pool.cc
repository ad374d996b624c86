// Compiles each distinct pattern once, in the smallest RE2 memory tier its program matches
// fast in, charging every attempt against the rule set's budget.
#include "engine/checker/regex_pool.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace dupready {

int RegexPool::Add(const std::string& pattern, const Limits& limits, std::string* error) {
  if (auto it = index_.find(pattern); it != index_.end()) return it->second;
  const int64_t top = limits.max_regex_memory;
  std::vector<int64_t> tiers;
  for (int64_t t : {kSmallTier, kMediumTier})
    if (t < top) tiers.push_back(t);
  tiers.push_back(top);

  std::unique_ptr<const RE2> kept;
  int64_t kept_tier = 0;
  for (size_t i = 0; i < tiers.size(); ++i) {
    const int64_t tier = tiers[i];
    if (exhausted_ || charged_ + tier > limits.max_regex_memory_total) {
      // Reported once: every later pattern is refused for the same reason.
      *error = exhausted_ ? ""
                          : absl::StrCat("the regular expressions of this rule set need more "
                                         "than ", limits.max_regex_memory_total,
                                         " bytes of RE2 memory together (compiling this one "
                                         "would bring them to ", charged_ + tier,
                                         "); this pattern and every later one are refused; use "
                                         "fewer or simpler patterns");
      exhausted_ = true;
      return -1;
    }
    charged_ += tier;
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(tier);
    auto re = std::make_unique<const RE2>(pattern, options);
    if (!re->ok()) {
      // Too large for this tier: try the next one; any other error is the pattern's.
      if (re->error_code() == RE2::ErrorPatternTooLarge && i + 1 < tiers.size()) continue;
      std::string what = re->error();
      if (!re->error_arg().empty() && what.find(re->error_arg()) == std::string::npos)
        what = absl::StrCat(what, " at '", re->error_arg(), "'");
      *error = absl::StrCat("bad regular expression: ", what);
      return -1;
    }
    const int64_t wanted = static_cast<int64_t>(re->ProgramSize()) * kBytesPerInstruction;
    kept = std::move(re);
    kept_tier = tier;
    // Enough room to match at DFA speed, or no larger tier: keep it. Otherwise skip to the
    // first tier with room (the ones between would be too small too).
    if (wanted <= tier || i + 1 == tiers.size()) break;
    while (i + 2 < tiers.size() && tiers[i + 1] < wanted) ++i;
  }
  memory_ += kept_tier;
  const int index = static_cast<int>(patterns_.size());
  patterns_.push_back(std::move(kept));
  index_.emplace(pattern, index);
  return index;
}

std::vector<std::unique_ptr<const RE2>> RegexPool::Release() {
  index_.clear();
  memory_ = 0;
  return std::move(patterns_);
}

}  // namespace dupready
