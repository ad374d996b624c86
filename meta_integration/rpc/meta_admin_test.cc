// The duplication-listing RPCs against fake source metas on 127.0.0.1: answers from the leader,
// a non-leader's forward followed by asking it for the leader, a meta older than the RPC, and a
// broken result located in the frame.
#include "meta_integration/rpc/meta_admin.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "meta_integration/rpc/testing/fake_meta_server.h"
#include "meta_integration/rpc/testing/serve_fake_meta.h"

namespace dupready {
namespace {

using Kind = FakeMetaBehavior::Kind;

MetaQueryOptions Timeout(int64_t ms) {
  MetaQueryOptions o;
  o.timeout_ms = ms;
  return o;
}

TEST(MetaAdminTest, ListDuplicationsFromTheLeader) {
  auto leader = ServeFakeMeta(SampleSourceCluster());
  auto a = ListDuplications({leader->address()}, Timeout(3000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->transport_err, "ERR_OK");
  ASSERT_TRUE(a->has_result);
  const auto& states = a->response.app_states;
  ASSERT_EQ(states.size(), 3u);  // the dropping table is not listed
  EXPECT_EQ(states.count("old"), 0u);
  EXPECT_TRUE(states.at("empty").duplications.empty());
  EXPECT_EQ(states.at("orders").partition_count, 8);
  EXPECT_EQ(states.at("orders").duplications.at(1).remote_app_name, "orders_bak");
  EXPECT_FALSE(states.at("orders").duplications.at(4).__isset.remote_app_name);
  EXPECT_EQ(leader->rpcs_asked(), std::vector<std::string>{kListDuplicationRpc});
}

TEST(MetaAdminTest, ANonLeaderIsAskedForTheLeader) {
  auto leader = ServeFakeMeta(SampleSourceCluster());
  FakeMetaBehavior fb;
  fb.kind = Kind::kForward;
  fb.leader = leader->address();
  auto follower = ServeFakeMeta(fb);
  // Only the non-leader is given: its forward has no leader, so the client asks it with the
  // query-configuration RPC, whose forward names the leader.
  auto a = ListDuplications({follower->address()}, Timeout(3000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->meta, leader->address().ToString());
  EXPECT_EQ(a->response.app_states.size(), 3u);
  EXPECT_EQ(follower->rpcs_asked(),
            (std::vector<std::string>{kListDuplicationRpc, kQueryConfigRpc}));
  const std::string trail = DescribeAttempts(a->attempts);
  EXPECT_NE(trail.find(absl::StrCat(follower->address().ToString(),
                                    ": answered ERR_FORWARD_TO_OTHERS, leader ",
                                    leader->address().ToString(), " (asked with ",
                                    kQueryConfigRpc, ")")),
            std::string::npos)
      << trail;

  // An inactive meta first, then the non-leader: both moved past, the leader found.
  FakeMetaBehavior ib;
  ib.kind = Kind::kNotActive;
  auto inactive = ServeFakeMeta(ib);
  auto b = ListApps({inactive->address(), follower->address()}, Timeout(3000));
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->meta, leader->address().ToString());
  ASSERT_EQ(b->response.infos.size(), 3u);  // AS_AVAILABLE only
  EXPECT_EQ(b->response.infos[0].app_name, "users");
  EXPECT_NE(DescribeAttempts(b->attempts).find("answered ERR_SERVICE_NOT_ACTIVE"),
            std::string::npos);
}

TEST(MetaAdminTest, AMetaOlderThanTheRpcSaysHandlerNotFound) {
  FakeMetaBehavior old = SampleSourceCluster();
  old.unknown_rpcs = {kListDuplicationRpc};
  auto meta = ServeFakeMeta(old);
  auto a = ListDuplications({meta->address()}, Timeout(3000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->transport_err, "ERR_HANDLER_NOT_FOUND");
  EXPECT_FALSE(a->has_result);
  ASSERT_EQ(a->attempts.size(), 1u);
  EXPECT_EQ(a->attempts[0].transport_err, "ERR_HANDLER_NOT_FOUND");
  EXPECT_EQ(a->attempts[0].outcome, "transport error ERR_HANDLER_NOT_FOUND");

  // The same meta still answers the older RPCs.
  auto q = QueryDuplication({meta->address()}, "orders", Timeout(3000));
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(q->response.err.name(), "ERR_OK");
  EXPECT_EQ(q->response.appid, 3);
  ASSERT_EQ(q->response.entry_list.size(), 2u);
  EXPECT_EQ(q->response.entry_list[0].remote, "c3");  // in the order the meta holds them
  EXPECT_EQ(q->response.entry_list[1].remote, "c2");
  auto missing = QueryDuplication({meta->address()}, "old", Timeout(3000));
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_EQ(missing->response.err.name(), "ERR_APP_NOT_EXIST");  // not available
  EXPECT_EQ(meta->apps_asked(), (std::vector<std::string>{"orders", "old"}));
}

TEST(MetaAdminTest, ABrokenResultIsLocatedAndTheNextMetaAsked) {
  FakeMetaBehavior broken = SampleSourceCluster();
  // app_states claims 2^31 - 1 tables in a 10-byte struct.
  broken.raw_results[kListDuplicationRpc] =
      std::string("\x0d\x00\x03\x0b\x0c\x7f\xff\xff\xff\x00", 10);
  auto bad = ServeFakeMeta(broken);
  auto good = ServeFakeMeta(SampleSourceCluster());
  auto a = ListDuplications({bad->address(), good->address()}, Timeout(3000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->meta, good->address().ToString());
  const std::string trail = DescribeAttempts(a->attempts);
  EXPECT_NE(trail.find("reply: the result at offset "), std::string::npos) << trail;
  EXPECT_NE(trail.find("duplication_list_response.app_states: map of 2147483647 elements "
                       "exceeds the remaining 1 bytes at offset 3"),
            std::string::npos)
      << trail;

  auto alone = ListDuplications({bad->address()}, Timeout(3000));
  ASSERT_FALSE(alone.ok());
  EXPECT_TRUE(absl::IsUnavailable(alone.status())) << alone.status();
  EXPECT_NE(alone.status().message().find("map of 2147483647 elements"), std::string::npos);
}

TEST(MetaAdminTest, NobodyAnsweringIsUnavailable) {
  absl::StatusOr<int> closed = ClosedLoopbackPort();
  ASSERT_TRUE(closed.ok());
  auto a = ListApps({MetaAddress{"127.0.0.1", *closed}}, Timeout(500));
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("connection refused"), std::string::npos) << a.status();
  EXPECT_TRUE(absl::IsInvalidArgument(QueryDuplication({MetaAddress{"127.0.0.1", *closed}},
                                                       std::string(5000, 'a'), Timeout(500))
                                          .status()));
}

}  // namespace
}  // namespace dupready
