// Tests for the compiler: the shipped rules compile to the fused forms the evaluator's speed
// depends on, and general expressions compile to code that the evaluator tests then run.
#include "engine/compiler/compiler.h"

#include "engine/compiler/disassemble.h"
#include "engine/testing/files.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

std::unique_ptr<Program> CompileFile(const std::string& path) {
  auto merged = LoadRules(path, testing::ReadTestFile, Limits());
  EXPECT_TRUE(merged.ok()) << merged.status();
  if (!merged.ok()) return nullptr;
  auto prog = Compile(*std::move(merged));
  EXPECT_TRUE(prog.ok()) << prog.status();
  return prog.ok() ? *std::move(prog) : nullptr;
}

TEST(CompilerTest, DefaultPartitionRulesAreFiveFusedInstructionsAndFails) {
  auto prog = CompileFile("rules/default.rules");
  ASSERT_TRUE(prog);
  EXPECT_EQ(Disassemble(*prog, prog->partition_kernel),
            "0  br.slot.k primary_alive != 0 -> 2\n"
            "1  fail rule 3 (primary_alive), then 2\n"
            "2  br.slot.k max_replica_count > 1 -> 4\n"
            "3  br.slot.k not max_replica_count < 0 -> 6\n"
            "4  br.slot.k secondary_count >= 1 -> 6\n"
            "5  fail rule 4 (enough_members), then 6\n"
            "6  br.slot.slot alive_secondaries == secondary_count -> 8\n"
            "7  fail rule 5 (secondaries_alive), then 8\n"
            "8  end\n");
  EXPECT_EQ(prog->table_rule_count, 3);
  EXPECT_FALSE(prog->has_scopes);
}

// The partition filter (program.h) proves ready tables in blocks: default.rules is all fused
// lane-wise compares, strict.rules' `size(secondaries) >= replica_count - 1` one compare too.
TEST(CompilerTest, DefaultAndStrictRulesFilterAsSlotCompares) {
  auto prog = CompileFile("rules/default.rules");
  ASSERT_TRUE(prog);
  EXPECT_EQ(DisassembleFilter(*prog),
            "0  m1 = primary_alive != 0\n"
            "1  require rule 3 (primary_alive): m1\n"
            "2  m1 = max_replica_count > 1\n"
            "3  m2 = max_replica_count < 0\n"
            "4  m1 = m1 or m2\n"
            "5  m2 = secondary_count >= 1\n"
            "6  require rule 4 (enough_members): when m1, m2\n"
            "7  m1 = alive_secondaries == secondary_count\n"
            "8  require rule 5 (secondaries_alive): m1\n");
  auto strict = CompileFile("rules/strict.rules");
  ASSERT_TRUE(strict);
  EXPECT_NE(DisassembleFilter(*strict).find(
                "m1 = secondary_count >= max_replica_count - 1\n"
                "8  require rule 5 (fully_replicated): m1\n"),
            std::string::npos)
      << DisassembleFilter(*strict);
}

TEST(CompilerTest, ScopedRulesAreSkippedWhenInactive) {
  auto prog = CompileFile("rules/examples/temp_tables_relaxed.rules");
  ASSERT_TRUE(prog);
  EXPECT_TRUE(prog->has_scopes);
  const std::string listing = Disassemble(*prog, prog->partition_kernel);
  EXPECT_NE(listing.find("0  br.slot.k primary_alive != 0"), std::string::npos) << listing;
  EXPECT_NE(listing.find("skip.inactive rule 4"), std::string::npos) << listing;
  ASSERT_EQ(prog->scopes.size(), 1u);
}

std::unique_ptr<Program> CompileText(const std::string& text) {
  auto merged = LoadRules(
      "x.rules", [&](const std::string&) -> absl::StatusOr<std::string> { return text; },
      Limits());
  EXPECT_TRUE(merged.ok()) << merged.status();
  if (!merged.ok()) return nullptr;
  auto prog = Compile(*std::move(merged));
  EXPECT_TRUE(prog.ok()) << prog.status();
  return prog.ok() ? *std::move(prog) : nullptr;
}

TEST(CompilerTest, GeneralExpressionsUseRegistersAndLoops) {
  auto prog = CompileText(
      "partition q: require any(secondaries, s, s.port > 30000 and s.host =~ \"^10\\\\.\")"
      " else ERR_UNKNOWN \"{pidx}\"");
  ASSERT_TRUE(prog);
  const std::string listing = Disassemble(*prog, prog->partition_kernel);
  EXPECT_NE(listing.find("= next("), std::string::npos) << listing;
  EXPECT_NE(listing.find("=~ /^10\\./"), std::string::npos) << listing;
  EXPECT_LT(prog->register_count, 10);
}

// sum/min/max compile to a loop computing a value per item (min and max keep the first item,
// then each smaller or larger one, and take IF_EMPTY after an empty list). The partition
// filter does not compute them lane-wise: their rules are decided per partition, exactly.
TEST(CompilerTest, AggregatesAreLoopsAndGeneralInTheFilter) {
  auto prog = CompileText(
      "partition a: require sum(secondaries, s, s.port) > 1 else ERR_UNKNOWN\n"
      "partition b: require min(last_drops, d, d.port, 7) > 1 else ERR_UNKNOWN\n"
      "partition c: require primary_alive else ERR_UNKNOWN\n");
  ASSERT_TRUE(prog);
  const std::string listing = Disassemble(*prog, prog->partition_kernel);
  EXPECT_NE(listing.find("= next("), std::string::npos) << listing;
  EXPECT_NE(listing.find(" + r"), std::string::npos) << listing;   // sum's addition
  EXPECT_NE(listing.find("r1 = r"), std::string::npos) << listing;  // min's move
  EXPECT_EQ(DisassembleFilter(*prog),
            "0  general rule 0 (a)\n"
            "1  general rule 1 (b)\n"
            "2  m1 = primary_alive != 0\n"
            "3  require rule 2 (c): m1\n");
}

}  // namespace
}  // namespace dupready
