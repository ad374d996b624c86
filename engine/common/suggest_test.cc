// Tests for Suggest and EditDistance.
#include "engine/common/suggest.h"

#include <string_view>
#include <vector>

#include "gtest/gtest.h"

namespace dupready {
namespace {

constexpr int kNoLimit = 1000;

TEST(EditDistanceTest, CountsEachKindOfEditOnce) {
  EXPECT_EQ(EditDistance("", "", kNoLimit), 0);
  EXPECT_EQ(EditDistance("abc", "abc", kNoLimit), 0);
  EXPECT_EQ(EditDistance("", "abc", kNoLimit), 3);
  EXPECT_EQ(EditDistance("abc", "", kNoLimit), 3);
  EXPECT_EQ(EditDistance("ballot", "balot", kNoLimit), 1);    // deletion
  EXPECT_EQ(EditDistance("ballot", "ballots", kNoLimit), 1);  // insertion
  EXPECT_EQ(EditDistance("ballot", "bellot", kNoLimit), 1);   // substitution
  EXPECT_EQ(EditDistance("pidx", "pdix", kNoLimit), 1);       // adjacent swap
  EXPECT_EQ(EditDistance("kitten", "sitting", kNoLimit), 3);
  EXPECT_EQ(EditDistance("ca", "abc", kNoLimit), 3);  // OSA: no edits inside a swapped pair
}

TEST(EditDistanceTest, IsSymmetric) {
  const char* words[] = {"primary", "primray", "secondaries", "secnodaries", "x", ""};
  for (const char* a : words)
    for (const char* b : words)
      EXPECT_EQ(EditDistance(a, b, kNoLimit), EditDistance(b, a, kNoLimit)) << a << " " << b;
}

TEST(EditDistanceTest, StopsPastTheLimit) {
  EXPECT_EQ(EditDistance("abcdef", "uvwxyz", 2), 3);
  EXPECT_EQ(EditDistance("a", "abcdefgh", 2), 3);  // length difference alone
  EXPECT_EQ(EditDistance("abcd", "abdc", 1), 1);
}

TEST(SuggestTest, PicksTheClosestCandidate) {
  const std::vector<std::string_view> keys = {"pidx",    "ballot",      "max_replica_count",
                                              "primary", "secondaries", "last_drops"};
  EXPECT_EQ(Suggest("balot", keys), "ballot");
  EXPECT_EQ(Suggest("primray", keys), "primary");
  EXPECT_EQ(Suggest("secondary", keys), "secondaries");  // 3 edits, 9 / 3 = 3 allowed
  EXPECT_EQ(Suggest("max_replicas_count", keys), "max_replica_count");
  EXPECT_EQ(Suggest("pidx", keys), "pidx");
  EXPECT_EQ(Suggest("PIDX", keys), "");  // bytes compare exactly: 4 edits
}

TEST(SuggestTest, RejectsCandidatesTooFarAway) {
  const std::vector<std::string_view> keys = {"ballot", "primary"};
  EXPECT_EQ(Suggest("zzzzzz", keys), "");
  EXPECT_EQ(Suggest("bxllxt", keys), "ballot");  // 2 edits, 6 / 3 = 2 allowed...
  EXPECT_EQ(Suggest("bxlxxt", keys), "");        // ...but 3 are too many
  EXPECT_EQ(Suggest("", keys), "");
  EXPECT_EQ(Suggest("ballot", {}), "");
}

TEST(SuggestTest, ShortWordsAllowOneEdit) {
  const std::vector<std::string_view> keys = {"err", "id"};
  EXPECT_EQ(Suggest("er", keys), "err");
  EXPECT_EQ(Suggest("ix", keys), "id");
  EXPECT_EQ(Suggest("x", keys), "");  // "id" is 2 edits away; "err" 3
}

TEST(SuggestTest, TiesGoToTheEarlierCandidate) {
  EXPECT_EQ(Suggest("cat", {"bat", "hat"}), "bat");
  EXPECT_EQ(Suggest("cat", {"hat", "bat"}), "hat");
  EXPECT_EQ(Suggest("cat", {"hat", "cat"}), "cat");  // exact match beats an earlier near one
}

TEST(SuggestTest, SkipsEmptyCandidates) {
  EXPECT_EQ(Suggest("a", {""}), "");
  EXPECT_EQ(Suggest("ab", {"", "b"}), "b");
}

}  // namespace
}  // namespace dupready
