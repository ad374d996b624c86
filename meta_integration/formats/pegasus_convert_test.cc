// Copyright 2026 The dupready Authors.
//
// Tests for pegasus_convert.h: hp_* preference and fallback, address forms, validation, and
// proto -> reply -> bytes -> reply -> proto round trips in both server generations.

#include "meta_integration/formats/pegasus_convert.h"

#include <string>

#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "meta_integration/wire/pegasus_codec.h"

namespace dupready {
namespace {

using pegasus_wire::error_code;
using pegasus_wire::gpid;
using pegasus_wire::host_port;
using pegasus_wire::HostType;
using pegasus_wire::partition_configuration;
using pegasus_wire::query_cfg_response;
using pegasus_wire::rpc_address;

QueryConfigResponse Parse(const std::string& text) {
  QueryConfigResponse proto;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &proto)) << text;
  return proto;
}

::testing::AssertionResult ProtoEquals(const QueryConfigResponse& a, const QueryConfigResponse& b) {
  if (google::protobuf::util::MessageDifferencer::Equals(a, b)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << a.DebugString() << "\nvs\n" << b.DebugString();
}

// One partition as an old server sends it: rpc_address fields only.
partition_configuration OldPartition() {
  partition_configuration pc;
  pc.__set_pid(gpid(9, 4));
  pc.__set_ballot(12);
  pc.__set_max_replica_count(3);
  pc.__set_primary(rpc_address::Ipv4(0x0A000001, 34801));
  pc.__set_secondaries({rpc_address::Ipv4(0xC0A80A0B, 65535), rpc_address()});
  pc.__set_last_drops({rpc_address::Ipv4(0, 0)});
  pc.__set_last_committed_decree(-1);
  pc.__set_partition_flags(2);
  return pc;
}

query_cfg_response Reply(const partition_configuration& pc) {
  query_cfg_response reply;
  reply.__set_err(error_code("ERR_OK"));
  reply.__set_app_id(9);
  reply.__set_partition_count(8);
  reply.__set_is_stateful(true);
  reply.__set_partitions({pc});
  return reply;
}

TEST(ReplyToProtoTest, OldServerUsesRpcAddresses) {
  absl::StatusOr<QueryConfigResponse> proto = ReplyToProto(Reply(OldPartition()));
  ASSERT_TRUE(proto.ok()) << proto.status();
  EXPECT_TRUE(ProtoEquals(*proto, Parse(R"pb(
    err: "ERR_OK"
    app_id: 9
    partition_count: 8
    is_stateful: true
    partitions {
      pidx: 4
      ballot: 12
      max_replica_count: 3
      primary { host: "10.0.0.1" port: 34801 }
      secondaries { host: "192.168.10.11" port: 65535 }
      secondaries {}
      last_drops { host: "0.0.0.0" port: 0 }
      last_committed_decree: -1
      partition_flags: 2
    })pb")));
}

TEST(ReplyToProtoTest, HostPortsWinWhenSetFieldByField) {
  partition_configuration pc = OldPartition();
  pc.__set_hp_primary(host_port("replica-1.example.com", 34801));
  pc.__set_hp_secondaries({host_port(), host_port("replica_2", 1)});
  // hp_last_drops not set: last_drops still comes from the rpc_address list.
  absl::StatusOr<QueryConfigResponse> proto = ReplyToProto(Reply(pc));
  ASSERT_TRUE(proto.ok()) << proto.status();
  const PartitionConfig& p = proto->partitions(0);
  EXPECT_EQ(p.primary().host(), "replica-1.example.com");
  EXPECT_EQ(p.primary().port(), 34801u);
  ASSERT_EQ(p.secondaries_size(), 2);
  EXPECT_EQ(p.secondaries(0).host(), "");
  EXPECT_EQ(p.secondaries(0).port(), 0u);
  EXPECT_EQ(p.secondaries(1).host(), "replica_2");
  ASSERT_EQ(p.last_drops_size(), 1);
  EXPECT_EQ(p.last_drops(0).host(), "0.0.0.0");

  // An explicitly empty hp list wins over a non-empty rpc_address list.
  pc.__set_hp_secondaries({});
  proto = ReplyToProto(Reply(pc));
  ASSERT_TRUE(proto.ok()) << proto.status();
  EXPECT_EQ(proto->partitions(0).secondaries_size(), 0);
}

TEST(ReplyToProtoTest, InvalidHostPortIgnoresItsContents) {
  partition_configuration pc = OldPartition();
  pc.__set_hp_primary(host_port("junk\n", 7, HostType::kInvalid));
  absl::StatusOr<QueryConfigResponse> proto = ReplyToProto(Reply(pc));
  ASSERT_TRUE(proto.ok()) << proto.status();
  EXPECT_EQ(proto->partitions(0).primary().host(), "");
  EXPECT_EQ(proto->partitions(0).primary().port(), 0u);
}

TEST(ReplyToProtoTest, RefusesWhatTheSnapshotCannotHold) {
  struct Case {
    const char* name;
    void (*mutate)(query_cfg_response*);
    const char* message;
  };
  const Case cases[] = {
      {"group rpc_address",
       [](query_cfg_response* r) {
         r->partitions[0].secondaries[1] = rpc_address::FromWire(0x0A00000187F10002);
       },
       "query_cfg_response.partitions[0].secondaries[1]: rpc_address of host type 2"},
      {"group host_port",
       [](query_cfg_response* r) {
         r->partitions[0].__set_hp_primary(host_port("h", 1, HostType::kGroup));
       },
       "query_cfg_response.partitions[0].hp_primary: host_port of host type 2"},
      {"empty valid host",
       [](query_cfg_response* r) { r->partitions[0].__set_hp_primary(host_port("", 1)); },
       "hp_primary: host of 0 bytes"},
      {"control character in host",
       [](query_cfg_response* r) { r->partitions[0].__set_hp_secondaries({host_port("a\nb", 1)}); },
       "query_cfg_response.partitions[0].hp_secondaries[0]: host has the byte 0x0a"},
      {"host with a colon",
       [](query_cfg_response* r) { r->partitions[0].__set_hp_last_drops({host_port("a:1", 1)}); },
       "host has the byte 0x3a"},
      {"long host",
       [](query_cfg_response* r) {
         r->partitions[0].__set_hp_primary(host_port(std::string(256, 'h'), 1));
       },
       "host of 256 bytes"},
      {"empty error name", [](query_cfg_response* r) { r->err.set_name(""); },
       "query_cfg_response.err: error name of 0 bytes"},
      {"odd error name", [](query_cfg_response* r) { r->err.set_name("ERR OK"); },
       "query_cfg_response.err: error name has the byte 0x20"},
  };
  for (const Case& c : cases) {
    query_cfg_response reply = Reply(OldPartition());
    c.mutate(&reply);
    absl::StatusOr<QueryConfigResponse> proto = ReplyToProto(reply);
    EXPECT_EQ(proto.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(proto.status().message().find(c.message), std::string::npos)
        << c.name << ": " << proto.status();
  }
}

const char kSnapshotResponse[] = R"pb(
  err: "ERR_OK"
  app_id: 5
  partition_count: 2
  is_stateful: true
  partitions {
    pidx: 0
    ballot: 3
    max_replica_count: 3
    primary { host: "10.1.2.3" port: 34801 }
    secondaries { host: "10.1.2.4" port: 34801 }
    secondaries {}
    last_committed_decree: 77
  }
  partitions {
    pidx: 1
    ballot: 4
    max_replica_count: 1
    primary {}
    last_drops { host: "10.1.2.5" port: 0 }
    partition_flags: 1
  })pb";

// proto -> reply -> bytes -> reply -> proto.
absl::StatusOr<QueryConfigResponse> ThroughTheWire(const QueryConfigResponse& in,
                                                   const ReplyOptions& options) {
  absl::StatusOr<query_cfg_response> reply = ProtoToReply(in, options);
  if (!reply.ok()) return reply.status();
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(*reply);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<query_cfg_response> decoded =
      DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  if (!decoded.ok()) return decoded.status();
  if (!(*decoded == *reply)) return absl::InternalError("wire round trip changed the reply");
  return ReplyToProto(*decoded);
}

TEST(ProtoToReplyTest, RoundTripsInBothServerGenerations) {
  const QueryConfigResponse in = Parse(kSnapshotResponse);
  for (bool fill_host_port : {true, false}) {
    ReplyOptions options;
    options.fill_host_port = fill_host_port;
    absl::StatusOr<QueryConfigResponse> out = ThroughTheWire(in, options);
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_TRUE(ProtoEquals(*out, in)) << "fill_host_port=" << fill_host_port;
  }
}

TEST(ProtoToReplyTest, FillsTheFieldsOfEachGeneration) {
  const QueryConfigResponse in = Parse(kSnapshotResponse);
  absl::StatusOr<query_cfg_response> current = ProtoToReply(in);
  ASSERT_TRUE(current.ok()) << current.status();
  const partition_configuration& pc = current->partitions.at(0);
  EXPECT_EQ(pc.pid, gpid(5, 0));
  EXPECT_EQ(pc.primary, rpc_address::Ipv4(0x0A010203, 34801));
  EXPECT_TRUE(pc.__isset.hp_primary && pc.__isset.hp_secondaries && pc.__isset.hp_last_drops);
  EXPECT_EQ(pc.hp_primary, host_port("10.1.2.3", 34801));
  EXPECT_EQ(pc.hp_secondaries.at(1), host_port());
  EXPECT_EQ(current->partitions.at(1).pid, gpid(5, 1));

  ReplyOptions old_server;
  old_server.fill_host_port = false;
  absl::StatusOr<query_cfg_response> old = ProtoToReply(in, old_server);
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_FALSE(old->partitions.at(0).__isset.hp_primary);
  EXPECT_FALSE(old->partitions.at(0).__isset.hp_secondaries);
  EXPECT_FALSE(old->partitions.at(0).__isset.hp_last_drops);
  EXPECT_EQ(old->partitions.at(0).secondaries.at(1), rpc_address());
}

TEST(ProtoToReplyTest, HostnamesNeedHostPortFields) {
  QueryConfigResponse in = Parse(kSnapshotResponse);
  in.mutable_partitions(0)->mutable_secondaries(0)->set_host("replica-2.example.com");
  ReplyOptions old_server;
  old_server.fill_host_port = false;
  absl::StatusOr<query_cfg_response> old = ProtoToReply(in, old_server);
  EXPECT_EQ(old.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(old.status().message().find("QueryConfigResponse.partitions[0].secondaries[0]: host "
                                        "'replica-2.example.com' is not an IPv4 literal"),
            std::string::npos)
      << old.status();

  // Current servers carry it in hp_*; the rpc_address is left invalid (no resolver).
  absl::StatusOr<query_cfg_response> current = ProtoToReply(in);
  ASSERT_TRUE(current.ok()) << current.status();
  EXPECT_EQ(current->partitions[0].secondaries[0], rpc_address());
  EXPECT_EQ(current->partitions[0].hp_secondaries[0], host_port("replica-2.example.com", 34801));
  absl::StatusOr<QueryConfigResponse> out = ThroughTheWire(in, ReplyOptions());
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_TRUE(ProtoEquals(*out, in));
}

TEST(ProtoToReplyTest, NonCanonicalIpv4TextIsAHostname) {
  QueryConfigResponse in = Parse(kSnapshotResponse);
  for (const char* host : {"010.0.0.1", "10.0.0", "10.0.0.256", "10.0.0.1.", "1.2.3.4.5"}) {
    in.mutable_partitions(0)->mutable_primary()->set_host(host);
    absl::StatusOr<query_cfg_response> reply = ProtoToReply(in);
    ASSERT_TRUE(reply.ok()) << host << ": " << reply.status();
    EXPECT_EQ(reply->partitions[0].primary, rpc_address()) << host;
    EXPECT_EQ(reply->partitions[0].hp_primary.host(), host);
  }
}

TEST(ProtoToReplyTest, RefusesInconsistentAddresses) {
  QueryConfigResponse in = Parse(kSnapshotResponse);
  in.mutable_partitions(1)->mutable_primary()->set_port(34801);  // empty host, port set
  absl::StatusOr<query_cfg_response> reply = ProtoToReply(in);
  EXPECT_NE(reply.status().message().find(
                "QueryConfigResponse.partitions[1].primary: empty host (invalid address) with "
                "port 34801"),
            std::string::npos)
      << reply.status();

  in = Parse(kSnapshotResponse);
  in.mutable_partitions(0)->mutable_primary()->set_port(65536);
  reply = ProtoToReply(in);
  EXPECT_NE(reply.status().message().find("port 65536 > 65535"), std::string::npos)
      << reply.status();

  in = Parse(kSnapshotResponse);
  in.set_err("");
  reply = ProtoToReply(in);
  EXPECT_EQ(reply.status().code(), absl::StatusCode::kInvalidArgument) << reply.status();
}

}  // namespace
}  // namespace dupready
