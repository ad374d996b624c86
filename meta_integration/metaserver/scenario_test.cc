// Scenario files: the shipped ones parse; mistakes are located; replies are real bytes.
#include "engine/testing/files.h"
#include "meta_integration/metaserver/scenario.h"


#include "gtest/gtest.h"
#include "meta_integration/wire/pegasus_codec.h"

namespace dupready {
namespace {

TEST(ScenarioTest, ShippedScenariosParse) {
  for (const char* name : {"seed_single_replica", "persist_failure", "stability", "reload_fix"}) {
    std::string path = std::string("testdata/scenarios/") + name + ".json";
    std::string text = testing::ReadFile(path);
    ASSERT_FALSE(text.empty()) << path;
    absl::StatusOr<Scenario> s = ParseScenario(text, path);
    EXPECT_TRUE(s.ok()) << s.status();
  }
}

TEST(ScenarioTest, SeedScenarioHasTheSeed) {
  absl::StatusOr<Scenario> s = ParseScenario(
      testing::ReadFile("testdata/scenarios/seed_single_replica.json"), "seed_single_replica.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->dup.remote_cluster_name, "target_cluster");
  EXPECT_EQ(s->dup.remote_app_name, "dup_test_3");
  EXPECT_EQ(s->dup.partition_count, 4);
  EXPECT_EQ(s->status, DupStatus::kInit);
  ASSERT_EQ(s->steps.size(), 4u);
  EXPECT_EQ(s->steps[0].kind, ScenarioStep::Kind::kAlter);
  EXPECT_EQ(s->steps[0].alter_to, DupStatus::kPrepare);
  const ScenarioStep& check = s->steps[3];
  EXPECT_EQ(check.kind, ScenarioStep::Kind::kCheck);
  EXPECT_EQ(check.repeat, 3);
  EXPECT_EQ(check.at_ms, 8000);
  auto reply = DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(check.reply.data()),
                                      check.reply.size());
  ASSERT_TRUE(reply.ok()) << reply.status();
  ASSERT_EQ(reply->partitions.size(), 4u);
  EXPECT_EQ(reply->partitions[2].max_replica_count, 1);
  EXPECT_EQ(reply->partitions[2].hp_primary.host(), "10.0.0.3");
  EXPECT_TRUE(reply->partitions[2].primary.is_valid());
  EXPECT_TRUE(reply->partitions[2].secondaries.empty());
}

TEST(ScenarioTest, MistakesAreLocatedAndReportedTogether) {
  const char* text =
      "{\"duplication\": {\"app_name\": \"a\", \"remote_cluster_name\": \"c\",\n"
      "                 \"partition_count\": 0, \"staus\": \"DS_APP\"},\n"
      " \"steps\": [{\"check\": {\"partitions\": [{\"pidx\": 0, \"max_replica_count\": 1,\n"
      "                                      \"primary\": \"10.0.0.1\"}]}},\n"
      "           {\"alter\": \"DS_WHATEVER\"},\n"
      "           {\"check\": \"nope\"},\n"
      "           {\"alter\": \"DS_LOG\", \"persist_fails\": 1},\n"
      "           {\"rpc_err\": \"timeout\"}]}\n";
  absl::StatusOr<Scenario> s = ParseScenario(text, "s.json");
  ASSERT_FALSE(s.ok());
  std::string m(s.status().message());
  EXPECT_NE(m.find("s.json:2:37: error: 'partition_count' must be an integer in [1,"), std::string::npos) << m;
  EXPECT_NE(m.find("s.json:2:40: error: unknown key 'staus'; did you mean 'status'?"), std::string::npos) << m;
  EXPECT_NE(m.find("s.json:4:50: error: invalid address '10.0.0.1': expected \"host:port\" or \"\""), std::string::npos) << m;
  EXPECT_NE(m.find("s.json:5:22: error: 'alter' must be a status name"), std::string::npos) << m;
  EXPECT_NE(m.find("s.json:6:22: error: no reply named 'nope'"), std::string::npos) << m;
  EXPECT_NE(m.find("s.json:7:12: error: a step needs exactly one of"), std::string::npos) << m;
  EXPECT_NE(m.find("s.json:8:24: error: 'rpc_err' must be a Pegasus error name"), std::string::npos) << m;
}

TEST(ScenarioTest, TruncateCutsTheBytes) {
  const char* text = R"({
    "duplication": {"app_name": "a", "remote_cluster_name": "c", "partition_count": 1},
    "replies": {"r": {"partition_count": 1, "partitions": [{"pidx": 0, "max_replica_count": 1}]}},
    "steps": [{"check": "r"}, {"check": "r", "truncate": 5}, {"reload": true},
              {"reload": "x.rules", "shadow": "y.rules"}, {"persist_fails": 2}]})";
  absl::StatusOr<Scenario> s = ParseScenario(text, "t.json");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_GT(s->steps[0].reply.size(), 5u);
  EXPECT_EQ(s->steps[1].reply, s->steps[0].reply.substr(0, 5));
  EXPECT_EQ(s->dup.remote_app_name, "a");  // defaults to app_name, as in Pegasus
  EXPECT_TRUE(s->steps[2].reload_same);
  EXPECT_EQ(s->steps[3].shadow_path, "y.rules");
  EXPECT_EQ(s->steps[4].persist_fails, 2);
}

}  // namespace
}  // namespace dupready
