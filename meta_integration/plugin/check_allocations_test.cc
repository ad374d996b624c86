// dupready_check allocates nothing for a ready table once the thread's working memory has grown
// to the table's size, and only its explanation for a table that is not ready: at most
// kPerVerdict + kPerFailingRule blocks for each rule that fails, with the shipped rule files
// (README.md states the bound this test holds it to).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "meta_integration/plugin/dupready_plugin.h"
#include "meta_integration/plugin/plugin_checker.h"
#include "meta_integration/testing/alloc_counter.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "meta_integration/wire/pegasus_codec.h"

namespace dupready {
namespace {

using testonly::AllocationCounter;

constexpr size_t kPerVerdict = 8;
constexpr size_t kPerFailingRule = 8;

// A reply of `n` 3-replica partitions as a current server sends it (hp_* fields too), or an
// old one (rpc_addresses only); `edit` may change it before it is encoded.
template <typename Edit>
std::string Reply(int n, bool current, Edit edit) {
  pegasus_wire::query_cfg_response r;
  r.__set_app_id(3);
  r.__set_partition_count(n);
  r.__set_is_stateful(true);
  for (int i = 0; i < n; ++i) {
    pegasus_wire::partition_configuration pc;
    pc.__set_pid(pegasus_wire::gpid(3, i));
    pc.__set_max_replica_count(3);
    const uint32_t ip = 0x0A000001u + static_cast<uint32_t>(i % 12);
    pc.__set_primary(pegasus_wire::rpc_address::Ipv4(ip, 34801));
    pc.__set_secondaries({pegasus_wire::rpc_address::Ipv4(ip + 1, 34801),
                          pegasus_wire::rpc_address::Ipv4(ip + 2, 34801)});
    if (current) {
      pc.__set_hp_primary(pegasus_wire::host_port("node-" + std::to_string(i % 12), 34801));
      pc.__set_hp_secondaries({pegasus_wire::host_port("node-a", 34801),
                               pegasus_wire::host_port("node-b", 34801)});
    }
    r.partitions.push_back(pc);
  }
  r.__isset.partitions = true;
  edit(&r);
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(r);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : std::string();
}
std::string Reply(int n, bool current) {
  return Reply(n, current, [](pegasus_wire::query_cfg_response*) {});
}

class CheckAllocationsTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    char err[512];
    checker_ = dupready_open(GetParam(), "", err, sizeof err);
    ASSERT_NE(checker_, nullptr) << err;
    auto rules = PluginChecker::Open(GetParam(), "");
    ASSERT_TRUE(rules.ok()) << rules.status();
    rules_ = *std::move(rules);
  }
  void TearDown() override { dupready_close(checker_); }

  // The rules that fail on `reply`, as the C++ checker behind dupready_check counts them.
  size_t FailingRules(const std::string& reply, int n) {
    const DupContextView dup{"dup_test", "target_cluster", "dup_test_3", n, 3};
    CheckScratch scratch;
    rules_->Check(dup, "ERR_OK", reinterpret_cast<const uint8_t*>(reply.data()), reply.size(),
                  &scratch);
    return scratch.verdict().failures.size();
  }

  // Allocations of one dupready_check of `reply` for a table of `n` partitions.
  size_t Allocations(const std::string& reply, int n, dupready_verdict* v) {
    const dupready_dup_context dup = {"dup_test", "target_cluster", "dup_test_3", n, 3};
    AllocationCounter counter;
    const int rc = dupready_check(checker_, &dup, "ERR_OK",
                                  reinterpret_cast<const uint8_t*>(reply.data()), reply.size(), v);
    counter.Stop();
    EXPECT_EQ(rc, 0);
    return counter.count();
  }

  dupready_checker* checker_ = nullptr;
  std::unique_ptr<PluginChecker> rules_;
};

INSTANTIATE_TEST_SUITE_P(ShippedRules, CheckAllocationsTest,
                         ::testing::Values("rules/default.rules", "rules/strict.rules"));

TEST_P(CheckAllocationsTest, ReadyTablesAllocateNothingOnceGrown) {
  for (bool current : {true, false}) {
    const std::string big = Reply(4096, current);
    const std::string small = Reply(16, current);
    dupready_verdict v;
    Allocations(big, 4096, &v);  // the thread's working memory grows to the big table
    ASSERT_EQ(v.ready, 1) << v.message;
    EXPECT_EQ(Allocations(big, 4096, &v), 0u) << (current ? "current" : "old") << " server";
    EXPECT_EQ(Allocations(small, 16, &v), 0u);
    EXPECT_EQ(Allocations(big, 4096, &v), 0u);
    EXPECT_EQ(v.ready, 1);
  }
}

TEST_P(CheckAllocationsTest, NotReadyTablesAllocateTheirExplanationOnly) {
  struct Case {
    const char* name;
    std::string reply;
    int partition_count;
  };
  const int n = 1024;
  const std::vector<Case> cases = {
      {"one invalid secondary",
       Reply(n, true,
             [](pegasus_wire::query_cfg_response* r) {
               r->partitions[n / 2].hp_secondaries[1] = pegasus_wire::host_port();
             }),
       n},
      {"no secondary anywhere",
       Reply(n, true,
             [](pegasus_wire::query_cfg_response* r) {
               for (auto& pc : r->partitions) pc.__set_hp_secondaries({});
             }),
       n},
      {"no primary and no secondary anywhere",
       Reply(n, true,
             [](pegasus_wire::query_cfg_response* r) {
               for (auto& pc : r->partitions) {
                 pc.__set_hp_primary(pegasus_wire::host_port());
                 pc.__set_hp_secondaries({});
               }
             }),
       n},
      {"three partition rules fail",
       Reply(n, true,
             [](pegasus_wire::query_cfg_response* r) {
               r->partitions[10].__set_hp_primary(pegasus_wire::host_port());
               r->partitions[20].__set_hp_secondaries({});
               r->partitions[30].hp_secondaries[0] = pegasus_wire::host_port();
             }),
       n},
      {"partition count differs", Reply(n, true), n + 1},
      {"the follower answers an error",
       Reply(n, true,
             [](pegasus_wire::query_cfg_response* r) {
               r->__set_err(pegasus_wire::error_code("ERR_APP_NOT_EXIST"));
             }),
       n},
  };
  for (const Case& c : cases) {
    dupready_verdict v;
    Allocations(c.reply, c.partition_count, &v);
    ASSERT_EQ(v.ready, 0) << c.name;
    const size_t count = Allocations(c.reply, c.partition_count, &v);
    const size_t failing = FailingRules(c.reply, c.partition_count);
    std::printf("%s, %s: %zu allocations, %zu failing rules (%s by %s)\n", GetParam(), c.name,
                count, failing, v.error, v.rule);
    EXPECT_GE(failing, 1u) << c.name;
    EXPECT_LE(count, kPerVerdict + kPerFailingRule * failing) << c.name;
    EXPECT_GT(count, 0u) << c.name;  // the counter counts
  }
}

}  // namespace
}  // namespace dupready
