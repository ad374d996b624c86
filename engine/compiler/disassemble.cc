// Listing of compiled code, one instruction per line.
#include "engine/compiler/disassemble.h"

#include "absl/strings/str_cat.h"
#include "engine/eval/facts.h"

namespace dupready {
namespace {

const char* SlotName(uint32_t s) {
  static const char* const kNames[] = {"pidx",          "max_replica_count", "partition_flags",
                                       "primary_alive", "secondary_count",   "alive_secondaries",
                                       "last_drop_count", "alive_replicas",  "primary_index",
                                       "secondaries_begin", "last_drops_begin",
                                       "primary_port"};
  return s < sizeof(kNames) / sizeof(kNames[0]) ? kNames[s] : "?";
}

const char* CmpName(uint8_t c) {
  static const char* const kNames[] = {"==", "!=", "<", "<=", ">", ">="};
  return c < 6 ? kNames[c] : "?";
}

const char* ArithName(uint8_t c) {
  static const char* const kNames[] = {"+", "-", "*", "/", "%"};
  return c < 5 ? kNames[c] : "?";
}

}  // namespace

std::string Disassemble(const Program& program, const Code& code) {
  std::string out;
  for (size_t pc = 0; pc < code.size(); ++pc) {
    const Insn& i = code[pc];
    const std::string to = absl::StrCat(" -> ", i.target);
    const char* when = i.sense ? "" : "not ";
    std::string text;
    switch (i.op) {
      case OpCode::kEnd: text = "end"; break;
      case OpCode::kRet: text = absl::StrCat("ret r", i.a); break;
      case OpCode::kJump: text = absl::StrCat("jump", to); break;
      case OpCode::kJumpIf: text = absl::StrCat("jump.if ", when, "r", i.a, to); break;
      case OpCode::kFail:
        text = absl::StrCat("fail rule ", i.k, " (", program.rules[i.k].name, "), then ", i.target);
        break;
      case OpCode::kSkipInactive: text = absl::StrCat("skip.inactive rule ", i.k, to); break;
      case OpCode::kAcceptIfFailed: text = absl::StrCat("accept.if.failed", to); break;
      case OpCode::kBrSlotK:
        text = absl::StrCat("br.slot.k ", when, SlotName(i.a), " ", CmpName(i.cmp), " ", i.k, to);
        break;
      case OpCode::kBrSlotSlot:
        text = absl::StrCat("br.slot.slot ", when, SlotName(i.a), " ", CmpName(i.cmp), " ",
                            SlotName(i.b), to);
        break;
      case OpCode::kBrRegK:
        text = absl::StrCat("br.reg.k ", when, "r", i.a, " ", CmpName(i.cmp), " ", i.k, to);
        break;
      case OpCode::kBrRegReg:
        text = absl::StrCat("br.reg.reg ", when, "r", i.a, " ", CmpName(i.cmp), " r", i.b, to);
        break;
      case OpCode::kConstInt: text = absl::StrCat("r", i.dst, " = ", i.k); break;
      case OpCode::kConstStr:
        text = absl::StrCat("r", i.dst, " = \"", program.strings[i.k], "\"");
        break;
      case OpCode::kLoadSlot:
        text = absl::StrCat("r", i.dst, " = partition[r", i.a, "].", SlotName(i.b));
        break;
      case OpCode::kLoadWide:
        text = absl::StrCat("r", i.dst, " = partition[r", i.a, "].",
                            i.b == 0 ? "ballot" : "last_committed_decree");
        break;
      case OpCode::kLoadCtxInt: text = absl::StrCat("r", i.dst, " = ctx.int[", i.k, "]"); break;
      case OpCode::kLoadCtxStr: text = absl::StrCat("r", i.dst, " = ctx.str[", i.k, "]"); break;
      case OpCode::kLoadPrimary: text = absl::StrCat("r", i.dst, " = partition[r", i.a, "].primary"); break;
      case OpCode::kLoadAddrList:
        text = absl::StrCat("r", i.dst, " = partition[r", i.a, "].",
                            i.b == 0 ? "secondaries" : "last_drops");
        break;
      case OpCode::kLoadPartitions: text = absl::StrCat("r", i.dst, " = partitions"); break;
      case OpCode::kAddrField:
        text = absl::StrCat("r", i.dst, " = r", i.a, ".",
                            i.b == 0 ? "valid" : i.b == 1 ? "host" : "port");
        break;
      case OpCode::kArith:
        text = absl::StrCat("r", i.dst, " = r", i.a, " ", ArithName(i.cmp), " r", i.b,
                            " (error", to, ")");
        break;
      case OpCode::kNeg: text = absl::StrCat("r", i.dst, " = -r", i.a, " (error", to, ")"); break;
      case OpCode::kCmp:
        text = absl::StrCat("r", i.dst, " = r", i.a, " ", CmpName(i.cmp), " r", i.b);
        break;
      case OpCode::kStrEq:
        text = absl::StrCat("r", i.dst, " = r", i.a, i.sense ? " == " : " != ", "r", i.b, " (str)");
        break;
      case OpCode::kAddrEq:
        text = absl::StrCat("r", i.dst, " = r", i.a, i.sense ? " == " : " != ", "r", i.b, " (addr)");
        break;
      case OpCode::kNot: text = absl::StrCat("r", i.dst, " = not r", i.a); break;
      case OpCode::kStrSize: text = absl::StrCat("r", i.dst, " = size(r", i.a, ") (str)"); break;
      case OpCode::kListSize: text = absl::StrCat("r", i.dst, " = size(r", i.a, ") (list)"); break;
      case OpCode::kStrFunc:
        text = absl::StrCat("r", i.dst, " = ",
                            i.b == 0 ? "starts_with" : i.b == 1 ? "ends_with" : "contains", "(r",
                            i.a, ", r", i.k, ")");
        break;
      case OpCode::kMatch:
        text = absl::StrCat("r", i.dst, " = r", i.a, i.sense ? " =~ " : " !~ ", "/",
                            program.regexes[i.k]->pattern(), "/");
        break;
      case OpCode::kIterNext:
        text = absl::StrCat("r", i.dst, " = next(r", i.a, ", index r", i.b, ")", " (done", to, ")");
        break;
      case OpCode::kInc: text = absl::StrCat("r", i.dst, " += 1"); break;
      case OpCode::kMove: text = absl::StrCat("r", i.dst, " = r", i.a); break;
    }
    absl::StrAppend(&out, pc, "  ", text, "\n");
  }
  return out;
}

std::string DisassembleFilter(const Program& program) {
  const BlockFilter& f = program.partition_filter;
  if (!f.enabled) return "(no partition filter)\n";
  auto rule = [&](const BlockInsn& i) {
    return absl::StrCat("rule ", i.rule, " (", program.rules[i.rule].name, ")");
  };
  auto plus = [](int64_t k) {
    return k == 0 ? std::string() : absl::StrCat(k > 0 ? " + " : " - ", k > 0 ? k : -k);
  };
  auto checked = [](const BlockInsn& i) {
    return i.checked == 1 ? " (checked)" : i.checked == 2 ? " (32-bit)" : "";
  };
  static const char* const kStrFuncs[] = {"starts_with", "ends_with", "contains"};
  std::string out;
  for (size_t pc = 0; pc < f.code.size(); ++pc) {
    const BlockInsn& i = f.code[pc];
    const std::string m = absl::StrCat("m", i.dst, " = ");
    const std::string v = absl::StrCat("v", i.dst, " = ");
    const std::string str = absl::StrCat("s", i.dst, " = ");
    std::string text;
    switch (i.op) {
      case BlockOp::kSlotCmpK:
        text = absl::StrCat(m, SlotName(i.a), " ", CmpName(i.cmp), " ", i.k);
        break;
      case BlockOp::kSlotCmpSlot:
        text = absl::StrCat(m, SlotName(i.a), " ", CmpName(i.cmp), " ", SlotName(i.b), plus(i.k));
        break;
      case BlockOp::kCmpK: text = absl::StrCat(m, "v", i.a, " ", CmpName(i.cmp), " ", i.k); break;
      case BlockOp::kCmp: text = absl::StrCat(m, "v", i.a, " ", CmpName(i.cmp), " v", i.b); break;
      case BlockOp::kSlotCmp:
        text = absl::StrCat(m, SlotName(i.a), " ", CmpName(i.cmp), " v", i.b);
        break;
      case BlockOp::kMaskK: text = absl::StrCat(m, i.k ? "true" : "false"); break;
      case BlockOp::kAnd: text = absl::StrCat(m, "m", i.a, " and m", i.b); break;
      case BlockOp::kOr: text = absl::StrCat(m, "m", i.a, " or m", i.b); break;
      case BlockOp::kNot: text = absl::StrCat(m, "not m", i.a); break;
      case BlockOp::kLoadSlot: text = absl::StrCat(v, SlotName(i.a)); break;
      case BlockOp::kLoadWide:
        text = absl::StrCat(v, i.a == 0 ? "ballot" : "last_committed_decree");
        break;
      case BlockOp::kLoadCtx: text = absl::StrCat(v, "ctx.int[", i.k, "]"); break;
      case BlockOp::kConst: text = absl::StrCat(v, i.k); break;
      case BlockOp::kArith:
        text = absl::StrCat(v, "v", i.a, " ", ArithName(i.cmp), " v", i.b, checked(i));
        break;
      case BlockOp::kArithK:
        text = absl::StrCat(v, "v", i.a, " ", ArithName(i.cmp), " ", i.k, checked(i));
        break;
      case BlockOp::kNeg: text = absl::StrCat(v, "-v", i.a, checked(i)); break;
      case BlockOp::kValueOf: text = absl::StrCat(v, "m", i.a); break;
      case BlockOp::kStrPrimaryHost: text = absl::StrCat(str, "primary.host"); break;
      case BlockOp::kStrConst: text = absl::StrCat(str, "\"", f.strings[i.k], "\""); break;
      case BlockOp::kStrCtx: text = absl::StrCat(str, "ctx.str[", i.k, "]"); break;
      case BlockOp::kStrCmp:
        text = absl::StrCat(m, "s", i.a, " ", CmpName(i.cmp), " s", i.b);
        break;
      case BlockOp::kStrFunc:
        text = absl::StrCat(m, i.b < 3 ? kStrFuncs[i.b] : "?", "(s", i.a, ", s", i.k, ")");
        break;
      case BlockOp::kStrMatch:
        text = absl::StrCat(m, "s", i.a, i.cmp == 0 ? " =~ /" : " !~ /",
                            program.regexes[i.k]->pattern(), "/");
        break;
      case BlockOp::kStrSize: text = absl::StrCat(v, "size(s", i.a, ")"); break;
      case BlockOp::kLoopBegin:
        text = absl::StrCat("loop over ", i.a == 0 ? "secondaries" : "last_drops", " (none -> ",
                            i.k, ")");
        break;
      case BlockOp::kItemValid: text = absl::StrCat(v, "item.valid"); break;
      case BlockOp::kItemPort: text = absl::StrCat(v, "item.port"); break;
      case BlockOp::kItemHost: text = absl::StrCat(str, "item.host"); break;
      case BlockOp::kLoopAll: text = absl::StrCat("m", i.dst, " &= no item or m", i.b); break;
      case BlockOp::kLoopAny: text = absl::StrCat("m", i.dst, " |= item and m", i.b); break;
      case BlockOp::kLoopCount: text = absl::StrCat("v", i.dst, " += item and m", i.b); break;
      case BlockOp::kLoopNext: text = absl::StrCat("next item -> ", i.k); break;
      case BlockOp::kRequire:
        text = absl::StrCat(i.floor ? "floor " : "", "require ", rule(i), ": ",
                            i.a == kNoMask ? "" : absl::StrCat("when m", i.a, ", "), "m", i.b);
        break;
      case BlockOp::kSuffices:
        text = absl::StrCat("suffices ", rule(i), ": ",
                            i.a == kNoMask ? "" : absl::StrCat("when m", i.a, ", "), "m", i.b);
        break;
      case BlockOp::kGeneral: text = absl::StrCat(i.floor ? "floor " : "", "general ", rule(i)); break;
    }
    absl::StrAppend(&out, pc, "  ", text, "\n");
  }
  return out;
}

}  // namespace dupready
