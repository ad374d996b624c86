// The status machine against PEGASUS.md ("Duplication status machine"): every (from, to)
// pair, the two steps, errors.
#include "meta_integration/metaserver/duplication_status.h"

#include <set>
#include <utility>

#include "gtest/gtest.h"

namespace dupready {
namespace {

using S = DupStatus;
constexpr S kAll[] = {S::kInit, S::kPrepare, S::kApp, S::kLog, S::kPause, S::kRemoved};

// The seed: dup_test -> target_cluster.dup_test_3, 4 partitions, 1 replica.
const DupContext kSeed{/*dup_id=*/1, "dup_test", "target_cluster", "dup_test_3", 4, 1};

TEST(DuplicationStatusTest, NamesMatchPegasus) {
  const char* names[] = {"DS_INIT", "DS_PREPARE", "DS_APP", "DS_LOG", "DS_PAUSE", "DS_REMOVED"};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(static_cast<int>(kAll[i]), i);
    EXPECT_STREQ(DupStatusName(kAll[i]), names[i]);
    S back;
    ASSERT_TRUE(ParseDupStatus(names[i], &back));
    EXPECT_EQ(back, kAll[i]);
  }
  S unused;
  EXPECT_FALSE(ParseDupStatus("DS_app", &unused));
  EXPECT_STREQ(DupFailModeName(DupFailMode::kFast), "FAIL_FAST");
  EXPECT_EQ(static_cast<int>(DupFailMode::kSkip), 1);
}

TEST(DuplicationStatusTest, AllowedTransitionsExactly) {
  // PEGASUS.md: same; INIT->PREPARE; PREPARE->APP; APP/PAUSE/INIT->LOG; LOG->PAUSE;
  // any->REMOVED. Everything else is refused.
  const std::set<std::pair<S, S>> allowed = {
      {S::kInit, S::kPrepare}, {S::kPrepare, S::kApp}, {S::kApp, S::kLog},
      {S::kPause, S::kLog},    {S::kInit, S::kLog},    {S::kLog, S::kPause}};
  for (S from : kAll) {
    for (S to : kAll) {
      bool want = from == to || to == S::kRemoved || allowed.count({from, to}) > 0;
      EXPECT_EQ(IsValidAlteration(from, to), want)
          << DupStatusName(from) << " -> " << DupStatusName(to);
      Duplication dup(kSeed, from);
      std::string_view err = dup.AlterStatus(to);
      if (from == S::kRemoved) {
        EXPECT_EQ(err, kErrObjectNotFound) << DupStatusName(to);
      } else {
        EXPECT_EQ(err, want ? kErrOk : kErrInvalidParameters)
            << DupStatusName(from) << " -> " << DupStatusName(to);
      }
      EXPECT_EQ(dup.status(), from);  // nothing takes effect before it is persisted
      EXPECT_EQ(dup.is_altering(), err == kErrOk && from != to);
    }
  }
}

TEST(DuplicationStatusTest, TwoStepsBusyAndAbort) {
  Duplication dup(kSeed, S::kApp);
  ASSERT_EQ(dup.AlterStatus(S::kLog), kErrOk);
  EXPECT_TRUE(dup.is_altering());
  EXPECT_EQ(dup.next_status(), S::kLog);
  EXPECT_EQ(dup.status(), S::kApp);
  EXPECT_EQ(dup.AlterStatus(S::kLog), kErrBusy);
  EXPECT_EQ(dup.AlterStatus(S::kRemoved), kErrBusy);  // busy is checked first
  // What is stored while altering is the next status.
  EXPECT_NE(dup.ToJson().find("\"status\":\"DS_LOG\""), std::string::npos);

  dup.AbortAlteration();  // storing failed
  EXPECT_FALSE(dup.is_altering());
  EXPECT_EQ(dup.status(), S::kApp);
  EXPECT_FALSE(dup.PersistStatus());  // nothing pending
  EXPECT_EQ(dup.status(), S::kApp);

  ASSERT_EQ(dup.AlterStatus(S::kLog), kErrOk);
  EXPECT_TRUE(dup.PersistStatus());
  EXPECT_EQ(dup.status(), S::kLog);
  EXPECT_FALSE(dup.is_altering());
}

TEST(DuplicationStatusTest, SameStatusNeedsNoChangeButFailModeDoes) {
  Duplication dup(kSeed, S::kLog, DupFailMode::kSlow);
  EXPECT_EQ(dup.AlterStatus(S::kLog), kErrOk);
  EXPECT_FALSE(dup.is_altering());
  EXPECT_EQ(dup.AlterStatus(S::kLog, DupFailMode::kSkip), kErrOk);
  EXPECT_TRUE(dup.is_altering());
  dup.PersistStatus();
  EXPECT_EQ(dup.fail_mode(), DupFailMode::kSkip);
}

TEST(DuplicationStatusTest, RemovedIsFinal) {
  Duplication dup(kSeed, S::kLog);
  ASSERT_EQ(dup.AlterStatus(S::kRemoved), kErrOk);
  dup.PersistStatus();
  for (S to : kAll) EXPECT_EQ(dup.AlterStatus(to), kErrObjectNotFound);
}

TEST(DuplicationStatusTest, JsonRoundTrip) {
  DupContext c = kSeed;
  c.dup_id = 42;
  Duplication dup(c, S::kPause, DupFailMode::kFast);
  EXPECT_EQ(dup.StorePath(), "/duplication/dup_test/42");
  absl::StatusOr<Duplication> back = Duplication::FromJson(dup.ToJson(), "stored");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->ToJson(), dup.ToJson());
  EXPECT_EQ(back->status(), S::kPause);
  EXPECT_EQ(back->context().remote_app_name, "dup_test_3");

  absl::StatusOr<Duplication> bad =
      Duplication::FromJson("{\"app_name\": \"x\",\n \"status\": \"DS_LOGG\"}", "stored");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("stored:2:12:"), absl::string_view::npos) << bad.status();
  EXPECT_FALSE(Duplication::FromJson("{\"colour\": 1}", "s").ok());
  EXPECT_FALSE(Duplication::FromJson("[]", "s").ok());
}

}  // namespace
}  // namespace dupready
