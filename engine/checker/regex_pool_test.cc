// Tests for the regex pool: tiers by program size, sharing of equal patterns, and the budget
// every compile attempt is charged against, at the limit and one past it.
#include "engine/checker/regex_pool.h"

#include <malloc.h>

#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

TEST(RegexPoolTest, SmallPatternsGetTheSmallTierAndEqualPatternsAreShared) {
  RegexPool pool;
  std::string error;
  const int a = pool.Add("^temp_", Limits(), &error);
  ASSERT_GE(a, 0) << error;
  EXPECT_EQ(pool.Add("^temp_", Limits(), &error), a);
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool.memory(), RegexPool::kSmallTier);
  EXPECT_EQ(pool.charged(), RegexPool::kSmallTier);
  EXPECT_TRUE(RE2::PartialMatch("temp_orders", pool[a]));
}

TEST(RegexPoolTest, LargerProgramsGetTheTierThatMatchesThemFast) {
  RegexPool pool;
  std::string error;
  // About 800 instructions: too many for 256 KiB at 1 KiB each, so the top tier.
  const int i = pool.Add("[^a]{100}", Limits(), &error);
  ASSERT_GE(i, 0) << error;
  EXPECT_GT(pool[i].ProgramSize(), 256);
  EXPECT_EQ(pool.memory(), Limits().max_regex_memory);
  // It compiled at the small tier first, then at the top one: both are charged.
  EXPECT_EQ(pool.charged(), RegexPool::kSmallTier + Limits().max_regex_memory);
  // About 100 instructions: the middle tier.
  const int j = pool.Add("[a-z]{50}x", Limits(), &error);
  ASSERT_GE(j, 0) << error;
  EXPECT_GT(pool[j].ProgramSize() * RegexPool::kBytesPerInstruction, RegexPool::kSmallTier);
  EXPECT_EQ(pool.memory(), Limits().max_regex_memory + RegexPool::kMediumTier);
}

TEST(RegexPoolTest, BadPatternsAreReportedAndCharged) {
  RegexPool pool;
  std::string error;
  EXPECT_EQ(pool.Add("^temp_(", Limits(), &error), -1);
  EXPECT_EQ(error.rfind("bad regular expression: missing ): ", 0), 0u) << error;
  EXPECT_EQ(pool.charged(), RegexPool::kSmallTier);
  EXPECT_EQ(pool.size(), 0u);
}

TEST(RegexPoolTest, TheBudgetHoldsAtTheLimitAndRefusesOnePast) {
  Limits limits;
  limits.max_regex_memory_total = 4 * RegexPool::kSmallTier;
  RegexPool pool;
  std::string error;
  for (int i = 0; i < 4; ++i) ASSERT_GE(pool.Add("p" + std::to_string(i), limits, &error), 0);
  EXPECT_EQ(pool.charged(), limits.max_regex_memory_total);
  EXPECT_EQ(pool.Add("p4", limits, &error), -1);
  EXPECT_NE(error.find("need more than 131072 bytes of RE2 memory together"), std::string::npos)
      << error;
  EXPECT_EQ(pool.charged(), limits.max_regex_memory_total);  // the refused one is not compiled
  // Later patterns are refused too, without a second message; one compiled before is free.
  EXPECT_EQ(pool.Add("p5", limits, &error), -1);
  EXPECT_EQ(error, "");
  EXPECT_GE(pool.Add("p0", limits, &error), 0);
}

TEST(RegexPoolTest, MatchingStaysWithinTheMemoryCharged) {
  // Hostile texts fill the DFA caches; the heap each pattern holds stays under its charge.
  const char* patterns[] = {"backup", "\\.dc[0-9]+\\.", "(a|b)*c[a-z]{3}", "[^a]{100}",
                            "(?i)[a-z]+-[0-9]+\\.prod"};
  for (const char* p : patterns) {
    const size_t before = mallinfo2().uordblks;
    RegexPool pool;
    std::string error;
    const int i = pool.Add(p, Limits(), &error);
    ASSERT_GE(i, 0) << error;
    std::string text(255, 'a');
    const char alphabet[] = "abcxyz019.-ABQ";
    for (int n = 0; n < 20000; ++n) {
      for (int k = 0; k < 8; ++k) text[(n * 31 + k * 7) % 255] = alphabet[(n + k) % 14];
      (void)RE2::PartialMatch(text, pool[i]);
    }
    const size_t held = mallinfo2().uordblks - before;
    EXPECT_LE(static_cast<int64_t>(held), pool.memory()) << p;
  }
}

}  // namespace
}  // namespace dupready
