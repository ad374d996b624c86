// ReplySpec must build exactly what ProtoToReply builds for a current server, and bytes the
// codec reads back.
#include "meta_integration/reply_builder.h"

#include "gtest/gtest.h"
#include "meta_integration/pegasus_codec.h"
#include "meta_integration/pegasus_convert.h"

namespace dupready {
namespace {

TEST(ReplyBuilderTest, MatchesProtoToReply) {
  ReplySpec spec;
  spec.err = "ERR_OK";
  spec.app_id = 7;
  spec.partition_count = 2;
  spec.partitions.push_back({0, 3, 3, "10.0.0.1:34801", {"10.0.0.2:34801", ""}, {"10.0.0.9:1"}, 100, 0});
  spec.partitions.push_back({1, 4, 3, "", {"host-b.example:34802"}, {}, 101, 2});

  QueryConfigResponse proto;
  proto.set_err("ERR_OK");
  proto.set_app_id(7);
  proto.set_partition_count(2);
  proto.set_is_stateful(true);
  auto add = [](auto* list, const std::string& host, uint32_t port) {
    Address* a = list->Add();
    a->set_host(host);
    a->set_port(port);
  };
  PartitionConfig* p0 = proto.add_partitions();
  p0->set_pidx(0);
  p0->set_ballot(3);
  p0->set_max_replica_count(3);
  p0->mutable_primary()->set_host("10.0.0.1");
  p0->mutable_primary()->set_port(34801);
  add(p0->mutable_secondaries(), "10.0.0.2", 34801);
  add(p0->mutable_secondaries(), "", 0);
  add(p0->mutable_last_drops(), "10.0.0.9", 1);
  p0->set_last_committed_decree(100);
  PartitionConfig* p1 = proto.add_partitions();
  p1->set_pidx(1);
  p1->set_ballot(4);
  p1->set_max_replica_count(3);
  p1->mutable_primary();
  add(p1->mutable_secondaries(), "host-b.example", 34802);
  p1->set_last_committed_decree(101);
  p1->set_partition_flags(2);

  absl::StatusOr<pegasus_wire::query_cfg_response> want = ProtoToReply(proto);
  ASSERT_TRUE(want.ok()) << want.status();
  absl::StatusOr<pegasus_wire::query_cfg_response> got = BuildReply(spec);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*EncodeQueryCfgResponse(*got), *EncodeQueryCfgResponse(*want));

  absl::StatusOr<std::string> bytes = EncodeReplySpec(spec);
  ASSERT_TRUE(bytes.ok());
  auto decoded = DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes->data()),
                                        bytes->size());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->partitions[1].hp_secondaries[0].host(), "host-b.example");
}

TEST(ReplyBuilderTest, RejectsMalformedAddresses) {
  for (const char* bad : {"10.0.0.1", "10.0.0.1:", ":34801", "10.0.0.1:65536", "a b:1",
                          "h:12x", "h:123456"}) {
    EXPECT_FALSE(CheckAddressText(bad).ok()) << bad;
    ReplySpec spec;
    spec.partitions.push_back({0, 1, 1, "10.0.0.1:1", {bad}, {}, 0, 0});
    absl::StatusOr<pegasus_wire::query_cfg_response> r = BuildReply(spec);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("partitions[0].secondaries[0]"), absl::string_view::npos)
        << r.status();
  }
  EXPECT_TRUE(CheckAddressText("h:0").ok());
  EXPECT_TRUE(CheckAddressText("h:65535").ok());
}

}  // namespace
}  // namespace dupready
