// Copyright 2026 The dupready Authors.
//
// disassemble.h: a readable listing of compiled code, for tests, debugging and `--dump`.
//
//   0  br.slot.k   primary_alive != 0 -> 2
//   1  fail        rule 3 (primary_alive), then 2

#ifndef DUPREADY_ENGINE_COMPILER_DISASSEMBLE_H_
#define DUPREADY_ENGINE_COMPILER_DISASSEMBLE_H_

#include <string>

#include "engine/compiler/program.h"

namespace dupready {

std::string Disassemble(const Program& program, const Code& code);

// The partition filter (program.h), one instruction per line; mN are mask registers, vN value
// registers, sN string registers, each holding one lane per partition of a block:
//   0  m1 = primary_alive != 0
//   1  require rule 3 (primary_alive): m1
std::string DisassembleFilter(const Program& program);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMPILER_DISASSEMBLE_H_
