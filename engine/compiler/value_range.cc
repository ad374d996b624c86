// Interval arithmetic over the values of the partition filter's integer registers.
#include "engine/compiler/value_range.h"

#include <algorithm>

namespace dupready {
namespace compiler_internal {
namespace {

__int128 Abs(__int128 v) { return v < 0 ? -v : v; }

}  // namespace

Range ArithRange(ArithOp op, const Range& x, const Range& y) {
  const Range none{1, 0};
  switch (op) {
    case ArithOp::kAdd:
      return Range{x.lo + y.lo, x.hi + y.hi};
    case ArithOp::kSub:
      return Range{x.lo - y.hi, x.hi - y.lo};
    case ArithOp::kMul: {
      const __int128 p[] = {x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi};
      return Range{*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
    }
    case ArithOp::kDiv:
    case ArithOp::kMod: {
      if (y.Has(0) || (x.Has(INT64_MIN) && y.Has(-1))) return none;
      const __int128 m = std::max(Abs(x.lo), Abs(x.hi));
      if (op == ArithOp::kDiv) return Range{-m, m};
      const __int128 d = std::max(Abs(y.lo), Abs(y.hi)) - 1;
      return Range{x.lo < 0 ? -std::min(m, d) : 0, x.hi > 0 ? std::min(m, d) : 0};
    }
  }
  return none;
}

}  // namespace compiler_internal
}  // namespace dupready
