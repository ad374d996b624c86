// Copyright 2026 The dupready Authors.
//
// block_lanes.h (internal to the evaluator): the lane loops the partition filter's interpreter
// (block_eval.cc) is built from: comparisons and arithmetic specialised per operator, and
// loops whose registers are declared not to overlap, so that the compiler vectorises them.

#ifndef DUPREADY_ENGINE_EVAL_BLOCK_LANES_H_
#define DUPREADY_ENGINE_EVAL_BLOCK_LANES_H_

#include <cstdint>
#include <type_traits>

#include "engine/compiler/program.h"

namespace dupready {
namespace block_lanes {

// x cmp y, for a comparison known when the loop is compiled.
template <Cmp C, typename T>
inline bool CompareAs(T x, T y) {
  if constexpr (C == Cmp::kEq) return x == y;
  if constexpr (C == Cmp::kNe) return x != y;
  if constexpr (C == Cmp::kLt) return x < y;
  if constexpr (C == Cmp::kLe) return x <= y;
  if constexpr (C == Cmp::kGt) return x > y;
  return x >= y;
}

// Calls fn(std::integral_constant<Cmp, c>): one specialised loop per comparison.
template <typename Fn>
inline void WithCmp(uint8_t c, Fn&& fn) {
  switch (static_cast<Cmp>(c)) {
    case Cmp::kEq:
      fn(std::integral_constant<Cmp, Cmp::kEq>());
      break;
    case Cmp::kNe:
      fn(std::integral_constant<Cmp, Cmp::kNe>());
      break;
    case Cmp::kLt:
      fn(std::integral_constant<Cmp, Cmp::kLt>());
      break;
    case Cmp::kLe:
      fn(std::integral_constant<Cmp, Cmp::kLe>());
      break;
    case Cmp::kGt:
      fn(std::integral_constant<Cmp, Cmp::kGt>());
      break;
    case Cmp::kGe:
      fn(std::integral_constant<Cmp, Cmp::kGe>());
      break;
  }
}

// As the interpreter's arithmetic: false on overflow or division by zero.
inline bool ArithLane(ArithOp op, int64_t x, int64_t y, int64_t* out) {
  switch (op) {
    case ArithOp::kAdd:
      return !__builtin_add_overflow(x, y, out);
    case ArithOp::kSub:
      return !__builtin_sub_overflow(x, y, out);
    case ArithOp::kMul:
      return !__builtin_mul_overflow(x, y, out);
    case ArithOp::kDiv:
    case ArithOp::kMod:
      if (y == 0 || (x == INT64_MIN && y == -1)) return false;
      *out = op == ArithOp::kDiv ? x / y : x % y;
      return true;
  }
  return false;
}

// Calls fn(std::integral_constant<ArithOp, op>): one specialised loop per operation.
template <typename Fn>
inline void WithArith(uint8_t op, Fn&& fn) {
  switch (static_cast<ArithOp>(op)) {
    case ArithOp::kAdd:
      fn(std::integral_constant<ArithOp, ArithOp::kAdd>());
      break;
    case ArithOp::kSub:
      fn(std::integral_constant<ArithOp, ArithOp::kSub>());
      break;
    case ArithOp::kMul:
      fn(std::integral_constant<ArithOp, ArithOp::kMul>());
      break;
    case ArithOp::kDiv:
      fn(std::integral_constant<ArithOp, ArithOp::kDiv>());
      break;
    case ArithOp::kMod:
      fn(std::integral_constant<ArithOp, ArithOp::kMod>());
      break;
  }
}

// Arithmetic the compiler proved cannot overflow or divide by zero (BlockInsn::checked == 0).
template <ArithOp O, typename T>
inline T Plain(T x, T y) {
  if constexpr (O == ArithOp::kAdd) return x + y;
  if constexpr (O == ArithOp::kSub) return x - y;
  if constexpr (O == ArithOp::kMul) return x * y;
  if constexpr (O == ArithOp::kDiv) return x / y;
  return x % y;
}

// v[i] = v[i] op y[i] (y: another register) or v[i] op k (y: nullptr), computed in T: the
// compiler proved the operation cannot fail (BlockInsn::checked 0, or 2 for 32-bit division).
template <ArithOp O, typename T>
inline void PlainLanes(int n, int64_t* __restrict v, const int64_t* __restrict y, int64_t k) {
  if (y == nullptr) {
    for (int i = 0; i < n; ++i) v[i] = Plain<O, T>(static_cast<T>(v[i]), static_cast<T>(k));
  } else {
    for (int i = 0; i < n; ++i) v[i] = Plain<O, T>(static_cast<T>(v[i]), static_cast<T>(y[i]));
  }
}

// v[i] = x[i] op (y ? y[i] : k) for every lane; checked: failing lanes go into err.
inline void ArithLanes(const BlockInsn& in, int n, int64_t* v, const int64_t* x, const int64_t* y,
                       int64_t k, uint8_t* err) {
  if (in.checked != 1 && v == x && y != v) {  // in place, as the compiler emits it
    WithArith(in.cmp, [&](auto o) {
      if (in.checked == 2) {
        PlainLanes<decltype(o)::value, int32_t>(n, v, y, k);
      } else {
        PlainLanes<decltype(o)::value, int64_t>(n, v, y, k);
      }
    });
    return;
  }
  const ArithOp op = static_cast<ArithOp>(in.cmp);
  for (int i = 0; i < n; ++i) {
    int64_t r = 0;
    const bool ok = ArithLane(op, x[i], y ? y[i] : k, &r);
    v[i] = ok ? r : 0;
    if (in.checked == 1) err[i] |= !ok;
  }
}

// Lane loops over registers that do not overlap (different register files, or a destination
// that is not an operand): __restrict lets the compiler vectorise them without run-time
// overlap checks, which cost as much as the loop for small blocks.
template <typename Out, typename X, typename F>
inline void Lanes1(int n, Out* __restrict out, const X* __restrict x, F f) {
  for (int i = 0; i < n; ++i) out[i] = f(x[i]);
}
template <typename Out, typename X, typename Y, typename F>
inline void Lanes2(int n, Out* __restrict out, const X* __restrict x, const Y* __restrict y, F f) {
  for (int i = 0; i < n; ++i) out[i] = f(x[i], y[i]);
}
// out[i] = f(out[i], y[i]): an instruction whose destination is its first operand.
template <typename Out, typename Y, typename F>
inline void Update(int n, Out* __restrict out, const Y* __restrict y, F f) {
  for (int i = 0; i < n; ++i) out[i] = f(out[i], y[i]);
}

// A requirement over the lanes still alive: the failing ones (guard g holds and condition c
// does not, or an error e) leave `alive` for `failed`. Returns whether any failed.
inline uint8_t RequireLanes(int n, uint8_t* __restrict alive, uint8_t* __restrict failed,
                            const uint8_t* __restrict g, const uint8_t* __restrict c,
                            const uint8_t* __restrict e) {
  uint8_t any = 0;
  for (int i = 0; i < n; ++i) {
    const uint8_t bad = alive[i] & ((g[i] & (c[i] ^ 1)) | e[i]);
    failed[i] |= bad;
    alive[i] &= bad ^ 1;
    any |= bad;
  }
  return any;
}

// The same for a final rule after a `suffices` (the floor): the lanes judged are every lane not
// failed yet, the accepted ones included.
inline uint8_t RequireFloorLanes(int n, uint8_t* __restrict alive, uint8_t* __restrict failed,
                                 const uint8_t* __restrict g, const uint8_t* __restrict c,
                                 const uint8_t* __restrict e) {
  uint8_t any = 0;
  for (int i = 0; i < n; ++i) {
    const uint8_t bad = (failed[i] ^ 1) & ((g[i] & (c[i] ^ 1)) | e[i]);
    failed[i] |= bad;
    alive[i] &= bad ^ 1;
    any |= bad;
  }
  return any;
}

// m = x op y for masks; the compiler emits dst == a (and b != dst), updated in place.
template <typename F>
inline void MaskOp(int n, uint8_t* m, const uint8_t* x, const uint8_t* y, F f) {
  if (m == x && y != m) {
    Update(n, m, y, f);
  } else {
    for (int i = 0; i < n; ++i) m[i] = f(x[i], y[i]);
  }
}

inline constexpr uint8_t kOnes[kBlockLanes] = {
#define DUPREADY_ONES16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
    DUPREADY_ONES16, DUPREADY_ONES16, DUPREADY_ONES16, DUPREADY_ONES16,
    DUPREADY_ONES16, DUPREADY_ONES16, DUPREADY_ONES16, DUPREADY_ONES16,
#undef DUPREADY_ONES16
};
inline constexpr uint8_t kZeros[kBlockLanes] = {};
static_assert(kBlockLanes == 128, "kOnes has 128 lanes");

inline bool AnyLane(const uint8_t* m, int n) {
  uint8_t any = 0;
  for (int i = 0; i < n; ++i) any |= m[i];
  return any != 0;
}

inline int Count(const uint8_t* m, int n) {
  int count = 0;
  for (int i = 0; i < n; ++i) count += m[i];
  return count;
}

}  // namespace block_lanes
}  // namespace dupready

#endif  // DUPREADY_ENGINE_EVAL_BLOCK_LANES_H_
