// The partition filter's interpreter: each instruction runs over a whole block of partitions,
// so dispatch costs once per block; tight per-lane loops do the work.
#include "engine/eval/block_eval.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "engine/eval/block_lanes.h"
#include "re2/re2.h"

namespace dupready {
namespace {

using namespace block_lanes;  // NOLINT: this file's building blocks

constexpr int L = kBlockLanes;

int64_t ContextInt(const FollowerFacts& f, int64_t field) {
  switch (static_cast<CtxField>(field)) {
    case CtxField::kPartitionCount:
      return f.partition_count;
    case CtxField::kRemoteReplicaCount:
      return f.remote_replica_count;
    case CtxField::kAppId:
      return f.app_id;
    case CtxField::kResponsePartitionCount:
      return f.response_partition_count;
    case CtxField::kIsStateful:
      return f.is_stateful;
    default:
      return 0;
  }
}

std::string_view ContextString(const FollowerFacts& f, int64_t field) {
  switch (static_cast<CtxField>(field)) {
    case CtxField::kAppName:
      return f.app_name;
    case CtxField::kRemoteClusterName:
      return f.remote_cluster_name;
    case CtxField::kRemoteAppName:
      return f.remote_app_name;
    case CtxField::kRpcErr:
      return f.rpc_err;
    case CtxField::kResponseErr:
      return f.response_err;
    default:
      return {};
  }
}

// a == b, inline: the strings rules compare (hosts, names) are short, and a call to memcmp
// per lane cost more than the comparison.
inline bool SameText(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}
inline bool SameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && SameText(a.data(), b.data(), a.size());
}

// starts_with (0), ends_with (1), contains (2), as the interpreter's kStrFunc.
inline bool StringFunction(uint32_t f, std::string_view s, std::string_view t) {
  if (f == 0) return s.size() >= t.size() && SameText(s.data(), t.data(), t.size());
  if (f == 1)
    return s.size() >= t.size() && SameText(s.data() + s.size() - t.size(), t.data(), t.size());
  return s.find(t) != std::string_view::npos;
}

// A quantifier's walk over one list of every lane: pass j visits item j of each lane that has
// one.
class ItemLoop {
 public:
  // Starts at item 0 of list 0 (secondaries) or 1 (last_drops); false when no lane has any.
  bool Begin(const BlockRegisters& regs, int n, int list) {
    begin_ = regs.slots[list == 0 ? kSlotSecondariesBegin : kSlotLastDropsBegin];
    count_ = regs.slots[list == 0 ? kSlotSecondaryCount : kSlotLastDropCount];
    max_ = 0;
    for (int i = 0; i < n; ++i) max_ = std::max(max_, count_[i]);
    j_ = 0;
    return max_ > 0;
  }
  bool Next() { return ++j_ < max_; }
  bool Has(int lane) const { return j_ < count_[lane]; }
  int32_t Index(int lane) const { return begin_[lane] + j_; }  // REQUIRES: Has(lane)

 private:
  const int32_t* begin_ = nullptr;  // slot columns
  const int32_t* count_ = nullptr;
  int32_t j_ = 0;
  int32_t max_ = 0;
};

}  // namespace

int BlockUnproven(const Program& program, const FollowerFacts& facts, const uint8_t* active,
                  int begin, int count, BlockRegisters* regs, GeneralRules* general) {
  const BlockFilter& filter = program.partition_filter;
  const size_t values = static_cast<size_t>(filter.value_registers) * L;
  const size_t masks = static_cast<size_t>(filter.mask_registers) * L;
  const size_t strings = static_cast<size_t>(filter.string_registers) * L;
  if (regs->values.size() < values) regs->values.resize(values);
  if (regs->masks.size() < masks) regs->masks.resize(masks);
  if (regs->strings.size() < strings) regs->strings.resize(strings);
  int64_t* const V = regs->values.data();
  uint8_t* const M = regs->masks.data();
  std::string_view* const S = regs->strings.data();
  uint8_t* const alive = regs->alive;
  uint8_t* const failed = regs->failed;
  uint8_t* const err = M;  // mask 0: lanes where the current rule hit an arithmetic error
  bool err_used = false;
  if (count <= 0) return 0;
  const int n = count;
  const PartitionFact* const part = facts.partitions.data() + begin;
  const PartitionWideFact* const wide = facts.wide.data() + begin;
  std::memset(alive, 1, n);
  std::memset(failed, 0, n);
  regs->wide_ready[0] = regs->wide_ready[1] = regs->primary_host_ready = false;
  std::memset(err, 0, n);
  ItemLoop loop;
  // One pass over each slot the filter reads: the facts are rows of 64 bytes, the lane loops
  // below read contiguous columns.
  for (uint32_t cols = filter.slot_columns; cols != 0; cols &= cols - 1) {
    const int s = __builtin_ctz(cols);
    int32_t* c = regs->slots[s];
#pragma GCC unroll 8
    for (int i = 0; i < n; ++i) c[i] = part[i].slot[s];
  }

  const BlockInsn* const code = filter.code.data();
  const size_t size = filter.code.size();
  for (size_t pc = 0; pc < size; ++pc) {
    const BlockInsn& in = code[pc];
    switch (in.op) {
      case BlockOp::kSlotCmpK: {
        uint8_t* m = M + in.dst * L;
        const int32_t* x = regs->slots[in.a];
        const int64_t k = in.k;
        if (k == static_cast<int32_t>(k)) {  // compare in 32 bits: the loop vectorises
          const int32_t k32 = static_cast<int32_t>(k);
          WithCmp(in.cmp, [&](auto c) {
            Lanes1(n, m, x, [k32](int32_t a) -> uint8_t {
              return CompareAs<decltype(c)::value, int32_t>(a, k32);
            });
          });
        } else {
          WithCmp(in.cmp, [&](auto c) {
            Lanes1(n, m, x, [k](int32_t a) -> uint8_t {
              return CompareAs<decltype(c)::value, int64_t>(a, k);
            });
          });
        }
        break;
      }
      case BlockOp::kSlotCmpSlot: {
        uint8_t* m = M + in.dst * L;
        const int32_t *x = regs->slots[in.a], *y = regs->slots[in.b];
        const int64_t k = in.k;
        if (k == 0) {
          WithCmp(in.cmp, [&](auto c) {
            Lanes2(n, m, x, y, [](int32_t a, int32_t b) -> uint8_t {
              return CompareAs<decltype(c)::value, int32_t>(a, b);
            });
          });
        } else {
          WithCmp(in.cmp, [&](auto c) {
            Lanes2(n, m, x, y, [k](int32_t a, int32_t b) -> uint8_t {
              return CompareAs<decltype(c)::value, int64_t>(a, int64_t{b} + k);
            });
          });
        }
        break;
      }
      case BlockOp::kCmpK: {
        uint8_t* m = M + in.dst * L;
        const int64_t* x = V + in.a * L;
        const int64_t k = in.k;
        if (in.checked == 2) {  // the compiler proved both sides fit in 32 bits
          const int32_t k32 = static_cast<int32_t>(k);
          WithCmp(in.cmp, [&](auto c) {
            Lanes1(n, m, x, [k32](int64_t a) -> uint8_t {
              return CompareAs<decltype(c)::value, int32_t>(static_cast<int32_t>(a), k32);
            });
          });
          break;
        }
        WithCmp(in.cmp, [&](auto c) {
          Lanes1(n, m, x, [k](int64_t a) -> uint8_t {
            return CompareAs<decltype(c)::value, int64_t>(a, k);
          });
        });
        break;
      }
      case BlockOp::kCmp: {
        uint8_t* m = M + in.dst * L;
        const int64_t* x = V + in.a * L;
        const int64_t* y = V + in.b * L;
        WithCmp(in.cmp, [&](auto c) {
          Lanes2(n, m, x, y, [](int64_t a, int64_t b) -> uint8_t {
            return CompareAs<decltype(c)::value, int64_t>(a, b);
          });
        });
        break;
      }
      case BlockOp::kSlotCmp: {
        uint8_t* m = M + in.dst * L;
        const int32_t* x = regs->slots[in.a];
        const int64_t* y = V + in.b * L;
        WithCmp(in.cmp, [&](auto c) {
          Lanes2(n, m, x, y, [](int32_t a, int64_t b) -> uint8_t {
            return CompareAs<decltype(c)::value, int64_t>(a, b);
          });
        });
        break;
      }
      case BlockOp::kMaskK:
        std::memset(M + in.dst * L, in.k ? 1 : 0, n);
        break;
      case BlockOp::kAnd:
        MaskOp(n, M + in.dst * L, M + in.a * L, M + in.b * L,
               [](uint8_t a, uint8_t b) -> uint8_t { return a & b; });
        break;
      case BlockOp::kOr:
        MaskOp(n, M + in.dst * L, M + in.a * L, M + in.b * L,
               [](uint8_t a, uint8_t b) -> uint8_t { return a | b; });
        break;
      case BlockOp::kNot: {
        uint8_t* m = M + in.dst * L;
        const uint8_t* x = M + in.a * L;
        if (m == x) {
          for (int i = 0; i < n; ++i) m[i] ^= 1;
        } else {
          Lanes1(n, m, x, [](uint8_t a) -> uint8_t { return a ^ 1; });
        }
        break;
      }
      case BlockOp::kLoadSlot:
        Lanes1(n, V + in.dst * L, regs->slots[in.a], [](int32_t a) -> int64_t { return a; });
        break;
      case BlockOp::kLoadWide: {
        int64_t* column = regs->wide[in.a];
        if (!regs->wide_ready[in.a]) {
          if (in.a == 0) {
            Lanes1(n, column, wide, [](const PartitionWideFact& w) { return w.ballot; });
          } else {
            Lanes1(n, column, wide,
                   [](const PartitionWideFact& w) { return w.last_committed_decree; });
          }
          regs->wide_ready[in.a] = true;
        }
        std::memcpy(V + in.dst * L, column, n * sizeof(int64_t));
        break;
      }
      case BlockOp::kLoadCtx: {
        int64_t* v = V + in.dst * L;
        const int64_t k = ContextInt(facts, in.k);
        for (int i = 0; i < n; ++i) v[i] = k;
        break;
      }
      case BlockOp::kConst: {
        int64_t* v = V + in.dst * L;
        const int64_t k = in.k;
        for (int i = 0; i < n; ++i) v[i] = k;
        break;
      }
      case BlockOp::kArith:
        ArithLanes(in, n, V + in.dst * L, V + in.a * L, V + in.b * L, 0, err);
        err_used |= in.checked == 1;
        break;
      case BlockOp::kArithK:
        ArithLanes(in, n, V + in.dst * L, V + in.a * L, nullptr, in.k, err);
        err_used |= in.checked == 1;
        break;
      case BlockOp::kNeg: {
        int64_t* v = V + in.dst * L;
        const int64_t* x = V + in.a * L;
        if (!in.checked) {
          if (v == x) {
            for (int i = 0; i < n; ++i) v[i] = -v[i];
          } else {
            Lanes1(n, v, x, [](int64_t a) { return -a; });
          }
          break;
        }
        for (int i = 0; i < n; ++i) {
          const bool ok = x[i] != INT64_MIN;
          err[i] |= !ok;
          v[i] = ok ? -x[i] : 0;
        }
        err_used = true;
        break;
      }
      case BlockOp::kValueOf: {
        int64_t* v = V + in.dst * L;
        Lanes1(n, v, M + in.a * L, [](uint8_t a) -> int64_t { return a; });
        break;
      }
      case BlockOp::kStrPrimaryHost: {
        if (!regs->primary_host_ready) {
          const int32_t* primary = regs->slots[kSlotPrimaryIndex];
          for (int i = 0; i < n; ++i) regs->primary_host[i] = facts.addresses[primary[i]].host;
          regs->primary_host_ready = true;
        }
        std::copy(regs->primary_host, regs->primary_host + n, S + in.dst * L);
        break;
      }
      case BlockOp::kStrConst: {
        std::string_view* d = S + in.dst * L;
        const std::string_view k = filter.strings[in.k];
        for (int i = 0; i < n; ++i) d[i] = k;
        break;
      }
      case BlockOp::kStrCtx: {
        std::string_view* d = S + in.dst * L;
        const std::string_view k = ContextString(facts, in.k);
        for (int i = 0; i < n; ++i) d[i] = k;
        break;
      }
      case BlockOp::kStrCmp: {
        uint8_t* m = M + in.dst * L;
        const std::string_view *x = S + in.a * L, *y = S + in.b * L;
        const bool eq = static_cast<Cmp>(in.cmp) == Cmp::kEq;
        for (int i = 0; i < n; ++i) m[i] = SameText(x[i], y[i]) == eq;
        break;
      }
      case BlockOp::kStrFunc: {
        uint8_t* m = M + in.dst * L;
        const std::string_view *x = S + in.a * L, *y = S + in.k * L;
        for (int i = 0; i < n; ++i) m[i] = StringFunction(in.b, x[i], y[i]);
        break;
      }
      case BlockOp::kStrMatch: {
        uint8_t* m = M + in.dst * L;
        const std::string_view* x = S + in.a * L;
        const RE2& re = *program.regexes[in.k];
        const bool sense = static_cast<Cmp>(in.cmp) == Cmp::kEq;
        for (int i = 0; i < n; ++i) m[i] = RE2::PartialMatch(x[i], re) == sense;
        break;
      }
      case BlockOp::kStrSize: {
        int64_t* v = V + in.dst * L;
        Lanes1(n, v, S + in.a * L,
               [](std::string_view a) { return static_cast<int64_t>(a.size()); });
        break;
      }
      case BlockOp::kLoopBegin:
        if (!loop.Begin(*regs, n, in.a)) pc = in.k - 1;
        break;
      case BlockOp::kItemValid: {
        int64_t* v = V + in.dst * L;
        for (int i = 0; i < n; ++i) v[i] = loop.Has(i) && facts.addresses[loop.Index(i)].valid;
        break;
      }
      case BlockOp::kItemPort: {
        int64_t* v = V + in.dst * L;
        for (int i = 0; i < n; ++i) v[i] = loop.Has(i) ? facts.addresses[loop.Index(i)].port : 0;
        break;
      }
      case BlockOp::kItemHost: {
        std::string_view* d = S + in.dst * L;
        for (int i = 0; i < n; ++i)
          d[i] = loop.Has(i) ? facts.addresses[loop.Index(i)].host : std::string_view();
        break;
      }
      case BlockOp::kLoopAll: {
        uint8_t* acc = M + in.dst * L;
        const uint8_t* m = M + in.b * L;
        for (int i = 0; i < n; ++i) acc[i] &= static_cast<uint8_t>(!loop.Has(i)) | m[i];
        break;
      }
      case BlockOp::kLoopAny: {
        uint8_t* acc = M + in.dst * L;
        const uint8_t* m = M + in.b * L;
        for (int i = 0; i < n; ++i) acc[i] |= loop.Has(i) & m[i];
        break;
      }
      case BlockOp::kLoopCount: {
        int64_t* acc = V + in.dst * L;
        const uint8_t* m = M + in.b * L;
        for (int i = 0; i < n; ++i) acc[i] += loop.Has(i) & m[i];
        break;
      }
      case BlockOp::kLoopNext:
        if (loop.Next()) pc = in.k - 1;
        break;
      case BlockOp::kRequire: {
        // Lanes that fail (or hit an error) leave the filter: the kernel will decide them.
        uint8_t any = 0;
        if (active == nullptr || active[in.rule]) {
          const uint8_t* g = in.a == kNoMask ? kOnes : M + in.a * L;
          const uint8_t* e = err_used ? err : kZeros;
          any = in.floor ? RequireFloorLanes(n, alive, failed, g, M + in.b * L, e)
                         : RequireLanes(n, alive, failed, g, M + in.b * L, e);
        }
        if (err_used) {
          std::memset(err, 0, n);
          err_used = false;
        }
        // Done when no lane is left to judge (with a floor, accepted lanes still are).
        if (any && !AnyLane(alive, n) && (!filter.has_floor || Count(failed, n) == n))
          return Count(failed, n);
        break;
      }
      case BlockOp::kSuffices: {
        if (active == nullptr || active[in.rule]) {
          const uint8_t* c = M + in.b * L;
          const uint8_t* g = in.a == kNoMask ? nullptr : M + in.a * L;
          for (int i = 0; i < n; ++i) {
            uint8_t accepts = c[i] & (g ? g[i] : 1) & (err_used ? err[i] ^ 1 : 1);
            alive[i] &= accepts ^ 1;
          }
        }
        if (err_used) {
          std::memset(err, 0, n);
          err_used = false;
        }
        break;
      }
      case BlockOp::kGeneral: {
        if (active != nullptr && !active[in.rule]) break;
        for (int i = 0; i < n; ++i) {
          if (in.floor ? failed[i] : !alive[i]) continue;
          switch (general->Decide(in.rule, begin + i)) {
            case GeneralRules::Outcome::kPass:
              break;
            case GeneralRules::Outcome::kFail:
              failed[i] = 1;
              alive[i] = 0;
              break;
            case GeneralRules::Outcome::kAccept:
              alive[i] = 0;
              break;
          }
        }
        break;
      }
    }
  }
  return Count(failed, n);
}

}  // namespace dupready
