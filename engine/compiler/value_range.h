// Copyright 2026 The dupready Authors.
//
// value_range.h (internal to engine/compiler): the interval of values an integer register of
// the partition filter may hold in any lane. Arithmetic whose result interval fits in int64
// (and that cannot divide by zero) compiles to plain, vectorisable operations.
//
//   Range x{0, 100}, y{1, 5};
//   Range z = ArithRange(ArithOp::kDiv, x, y);  // {-100, 100}: cannot fail
//   if (z.lo > z.hi || !z.Fits()) ...            // may fail: keep the checked form

#ifndef DUPREADY_ENGINE_COMPILER_VALUE_RANGE_H_
#define DUPREADY_ENGINE_COMPILER_VALUE_RANGE_H_

#include <cstdint>

#include "engine/compiler/program.h"

namespace dupready {
namespace compiler_internal {

struct Range {
  __int128 lo, hi;
  bool Fits() const { return lo >= INT64_MIN && hi <= INT64_MAX; }
  bool Has(__int128 v) const { return lo <= v && v <= hi; }
};
inline constexpr Range kAnyInt{INT64_MIN, INT64_MAX};
inline constexpr Range kSlotRange{INT32_MIN, INT32_MAX};  // slots are int32

inline bool FitsInt32(const Range& r) { return r.lo >= INT32_MIN && r.hi <= INT32_MAX; }

// Constants this small added to an int32 slot can never overflow int64, in the kernel or in
// the partition filter.
inline constexpr int64_t kSmall = int64_t{1} << 60;
inline bool IsSmall(int64_t k) { return -kSmall < k && k < kSmall; }

// The range of `x op y` when it cannot fail, else an empty range {lo > hi}.
Range ArithRange(ArithOp op, const Range& x, const Range& y);

}  // namespace compiler_internal
}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMPILER_VALUE_RANGE_H_
