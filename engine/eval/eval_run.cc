// The interpreter for compiled rule kernels and value programs, and the rendering of error
// codes and messages from them.
#include "engine/eval/eval_run.h"

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/safe_text.h"
#include "engine/common/strings.h"
#include "engine/cost/steps.h"
#include "engine/eval/evaluator.h"

namespace dupready {
namespace {

inline bool Compare(Cmp c, int64_t x, int64_t y) {
  switch (c) {
    case Cmp::kEq: return x == y;
    case Cmp::kNe: return x != y;
    case Cmp::kLt: return x < y;
    case Cmp::kLe: return x <= y;
    case Cmp::kGt: return x > y;
    case Cmp::kGe: return x >= y;
  }
  return false;
}

// False on overflow or division by zero.
inline bool Arith(ArithOp op, int64_t x, int64_t y, int64_t* out) {
  switch (op) {
    case ArithOp::kAdd: return !__builtin_add_overflow(x, y, out);
    case ArithOp::kSub: return !__builtin_sub_overflow(x, y, out);
    case ArithOp::kMul: return !__builtin_mul_overflow(x, y, out);
    case ArithOp::kDiv:
    case ArithOp::kMod:
      if (y == 0 || (x == INT64_MIN && y == -1)) return false;
      *out = op == ArithOp::kDiv ? x / y : x % y;
      return true;
  }
  return false;
}

inline EvalValue::Str StrOf(std::string_view v) { return EvalValue::Str{v.data(), v.size()}; }
inline std::string_view ViewOf(const EvalValue& v) { return std::string_view(v.s.p, v.s.n); }

}  // namespace

static_assert(sizeof(BlockRegisters) <= kBlockRegistersBytes &&
                  alignof(BlockRegisters) <= kBlockRegistersAlign,
              "EvalScratch's room for the partition filter's lanes is too small (scratch.h)");

// The lanes are default-initialised, as a BlockRegisters member would be: they are written
// before they are read.
EvalScratch::EvalScratch() { new (block_) BlockRegisters; }
EvalScratch::~EvalScratch() { block()->~BlockRegisters(); }
EvalScratch::EvalScratch(EvalScratch&& other) noexcept
    : regs_(std::move(other.regs_)),
      active_(std::move(other.active_)),
      touched_(std::move(other.touched_)),
      collected_(std::move(other.collected_)) {
  new (block_) BlockRegisters(std::move(*other.block()));
}
EvalScratch& EvalScratch::operator=(EvalScratch&& other) noexcept {
  regs_ = std::move(other.regs_);
  active_ = std::move(other.active_);
  touched_ = std::move(other.touched_);
  collected_ = std::move(other.collected_);
  *block() = std::move(*other.block());
  return *this;
}
BlockRegisters* EvalScratch::block() {
  return std::launder(reinterpret_cast<BlockRegisters*>(block_));
}

EvalRun::EvalRun(const Program& prog, const FollowerFacts& facts, EvalScratch* scratch)
    : prog_(prog), facts_(facts), scratch_(scratch) {
  if (scratch_->regs_.size() < static_cast<size_t>(prog.register_count))
    scratch_->regs_.resize(prog.register_count);
  regs_ = scratch_->regs_.data();
  if (scratch_->active_.size() < prog.rules.size()) scratch_->active_.resize(prog.rules.size());
  active_ = scratch_->active_.data();
}

void EvalRun::ResolveScopes() {
  if (!prog_.has_scopes) return;
  for (size_t r = 0; r < prog_.rules.size(); ++r) {
    bool on = true;
    for (const ScopeTerm& t : prog_.rules[r].scope_terms) {
      bool all = true;
      for (int s : t.all) all = all && RunBool(prog_.scopes[s].code, -1);
      on = on && (all != t.negate);
    }
    active_[r] = on;
  }
}

bool EvalRun::RunValue(const Code& code, int partition, EvalValue* out) {
  int fail_rule, fail_partition;
  int pi = partition;
  return Exec<false, false>(code.data(), &pi, pi + 1, &fail_rule, &fail_partition, out);
}
bool EvalRun::RunValueCounted(const Code& code, int partition, EvalValue* out,
                              int64_t* steps) {
  int fail_rule, fail_partition;
  int pi = partition;
  steps_ = 0;
  const bool ok =
      Exec<false, false, true>(code.data(), &pi, pi + 1, &fail_rule, &fail_partition, out);
  *steps += steps_;
  return ok;
}
bool EvalRun::RunBool(const Code& code, int partition) {
  EvalValue v{};
  return RunValue(code, partition, &v) && v.i != 0;
}

template <bool kCollect>
bool EvalRun::RunKernel(const Code& code, int begin, int end, int* fail_rule,
                        int* fail_partition) {
  if (&code == &prog_.partition_kernel && prog_.partition_filter.enabled) {
    const uint8_t* active = prog_.has_scopes ? active_ : nullptr;
    BlockRegisters* block = scratch_->block();
    for (int b = begin; b < end; b += kBlockLanes) {
      const int e = std::min(end, b + kBlockLanes);
      if (BlockUnproven(prog_, facts_, active, b, e - b, block, this) == 0) continue;
      for (int p = b; p < e; ++p) {
        if (!block->failed[p - b]) continue;
        int at = p;
        if (!Exec<true, kCollect>(code.data(), &at, p + 1, fail_rule, fail_partition, nullptr))
          return false;
      }
    }
    return true;
  }
  int p = begin;
  return Exec<true, kCollect>(code.data(), &p, end, fail_rule, fail_partition, nullptr);
}

EvalRun::Outcome EvalRun::Decide(int rule, int partition) {
  const CompiledRule& r = prog_.rules[rule];
  EvalValue v{};
  if (r.has_guard) {
    if (!RunValue(r.guard_value.code, partition, &v))
      return r.suffices ? Outcome::kPass : Outcome::kFail;
    if (v.i == 0) return Outcome::kPass;
  }
  const bool holds = RunValue(r.condition_value.code, partition, &v) && v.i != 0;
  if (r.suffices) return holds ? Outcome::kAccept : Outcome::kPass;
  return holds ? Outcome::kPass : Outcome::kFail;
}

std::string EvalRun::Render(const ValueCode& v, int partition) {
  // A value computed from a context value the input did not give would print as "" or 0:
  // say that it is unset instead.
  if (facts_.unset_dup != 0) {
    for (const Insn& in : v.code) {
      const int field = in.op == OpCode::kLoadCtxInt || in.op == OpCode::kLoadCtxStr
                            ? DupFieldOf(static_cast<CtxField>(in.k))
                            : -1;
      if (field >= 0 && (facts_.unset_dup & DupFieldBit(static_cast<DupField>(field))))
        return absl::StrCat("<unset: ", DupFieldName(static_cast<DupField>(field)), ">");
    }
  }
  EvalValue out{};
  if (!RunValue(v.code, partition, &out)) return "(arithmetic error)";
  return Format(v.type, out);
}

std::string EvalRun::ErrorName(const CompiledRule& rule, int partition) {
  EvalValue out{};
  if (!RunValue(rule.error.code, partition, &out)) return "ERR_INVALID_STATE";
  std::string_view name = ViewOf(out);
  // The remote error of a failed call can be anything the wire carried; never ERR_OK here:
  // a failing rule must not read as success.
  if (name.empty() || name == "ERR_OK") return "ERR_UNKNOWN";
  return std::string(name);
}

std::string EvalRun::Message(const CompiledRule& rule, int partition) {
  std::string out;
  const size_t cap = static_cast<size_t>(std::max(max_message_bytes, 0));
  for (const MessagePiece& piece : rule.message) {
    if (out.size() > cap) break;  // nothing more would be shown
    if (piece.value < 0)
      out += piece.literal;
    else
      out += Render(rule.holes[piece.value], partition);
  }
  bool cut = false;
  const std::string_view kept = CutText(out, cap, &cut);
  if (cut) out = absl::StrCat(Av(kept), "...");
  return out;
}

void EvalRun::RecordFailure(int rule, int partition, int max_listed) {
  auto& collected = scratch_->collected_;
  if (collected.size() < prog_.rules.size()) collected.resize(prog_.rules.size());
  RuleFailures& f = collected[rule];
  if (f.count == 0) {
    scratch_->touched_.push_back(rule);
    f.rule = prog_.rules[rule].name;
    f.error = ErrorName(prog_.rules[rule], partition);
    f.message = Message(prog_.rules[rule], partition);
    f.partitions.clear();
  }
  ++f.count;
  if (partition >= 0 && static_cast<int>(f.partitions.size()) < max_listed)
    f.partitions.push_back(facts_.partitions[partition].slot[kSlotPidx]);
}

void EvalRun::TakeFailures(std::vector<RuleFailures>* out) {
  auto& touched = scratch_->touched_;
  std::sort(touched.begin(), touched.end());
  for (int r : touched) {
    out->push_back(scratch_->collected_[r]);
    scratch_->collected_[r].count = 0;
  }
  touched.clear();
}

std::string EvalRun::Format(const Type& t, const EvalValue& v) {
  switch (t.kind) {
    case TypeKind::kBool: return v.i ? "true" : "false";
    case TypeKind::kInt: return absl::StrCat(v.i);
    case TypeKind::kString:
    case TypeKind::kError: return std::string(ViewOf(v));
    case TypeKind::kAddress: return FormatAddress(*v.addr);
    case TypeKind::kPartition:
      return absl::StrCat("partition ", facts_.partitions[v.i].slot[kSlotPidx]);
    case TypeKind::kList: {
      if (v.list.partitions) return absl::StrCat(v.list.count, " partitions");
      std::string out = "[";
      for (int i = 0; i < v.list.count; ++i)
        absl::StrAppend(&out, i ? ", " : "", FormatAddress(facts_.addresses[v.list.begin + i]));
      return out + "]";
    }
    default: return "?";
  }
}
std::string EvalRun::FormatAddress(const AddressFact& a) {
  if (!a.valid) return "(invalid)";
  if (a.host.find(':') != std::string_view::npos) return absl::StrCat("[", Av(a.host), "]:", a.port);
  return absl::StrCat(Av(a.host), ":", a.port);
}

template <bool kKernel, bool kCollect, bool kCount>
bool EvalRun::Exec(const Insn* code, int* partition, int end, int* fail_rule,
                   int* fail_partition, EvalValue* result) {
  EvalValue* R = regs_;
  int p = *partition;
  if (kKernel && p >= end) return true;
  const PartitionFact* cur = p >= 0 ? &facts_.partitions[p] : nullptr;
  R[0].i = p;
  bool failed_here = false;  // kCollect: the current partition failed a rule
  const Insn* pc = code;
  for (;;) {
    const Insn& in = *pc;
    if (kCount) ++steps_;
    switch (in.op) {
      case OpCode::kEnd:
        if (!kKernel) return false;
        if (++p >= end) return true;
        cur = &facts_.partitions[p];
        R[0].i = p;
        failed_here = false;
        pc = code;
        continue;
      case OpCode::kRet:
        *result = R[in.a];
        return true;
      case OpCode::kJump:
        pc = code + in.target;
        continue;
      case OpCode::kJumpIf:
        if ((R[in.a].i != 0) == static_cast<bool>(in.sense)) {
          pc = code + in.target;
          continue;
        }
        break;
      case OpCode::kFail:
        if (kCollect) {
          RecordFailure(static_cast<int>(in.k), p, max_listed);
          failed_here = true;
          pc = code + in.target;
          continue;
        }
        *fail_rule = static_cast<int>(in.k);
        *fail_partition = p;
        *partition = p;
        return false;
      case OpCode::kAcceptIfFailed:
        if (kCollect && failed_here) {
          pc = code + in.target;
          continue;
        }
        break;
      case OpCode::kSkipInactive:
        if (!active_[in.k]) {
          pc = code + in.target;
          continue;
        }
        break;
      case OpCode::kBrSlotK:
        if (Compare(static_cast<Cmp>(in.cmp), cur->slot[in.a], in.k) == static_cast<bool>(in.sense)) {
          pc = code + in.target;
          continue;
        }
        break;
      case OpCode::kBrSlotSlot:
        if (Compare(static_cast<Cmp>(in.cmp), cur->slot[in.a], cur->slot[in.b]) ==
            static_cast<bool>(in.sense)) {
          pc = code + in.target;
          continue;
        }
        break;
      case OpCode::kBrRegK:
        if (Compare(static_cast<Cmp>(in.cmp), R[in.a].i, in.k) == static_cast<bool>(in.sense)) {
          pc = code + in.target;
          continue;
        }
        break;
      case OpCode::kBrRegReg:
        if (Compare(static_cast<Cmp>(in.cmp), R[in.a].i, R[in.b].i) ==
            static_cast<bool>(in.sense)) {
          pc = code + in.target;
          continue;
        }
        break;
      case OpCode::kConstInt:
        R[in.dst].i = in.k;
        break;
      case OpCode::kConstStr:
        R[in.dst].s = StrOf(prog_.strings[in.k]);
        break;
      case OpCode::kLoadSlot:
        R[in.dst].i = Part(R[in.a].i).slot[in.b];
        break;
      case OpCode::kLoadWide: {
        const PartitionWideFact& w = facts_.wide[R[in.a].i];
        R[in.dst].i = in.b == 0 ? w.ballot : w.last_committed_decree;
        break;
      }
      case OpCode::kLoadCtxInt:
        switch (static_cast<CtxField>(in.k)) {
          case CtxField::kPartitionCount: R[in.dst].i = facts_.partition_count; break;
          case CtxField::kRemoteReplicaCount: R[in.dst].i = facts_.remote_replica_count; break;
          case CtxField::kAppId: R[in.dst].i = facts_.app_id; break;
          case CtxField::kResponsePartitionCount: R[in.dst].i = facts_.response_partition_count; break;
          case CtxField::kIsStateful: R[in.dst].i = facts_.is_stateful; break;
          default: R[in.dst].i = 0; break;
        }
        break;
      case OpCode::kLoadCtxStr: {
        std::string_view v;
        switch (static_cast<CtxField>(in.k)) {
          case CtxField::kAppName: v = facts_.app_name; break;
          case CtxField::kRemoteClusterName: v = facts_.remote_cluster_name; break;
          case CtxField::kRemoteAppName: v = facts_.remote_app_name; break;
          case CtxField::kRpcErr: v = facts_.rpc_err; break;
          case CtxField::kResponseErr: v = facts_.response_err; break;
          default: break;
        }
        R[in.dst].s = StrOf(v);
        break;
      }
      case OpCode::kLoadPrimary:
        R[in.dst].addr = &facts_.addresses[Part(R[in.a].i).slot[kSlotPrimaryIndex]];
        break;
      case OpCode::kLoadAddrList: {
        const PartitionFact& pf = Part(R[in.a].i);
        R[in.dst].list = in.b == 0 ? EvalValue::List{pf.slot[kSlotSecondariesBegin],
                                                     pf.slot[kSlotSecondaryCount], false}
                                   : EvalValue::List{pf.slot[kSlotLastDropsBegin],
                                                     pf.slot[kSlotLastDropCount], false};
        break;
      }
      case OpCode::kLoadPartitions:
        R[in.dst].list = EvalValue::List{0, static_cast<int32_t>(facts_.partitions.size()), true};
        break;
      case OpCode::kAddrField: {
        const AddressFact& a = *R[in.a].addr;
        if (in.b == 0) R[in.dst].i = a.valid;
        else if (in.b == 1) R[in.dst].s = StrOf(a.host);
        else R[in.dst].i = a.port;
        break;
      }
      case OpCode::kArith: {
        int64_t v;
        if (!Arith(static_cast<ArithOp>(in.cmp), R[in.a].i, R[in.b].i, &v)) {
          pc = code + in.target;
          continue;
        }
        R[in.dst].i = v;
        break;
      }
      case OpCode::kNeg:
        if (R[in.a].i == INT64_MIN) {
          pc = code + in.target;
          continue;
        }
        R[in.dst].i = -R[in.a].i;
        break;
      case OpCode::kCmp:
        R[in.dst].i = Compare(static_cast<Cmp>(in.cmp), R[in.a].i, R[in.b].i);
        break;
      case OpCode::kStrEq:
        if (kCount) steps_ += StringSteps(static_cast<int64_t>(std::min(R[in.a].s.n, R[in.b].s.n)));
        R[in.dst].i = (ViewOf(R[in.a]) == ViewOf(R[in.b])) == static_cast<bool>(in.sense);
        break;
      case OpCode::kAddrEq: {
        const AddressFact& x = *R[in.a].addr;
        const AddressFact& y = *R[in.b].addr;
        if (kCount) steps_ += 2 + StringSteps(static_cast<int64_t>(std::min(x.host.size(), y.host.size())));
        bool eq = x.valid == y.valid && (!x.valid || (x.host == y.host && x.port == y.port));
        R[in.dst].i = eq == static_cast<bool>(in.sense);
        break;
      }
      case OpCode::kNot:
        R[in.dst].i = !R[in.a].i;
        break;
      case OpCode::kStrSize:
        R[in.dst].i = static_cast<int64_t>(R[in.a].s.n);
        break;
      case OpCode::kListSize:
        R[in.dst].i = R[in.a].list.count;
        break;
      case OpCode::kStrFunc: {
        std::string_view s = ViewOf(R[in.a]), t = ViewOf(R[in.k]);
        if (kCount) {
          const auto n = static_cast<int64_t>(s.size()), m = static_cast<int64_t>(t.size());
          steps_ += in.b == 2 ? n * (kContainsStepsPerByte + StringSteps(m))
                              : StringSteps(std::min(n, m));
        }
        bool v = in.b == 0   ? (s.size() >= t.size() && s.substr(0, t.size()) == t)
                 : in.b == 1 ? (s.size() >= t.size() && s.substr(s.size() - t.size()) == t)
                             : s.find(t) != std::string_view::npos;
        R[in.dst].i = v;
        break;
      }
      case OpCode::kMatch: {
        if (kCount) {
          steps_ += kMatchSetupSteps + std::max<int64_t>(static_cast<int64_t>(R[in.a].s.n), 1) *
                                           prog_.regexes[in.k]->ProgramSize() *
                                           kMatchStepsPerByteInstruction;
        }
        bool m = RE2::PartialMatch(ViewOf(R[in.a]), *prog_.regexes[in.k]);
        R[in.dst].i = m == static_cast<bool>(in.sense);
        break;
      }
      case OpCode::kIterNext: {
        const EvalValue::List& l = R[in.a].list;
        int64_t& i = R[in.b].i;
        if (i >= l.count) {
          pc = code + in.target;
          continue;
        }
        if (in.k)
          R[in.dst].i = l.begin + i;
        else
          R[in.dst].addr = &facts_.addresses[l.begin + i];
        ++i;
        break;
      }
      case OpCode::kInc:
        ++R[in.dst].i;
        break;
      case OpCode::kMove:
        R[in.dst] = R[in.a];
        break;
    }
    ++pc;
  }
}

// Evaluate() stops at the first failure; its slow path collects every failure.
template bool EvalRun::RunKernel<false>(const Code&, int, int, int*, int*);
template bool EvalRun::RunKernel<true>(const Code&, int, int, int*, int*);

}  // namespace dupready
