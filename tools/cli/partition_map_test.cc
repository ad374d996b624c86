// Tests for the partition map: layout of rows, letters per error code, the legend.
#include "tools/cli/partition_map.h"

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

const std::vector<std::string> kRules = {"remote_ok", "primary_alive", "enough_members",
                                         "secondaries_alive", "fully_replicated"};

PartitionOutcome Fail(int rule, const char* error) { return PartitionOutcome{rule, error}; }

TEST(PartitionMapTest, SmallTable) {
  std::vector<int32_t> pidx = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::vector<PartitionOutcome> o(10);
  o[2] = Fail(2, "ERR_NOT_ENOUGH_MEMBER");
  o[5] = Fail(3, "ERR_INACTIVE_STATE");
  o[9] = Fail(4, "ERR_NOT_ENOUGH_MEMBER");
  EXPECT_EQ(RenderPartitionMap(pidx, o, kRules),
            "partition map (10 partitions, reply order, 64 per row):\n"
            "    0  ..N..I.. .N\n"
            "legend:\n"
            "  .  passes                 7 partitions\n"
            "  N  ERR_NOT_ENOUGH_MEMBER  2 partitions     (rules enough_members, fully_replicated)\n"
            "  I  ERR_INACTIVE_STATE     1 partition      (rule secondaries_alive)\n");
}

TEST(PartitionMapTest, ThousandTwentyFourPartitionsFitSixteenRows) {
  std::vector<int32_t> pidx(1024);
  std::vector<PartitionOutcome> o(1024);
  for (int i = 0; i < 1024; ++i) pidx[i] = i;
  for (int i = 0; i < 1024; i += 37) o[i] = Fail(2, "ERR_NOT_ENOUGH_MEMBER");
  o[1023] = Fail(1, "ERR_INACTIVE_STATE");
  const std::string map = RenderPartitionMap(pidx, o, kRules);
  std::vector<std::string> lines = absl::StrSplit(map, '\n');
  // Title, 16 rows, "legend:", 3 entries, and the empty string after the last newline.
  ASSERT_EQ(lines.size(), 1u + 16 + 1 + 3 + 1) << map;
  EXPECT_EQ(lines[1].substr(0, 7), "    0  ");
  EXPECT_EQ(lines[2].substr(0, 7), "   64  ");
  EXPECT_EQ(lines[16].substr(0, 7), "  960  ");
  for (int r = 1; r <= 16; ++r) {
    EXPECT_EQ(lines[r].size(), 7u + 64 + 7) << lines[r];  // label, 64 cells, 7 group gaps
    EXPECT_LE(lines[r].size(), 80u);
  }
  EXPECT_EQ(lines[1].substr(7, 10), "N....... .");
  EXPECT_EQ(lines[16].back(), 'I');
  EXPECT_NE(map.find("  N  ERR_NOT_ENOUGH_MEMBER  28 partitions"), std::string::npos) << map;
  EXPECT_NE(map.find("  I  ERR_INACTIVE_STATE     1 partition "), std::string::npos) << map;
}

TEST(PartitionMapTest, RowsStartWithTheirFirstPidxInReplyOrder) {
  std::vector<int32_t> pidx;
  for (int i = 0; i < 70; ++i) pidx.push_back(1000 + 2 * i);
  std::vector<PartitionOutcome> o(70);
  const std::string map = RenderPartitionMap(pidx, o, kRules, 64);
  EXPECT_NE(map.find("\n 1000  "), std::string::npos) << map;
  EXPECT_NE(map.find("\n 1128  ......\n"), std::string::npos) << map;
}

TEST(PartitionMapTest, LettersDoNotCollide) {
  EXPECT_EQ(ErrorLetter("ERR_INACTIVE_STATE", ""), 'I');
  EXPECT_EQ(ErrorLetter("ERR_INVALID_STATE", "I"), 'N');
  EXPECT_EQ(ErrorLetter("ERR_NOT_ENOUGH_MEMBER", "IN"), 'O');
  EXPECT_EQ(ErrorLetter("ERR_OK", "OK"), 'A');
  std::string all;
  for (char c = 'A'; c <= 'Z'; ++c) all.push_back(c);
  for (char c = 'a'; c <= 'z'; ++c) all.push_back(c);
  EXPECT_EQ(ErrorLetter("ERR_X", all), '?');
}

}  // namespace
}  // namespace dupready
