// reply_facts builds the same facts as the snapshot path (ReplyToProto + BuildFacts).
#include "meta_integration/plugin/reply_facts.h"

#include <random>

#include "engine/snapshot/facts_adapter.h"
#include "gtest/gtest.h"
#include "meta_integration/formats/pegasus_convert.h"

namespace dupready {
namespace {

QueryConfigResponse RandomResponse(std::mt19937* rng) {
  auto pick = [&](int n) { return static_cast<int>((*rng)() % n); };
  QueryConfigResponse r;
  r.set_err("ERR_OK");
  r.set_app_id(3);
  int n = 1 + pick(40);
  r.set_partition_count(n);
  r.set_is_stateful(true);
  auto addr = [&](Address* a) {
    if (pick(6) == 0) return;  // invalid
    a->set_host(pick(2) ? absl::StrCat("10.0.", pick(4), ".", pick(250)) : absl::StrCat("node-", pick(9), ".dc"));
    a->set_port(pick(2) ? 34801 : static_cast<uint32_t>(pick(65536)));
  };
  for (int i = 0; i < n; ++i) {
    PartitionConfig* p = r.add_partitions();
    p->set_pidx(i);
    p->set_ballot(pick(100));
    p->set_max_replica_count(1 + pick(5));
    addr(p->mutable_primary());
    for (int s = pick(5); s > 0; --s) addr(p->add_secondaries());
    for (int s = pick(3); s > 0; --s) addr(p->add_last_drops());
    p->set_last_committed_decree(pick(100000));
  }
  return r;
}

void ExpectSameFacts(const FollowerFacts& a, const FollowerFacts& b) {
  ASSERT_EQ(a.partitions.size(), b.partitions.size());
  EXPECT_EQ(a.response_err, b.response_err);
  EXPECT_EQ(a.app_id, b.app_id);
  for (size_t i = 0; i < a.partitions.size(); ++i)
    for (int s = 0; s < kNumPartitionSlots; ++s)
      ASSERT_EQ(a.partitions[i].slot[s], b.partitions[i].slot[s]) << i << " slot " << s;
  ASSERT_EQ(a.addresses.size(), b.addresses.size());
  for (size_t i = 0; i < a.addresses.size(); ++i) {
    EXPECT_EQ(a.addresses[i].valid, b.addresses[i].valid);
    EXPECT_EQ(a.addresses[i].host, b.addresses[i].host);
    EXPECT_EQ(a.addresses[i].port, b.addresses[i].port);
  }
}

TEST(ReplyFactsTest, SameFactsAsTheSnapshotPath) {
  std::mt19937 rng(7);
  ReplyFactsBuilder builder;
  FollowerFacts direct;
  for (int round = 0; round < 200; ++round) {
    QueryConfigResponse resp = RandomResponse(&rng);
    for (bool hp : {true, false}) {
      // Old servers cannot carry hostnames: give them IPv4 only.
      QueryConfigResponse r = resp;
      if (!hp) {
        for (auto& p : *r.mutable_partitions()) {
          auto fix = [](Address* a) { if (!a->host().empty() && a->host()[0] == 'n') a->set_host("10.9.9.9"); };
          fix(p.mutable_primary());
          for (auto& s : *p.mutable_secondaries()) fix(&s);
          for (auto& s : *p.mutable_last_drops()) fix(&s);
        }
      }
      ReplyOptions opts;
      opts.fill_host_port = hp;
      auto reply = ProtoToReply(r, opts);
      ASSERT_TRUE(reply.ok()) << reply.status();
      auto back = ReplyToProto(*reply);
      ASSERT_TRUE(back.ok()) << back.status();
      FollowerSnapshot snap;
      *snap.mutable_response() = *back;
      snap.set_rpc_err("ERR_OK");
      FollowerFacts via_proto;
      ASSERT_TRUE(BuildFacts(snap, &via_proto).ok());
      DupContextView dup;
      ASSERT_TRUE(builder.Build(dup, "ERR_OK", &*reply, &direct).ok());
      ExpectSameFacts(direct, via_proto);
    }
  }
}

TEST(ReplyFactsTest, RejectsUnsafeTextAndLongLists) {
  ReplyFactsBuilder builder;
  FollowerFacts facts;
  pegasus_wire::query_cfg_response reply;
  reply.err.set_name("ERR_OK\n");
  EXPECT_FALSE(builder.Build({}, "ERR_OK", &reply, &facts).ok());
  reply.err.set_name("ERR_OK");
  pegasus_wire::partition_configuration pc;
  pc.__isset.hp_primary = true;
  pc.hp_primary = pegasus_wire::host_port("evil\x1b[31m", 34801);
  reply.partitions.push_back(pc);
  auto s = builder.Build({}, "ERR_OK", &reply, &facts);
  EXPECT_EQ(s.message(), "query_cfg_response.partitions[0].hp_primary: not a valid address, or "
                         "longer than 64 entries");
  reply.partitions[0].hp_primary = pegasus_wire::host_port("10.0.0.1", 34801);
  reply.partitions[0].__isset.hp_secondaries = true;
  reply.partitions[0].hp_secondaries.assign(65, pegasus_wire::host_port("10.0.0.2", 34801));
  EXPECT_FALSE(builder.Build({}, "ERR_OK", &reply, &facts).ok());
  reply.partitions[0].hp_secondaries.resize(64);
  EXPECT_TRUE(builder.Build({}, "ERR_OK", &reply, &facts).ok());
  EXPECT_EQ(facts.partitions[0].slot[kSlotAliveSecondaries], 64);
  EXPECT_FALSE(builder.Build({}, "ERR_\"OK", nullptr, &facts).ok());
}

}  // namespace
}  // namespace dupready
