// Picks the nearest name by edit distance (optimal string alignment) for "did you mean"
// messages.
#include "engine/common/suggest.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace dupready {

int EditDistance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  // Three rolling rows: the one before last (for swaps), the last and the current.
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d = std::min(d, prev2[j - 2] + 1);
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return limit + 1;  // every later row is at least this large
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

std::string Suggest(std::string_view word, absl::Span<const std::string_view> candidates) {
  if (word.empty()) return "";
  const int limit = std::max(1, static_cast<int>(word.size()) / 3);
  int best = limit + 1;
  std::string_view best_word;
  for (std::string_view c : candidates) {
    if (c.empty()) continue;
    const int d = EditDistance(word, c, best - 1);  // only a strictly closer one matters
    if (d < best) {
      best = d;
      best_word = c;
      if (d == 0) break;
    }
  }
  return best <= limit ? std::string(best_word) : std::string();
}

}  // namespace dupready
