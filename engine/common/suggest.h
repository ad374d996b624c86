// Copyright 2026 The dupready Authors.
//
// suggest.h: "did you mean 'x'?" for misspelled names (keys, facts, options).

#ifndef DUPREADY_ENGINE_COMMON_SUGGEST_H_
#define DUPREADY_ENGINE_COMMON_SUGGEST_H_

#include <string>
#include <string_view>

#include "absl/types/span.h"

namespace dupready {

// Returns the edit distance between `a` and `b`, counting insertions, deletions, substitutions
// and swaps of two adjacent characters as one edit each (optimal string alignment). Bytes are
// compared exactly. Stops early and returns a value > `limit` once the distance is known to
// exceed `limit`.
int EditDistance(std::string_view a, std::string_view b, int limit);

// Returns the candidate closest to `word` if it is within max(1, word.size() / 3) edits, else
// "". Ties go to the earlier candidate; an exact match wins. Empty words get no suggestion.
// Cost is O(|word| * |candidate|) per candidate whose length is close enough to matter.
std::string Suggest(std::string_view word, absl::Span<const std::string_view> candidates);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_SUGGEST_H_
