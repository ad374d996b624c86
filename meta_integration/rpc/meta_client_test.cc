// Tests for the meta client against fake meta servers on 127.0.0.1: forwarding to the leader,
// moving on past inactive or broken metas, and deadlines when nobody answers.
#include "meta_integration/rpc/meta_client.h"

#include "gtest/gtest.h"
#include "meta_integration/rpc/testing/fake_meta_server.h"
#include "meta_integration/rpc/testing/serve_fake_meta.h"

namespace dupready {
namespace {

using Kind = FakeMetaBehavior::Kind;

pegasus_wire::query_cfg_response OnePartitionReply() {
  pegasus_wire::query_cfg_response r;
  r.app_id = 7;
  r.partition_count = 1;
  r.partitions.resize(1);
  r.partitions[0].max_replica_count = 1;
  r.partitions[0].__set_hp_primary(pegasus_wire::host_port("10.0.0.1", 34801));
  return r;
}

std::unique_ptr<FakeMetaServer> Leader() {
  FakeMetaBehavior b;
  b.app_name = "orders";
  b.response = OnePartitionReply();
  return ServeFakeMeta(b);
}

std::unique_ptr<FakeMetaServer> Forwarder(const MetaAddress& leader) {
  FakeMetaBehavior b;
  b.kind = Kind::kForward;
  b.leader = leader;
  return ServeFakeMeta(b);
}

std::unique_ptr<FakeMetaServer> Other(Kind kind) {
  FakeMetaBehavior b;
  b.kind = kind;
  return ServeFakeMeta(b);
}

MetaQueryOptions Timeout(int64_t ms) {
  MetaQueryOptions o;
  o.timeout_ms = ms;
  return o;
}

TEST(MetaClientTest, ParsesMetaLists) {
  absl::StatusOr<std::vector<MetaAddress>> l = ParseMetaList("10.0.0.1:34601, meta-2 ,[::1]:7");
  ASSERT_TRUE(l.ok()) << l.status();
  ASSERT_EQ(l->size(), 3u);
  EXPECT_EQ((*l)[0].ToString(), "10.0.0.1:34601");
  EXPECT_EQ((*l)[1].ToString(), "meta-2:34601");
  EXPECT_EQ((*l)[2].ToString(), "[::1]:7");
  for (const char* bad : {"", "a:,b", ":1", "h:0", "h:65536", "h:x", "[::1", "a,,b"})
    EXPECT_FALSE(ParseMetaList(bad).ok()) << bad;
}

TEST(MetaClientTest, AsksTheLeaderDirectly) {
  auto leader = Leader();
  absl::StatusOr<MetaAnswer> a = QueryPartitionConfig({leader->address()}, "orders", Timeout(3000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->meta, leader->address().ToString());
  EXPECT_EQ(a->reply.transport_err, "ERR_OK");
  EXPECT_EQ(a->reply.response.app_id, 7);
  EXPECT_EQ(leader->apps_asked(), std::vector<std::string>{"orders"});
}

TEST(MetaClientTest, FollowsAForwardToTheLeader) {
  auto leader = Leader();
  auto follower = Forwarder(leader->address());
  absl::StatusOr<MetaAnswer> a =
      QueryPartitionConfig({follower->address()}, "orders", Timeout(3000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->meta, leader->address().ToString());
  ASSERT_EQ(a->attempts.size(), 2u);
  EXPECT_EQ(a->attempts[0].outcome,
            "answered ERR_FORWARD_TO_OTHERS, leader " + leader->address().ToString());
  EXPECT_EQ(a->attempts[1].outcome, "answered ERR_OK");
  EXPECT_EQ(follower->requests(), 1);
  EXPECT_EQ(leader->requests(), 1);
}

TEST(MetaClientTest, MovesPastInactiveBrokenAndClosedMetas) {
  auto leader = Leader();
  auto inactive = Other(Kind::kNotActive);
  auto garbage = Other(Kind::kGarbage);
  auto closer = Other(Kind::kClose);
  auto no_leader = Forwarder(MetaAddress{"", 0});
  absl::StatusOr<int> closed = ClosedLoopbackPort();
  ASSERT_TRUE(closed.ok());
  absl::StatusOr<MetaAnswer> a = QueryPartitionConfig(
      {MetaAddress{"127.0.0.1", *closed}, inactive->address(), garbage->address(),
       closer->address(), no_leader->address(), leader->address()},
      "orders", Timeout(5000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->meta, leader->address().ToString());
  const std::string trail = DescribeAttempts(a->attempts);
  EXPECT_NE(trail.find("connection refused"), std::string::npos) << trail;
  EXPECT_NE(trail.find("answered ERR_SERVICE_NOT_ACTIVE"), std::string::npos) << trail;
  EXPECT_NE(trail.find("error name: length 1414023507"), std::string::npos) << trail;
  EXPECT_NE(trail.find("the connection closed after 0 of 4 bytes"), std::string::npos) << trail;
  EXPECT_NE(trail.find("answered ERR_FORWARD_TO_OTHERS;"), std::string::npos) << trail;
}

TEST(MetaClientTest, UnknownAppIsAnAnswer) {
  auto leader = Leader();
  absl::StatusOr<MetaAnswer> a = QueryPartitionConfig({leader->address()}, "nope", Timeout(3000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->reply.response.err.name(), "ERR_OBJECT_NOT_FOUND");
}

TEST(MetaClientTest, WithoutALeaderTheLastReplyIsTheAnswer) {
  auto inactive = Other(Kind::kNotActive);
  FakeMetaBehavior failing;
  failing.kind = Kind::kTransportError;
  failing.transport_err = "ERR_NETWORK_FAILURE";
  auto transport = ServeFakeMeta(failing);
  absl::StatusOr<MetaAnswer> a = QueryPartitionConfig(
      {inactive->address(), transport->address()}, "orders", Timeout(3000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->meta, transport->address().ToString());
  EXPECT_EQ(a->reply.transport_err, "ERR_NETWORK_FAILURE");
  EXPECT_FALSE(a->reply.has_result);
}

TEST(MetaClientTest, ForwardLoopsEnd) {
  // a forwards to b, b forwards to a: each is asked once.
  absl::StatusOr<int> port_b = ClosedLoopbackPort();
  ASSERT_TRUE(port_b.ok());
  auto a = Forwarder(MetaAddress{"127.0.0.1", *port_b});
  FakeMetaBehavior bb;
  bb.kind = Kind::kForward;
  bb.leader = a->address();
  absl::StatusOr<std::unique_ptr<FakeMetaServer>> b = FakeMetaServer::Start(bb, *port_b);
  if (!b.ok()) GTEST_SKIP() << "the port was taken meanwhile: " << b.status();
  absl::StatusOr<MetaAnswer> r = QueryPartitionConfig({a->address()}, "orders", Timeout(3000));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->reply.response.err.name(), "ERR_FORWARD_TO_OTHERS");
  EXPECT_EQ(a->requests(), 1);
  EXPECT_EQ((*b)->requests(), 1);
  EXPECT_NE(DescribeAttempts(r->attempts).find("already asked"), std::string::npos);
}

TEST(MetaClientTest, NobodyAnsweringFailsWithinTheTimeout) {
  absl::StatusOr<int> closed = ClosedLoopbackPort();
  ASSERT_TRUE(closed.ok());
  auto silent = Other(Kind::kSilent);
  const absl::Time start = absl::Now();
  absl::StatusOr<MetaAnswer> a = QueryPartitionConfig(
      {MetaAddress{"127.0.0.1", *closed}, silent->address()}, "orders", Timeout(400));
  const absl::Duration took = absl::Now() - start;
  ASSERT_FALSE(a.ok());
  EXPECT_TRUE(absl::IsDeadlineExceeded(a.status())) << a.status();
  EXPECT_LT(took, absl::Milliseconds(1500));
  EXPECT_GE(took, absl::Milliseconds(300));
  EXPECT_NE(a.status().message().find("connection refused"), std::string::npos) << a.status();
  EXPECT_NE(a.status().message().find("timed out waiting for the reply"), std::string::npos)
      << a.status();
}

TEST(MetaClientTest, ASilentMetaLeavesTimeForTheNext) {
  auto silent = Other(Kind::kSilent);
  auto leader = Leader();
  absl::StatusOr<MetaAnswer> a = QueryPartitionConfig({silent->address(), leader->address()},
                                                      "orders", Timeout(1000));
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->meta, leader->address().ToString());
}

}  // namespace
}  // namespace dupready
