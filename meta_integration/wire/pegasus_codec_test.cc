// Copyright 2026 The dupready Authors.
//
// Golden bytes and round trips for pegasus_codec.h. The golden replies are written by hand,
// byte by byte, from PEGASUS.md ("Thrift binary dialect"), so a wrong dialect cannot pass by
// being wrong the same way in the encoder and the decoder.

#include "meta_integration/wire/pegasus_codec.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "meta_integration/wire/testing/wire_writer.h"

namespace dupready {
namespace {

using pegasus_wire::error_code;
using pegasus_wire::gpid;
using pegasus_wire::host_port;
using pegasus_wire::partition_configuration;
using pegasus_wire::query_cfg_request;
using pegasus_wire::query_cfg_response;
using pegasus_wire::rpc_address;
using testonly::FromHex;
using testonly::ToHex;

const uint8_t* Data(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// One partition of a current server's reply (rpc_address and hp_* fields), field by field.
constexpr char kGoldenPartitionHead[] =
    "0c 0001  00000002 00000003"   // 1 pid: i64, high 32 = pidx 2, low 32 = app_id 3
    "0a 0002  00000000 00000007"   // 2 ballot = 7
    "08 0003  00000003"            // 3 max_replica_count = 3
    "0c 0004  0a000001 87f1 0001"  // 4 primary: 10.0.0.1 | port 34801 | type 1 (IPv4)
    "0f 0005  0c 00000002"         // 5 secondaries: list of 2 "structs"
    "         0a000002 87f1 0001"  //   10.0.0.2:34801
    "         00000000 0000 0000"  //   invalid: 0
    "0f 0006  0c 00000000"         // 6 last_drops: empty
    "0a 0007  00000000 00000064"   // 7 last_committed_decree = 100
    "08 0008  00000000";           // 8 partition_flags = 0
constexpr char kGoldenPartitionHostPorts[] =
    "0c 0009  00000005 6e6f646531 87f1 01"  // 9 hp_primary: "node1", i16 -30735 (34801), IPv4
    "0f 000a  0c 00000002"                  // 10 hp_secondaries: list of 2
    "         00000005 6e6f646532 87f1 01"  //   "node2":34801
    "         00000000 0000 00"             //   invalid: "", 0, type 0
    "0f 000b  0c 00000000";                 // 11 hp_last_drops: empty

std::string GoldenReply(bool with_host_ports) {
  return FromHex(std::string("0c 0001  00000006 4552525f4f4b"  // 1 err: string "ERR_OK" (no struct)
                             "08 0002  00000003"               // 2 app_id = 3
                             "08 0003  00000001"               // 3 partition_count = 1
                             "02 0004  01"                     // 4 is_stateful = true
                             "0f 0005  0c 00000001") +         // 5 partitions: list of 1 struct
                 kGoldenPartitionHead +
                 (with_host_ports ? kGoldenPartitionHostPorts : "") +
                 "00"    // end of partitions[0]
                 "00");  // end of query_cfg_response
}

query_cfg_response ExpectedReply(bool with_host_ports) {
  partition_configuration pc;
  pc.__set_pid(gpid(3, 2));
  pc.__set_ballot(7);
  pc.__set_max_replica_count(3);
  pc.__set_primary(rpc_address::Ipv4(0x0A000001, 34801));
  pc.__set_secondaries({rpc_address::Ipv4(0x0A000002, 34801), rpc_address()});
  pc.__set_last_drops({});
  pc.__set_last_committed_decree(100);
  pc.__set_partition_flags(0);
  if (with_host_ports) {
    pc.__set_hp_primary(host_port("node1", 34801));
    pc.__set_hp_secondaries({host_port("node2", 34801), host_port()});
    pc.__set_hp_last_drops({});
  }
  query_cfg_response reply;
  reply.__set_err(error_code("ERR_OK"));
  reply.__set_app_id(3);
  reply.__set_partition_count(1);
  reply.__set_is_stateful(true);
  reply.__set_partitions({pc});
  return reply;
}

TEST(PegasusDialectTest, FactsAsNumbers) {
  // rpc_address 10.0.0.1:34801 = 0x0A000001 << 32 | 34801 (0x87F1) << 16 | 1.
  EXPECT_EQ(rpc_address::Ipv4(0x0A000001, 34801).ToWire(), int64_t{0x0A00000187F10001});
  EXPECT_EQ(static_cast<int16_t>(uint16_t{34801}), -30735);
  // gpid: low 32 bits app_id, high 32 bits partition_index.
  EXPECT_EQ(gpid(3, 2).ToWire(), int64_t{0x0000000200000003});
  EXPECT_EQ(gpid::FromWire(gpid(-1, 65535).ToWire()), gpid(-1, 65535));
}

TEST(PegasusCodecGoldenTest, EncodesCurrentServerReplyByteForByte) {
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(ExpectedReply(true));
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(*bytes), ToHex(GoldenReply(true)));
}

TEST(PegasusCodecGoldenTest, DecodesCurrentServerReply) {
  const std::string golden = GoldenReply(true);
  absl::StatusOr<query_cfg_response> reply = DecodeQueryCfgResponse(Data(golden), golden.size());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(*reply, ExpectedReply(true));
  const partition_configuration& pc = reply->partitions.at(0);
  EXPECT_EQ(pc.pid.app_id(), 3);
  EXPECT_EQ(pc.pid.partition_index(), 2);
  EXPECT_EQ(pc.primary.ToString(), "10.0.0.1:34801");
  EXPECT_EQ(pc.hp_primary.port(), 34801);  // read back unsigned from i16 -30735
  EXPECT_FALSE(pc.hp_secondaries.at(1).is_valid());
  EXPECT_EQ(pc.hp_secondaries.at(1).host(), "");
}

TEST(PegasusCodecGoldenTest, OldServerReplyWithoutHostPorts) {
  const std::string golden = GoldenReply(false);
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(ExpectedReply(false));
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(*bytes), ToHex(golden));

  absl::StatusOr<query_cfg_response> reply = DecodeQueryCfgResponse(Data(golden), golden.size());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(*reply, ExpectedReply(false));
  EXPECT_FALSE(reply->partitions.at(0).__isset.hp_primary);
  EXPECT_FALSE(reply->partitions.at(0).__isset.hp_secondaries);
  EXPECT_FALSE(reply->partitions.at(0).__isset.hp_last_drops);
}

TEST(PegasusCodecGoldenTest, ErrorCodeIsItsName) {
  query_cfg_response reply;
  reply.__set_err(error_code("ERR_FORWARD_TO_OTHERS"));
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(reply);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(*bytes), ToHex(FromHex("0c 0001 00000015") + "ERR_FORWARD_TO_OTHERS" +
                                 FromHex("08 0002 00000000  08 0003 00000000  02 0004 00"
                                         "0f 0005 0c 00000000  00")));
}

TEST(PegasusCodecGoldenTest, Request) {
  const std::string golden = FromHex(
      "0b 0001 0000000a 6475705f746573745f33"  // 1 app_name = "dup_test_3"
      "0f 0002 08 00000002 00000000 00000007"  // 2 partition_indices = [0, 7]
      "00");
  query_cfg_request request;
  request.__set_app_name("dup_test_3");
  request.__set_partition_indices({0, 7});
  absl::StatusOr<std::string> bytes = EncodeQueryCfgRequest(request);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(*bytes), ToHex(golden));
  absl::StatusOr<query_cfg_request> decoded = DecodeQueryCfgRequest(Data(golden), golden.size());
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, request);
}

TEST(PegasusCodecTest, EncodeRefusesHostTypesPegasusRefuses) {
  query_cfg_response reply = ExpectedReply(true);
  reply.partitions[0].primary = rpc_address::FromWire(0x0A00000187F10002);  // type 2, group
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(reply);
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument) << bytes.status();

  reply = ExpectedReply(true);
  reply.partitions[0].hp_secondaries[0] = host_port("x", 1, pegasus_wire::HostType::kGroup);
  bytes = EncodeQueryCfgResponse(reply);
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument) << bytes.status();
}

TEST(PegasusCodecTest, UnknownFieldsAreSkipped) {
  // A newer server might add fields: an unknown i64, string, nested struct and map.
  const std::string bytes = FromHex(
      "0a 0063 0000000000000001"
      "0b 0064 00000002 6869"
      "0c 0065  0f 0001 08 00000001 00000005  00"
      "0d 0066  0b 08 00000001  00000001 61  00000002"
      "0c 0001 00000006 4552525f4f4b"
      "08 0002 0000002a"
      "00");
  absl::StatusOr<query_cfg_response> reply = DecodeQueryCfgResponse(Data(bytes), bytes.size());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_EQ(reply->err.name(), "ERR_OK");
  EXPECT_EQ(reply->app_id, 42);
}

TEST(PegasusCodecTest, KnownFieldWithOtherWireTypeIsSkippedLikeThrift) {
  // partitions sent as an i32: the generated code skips it, so it stays absent.
  const std::string bytes = FromHex("08 0005 00000007  02 0004 01  00");
  absl::StatusOr<query_cfg_response> reply = DecodeQueryCfgResponse(Data(bytes), bytes.size());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_FALSE(reply->__isset.partitions);
  EXPECT_TRUE(reply->partitions.empty());
  EXPECT_TRUE(reply->is_stateful);
}

// Random replies, every field varied, ports across the whole uint16 range.
query_cfg_response RandomReply(std::mt19937& rng) {
  auto pick = [&rng](uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n)(rng); };
  auto host = [&] {
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789.-_";
    std::string h(1 + pick(30), 'a');
    for (char& c : h) c = kChars[pick(sizeof(kChars) - 2)];
    return h;
  };
  auto address = [&] {
    return pick(3) == 0 ? rpc_address() : rpc_address::Ipv4(rng(), static_cast<uint16_t>(rng()));
  };
  auto hp = [&] {
    return pick(3) == 0 ? host_port() : host_port(host(), static_cast<uint16_t>(rng()));
  };
  query_cfg_response reply;
  reply.__set_err(error_code(pick(1) ? "ERR_OK" : "ERR_OBJECT_NOT_FOUND"));
  reply.__set_app_id(static_cast<int32_t>(rng()));
  reply.__set_partition_count(static_cast<int32_t>(rng()));
  reply.__set_is_stateful(pick(1) == 1);
  reply.__isset.partitions = true;
  reply.partitions.resize(pick(12));
  for (partition_configuration& pc : reply.partitions) {
    pc.__set_pid(gpid(static_cast<int32_t>(rng()), static_cast<int32_t>(rng())));
    pc.__set_ballot(static_cast<int64_t>((uint64_t{rng()} << 32) | rng()));
    pc.__set_max_replica_count(static_cast<int32_t>(rng()));
    pc.__set_primary(address());
    pc.__isset.secondaries = pc.__isset.last_drops = true;
    for (uint32_t i = pick(5); i > 0; --i) pc.secondaries.push_back(address());
    for (uint32_t i = pick(5); i > 0; --i) pc.last_drops.push_back(address());
    pc.__set_last_committed_decree(-static_cast<int64_t>(rng()));
    pc.__set_partition_flags(static_cast<int32_t>(rng()));
    if (pick(1)) pc.__set_hp_primary(hp());
    if (pick(1)) {
      pc.__isset.hp_secondaries = true;
      for (uint32_t i = pick(5); i > 0; --i) pc.hp_secondaries.push_back(hp());
    }
    if (pick(1)) {
      pc.__isset.hp_last_drops = true;
      for (uint32_t i = pick(5); i > 0; --i) pc.hp_last_drops.push_back(hp());
    }
  }
  return reply;
}

TEST(PegasusCodecTest, RoundTripIsIdentity) {
  std::mt19937 rng(20260101);
  for (int i = 0; i < 500; ++i) {
    const query_cfg_response reply = RandomReply(rng);
    absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(reply);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    absl::StatusOr<query_cfg_response> decoded =
        DecodeQueryCfgResponse(Data(*bytes), bytes->size());
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    ASSERT_EQ(*decoded, reply) << "iteration " << i;
    absl::StatusOr<std::string> again = EncodeQueryCfgResponse(*decoded);
    ASSERT_TRUE(again.ok()) << again.status();
    ASSERT_EQ(*again, *bytes);
  }
}

TEST(PegasusCodecTest, RequestRoundTrip) {
  query_cfg_request request;
  request.__set_app_name("");
  request.__set_partition_indices({});
  for (int n : {0, 1, 1000}) {
    request.partition_indices.resize(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) request.partition_indices[i] = i * 7 - 3;
    request.app_name = std::string(static_cast<size_t>(n % 100), 'x');
    absl::StatusOr<std::string> bytes = EncodeQueryCfgRequest(request);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    absl::StatusOr<query_cfg_request> decoded = DecodeQueryCfgRequest(Data(*bytes), bytes->size());
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(*decoded, request);
  }
}

}  // namespace
}  // namespace dupready
