// Tests for the meta RPC framing: bytes pinned by hand from Pegasus's framing (PEGASUS.md, "RPC
// framing": the THFT header, Thrift message envelopes, the length-prefixed reply), round trips,
// the reply of a meta that has no handler for an RPC, and hostile frames that must be refused.
#include "meta_integration/rpc/meta_rpc.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "meta_integration/wire/testing/wire_writer.h"

namespace dupready {
namespace {

using testonly::kTI32;
using testonly::kTList;
using testonly::kTString;
using testonly::kTStruct;
using testonly::ToHex;
using testonly::WireWriter;

const uint8_t* U(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// query_cfg_request{app_name, partition_indices = []} written field by field.
WireWriter Request(const std::string& app) {
  WireWriter w;
  w.Field(kTString, 1).String(app).Field(kTList, 2).List(kTI32, 0).Stop();
  return w;
}

TEST(MetaRpcTest, CallBytesFollowTheDocumentedLayout) {
  absl::StatusOr<std::string> call = EncodeQueryConfigCall("orders", 7, 1500);
  ASSERT_TRUE(call.ok()) << call.status();

  WireWriter body;
  body.I32(static_cast<int32_t>(0x80010001u)).String(kQueryConfigRpc).I32(7);  // CALL, seqid 7
  body.Field(kTStruct, 1).Raw(Request("orders").bytes()).Stop();                // args
  WireWriter want;
  want.Raw("THFT").I32(0).I32(48).I32(0).I32(static_cast<int32_t>(body.size())).I32(0);
  want.I32(0).I32(0).I32(1500).I32(0).I64(0);  // app_id, pidx, timeout, thread_hash, hash
  want.Raw(body.bytes());
  EXPECT_EQ(ToHex(*call), ToHex(want.bytes()));
  EXPECT_EQ(call->size(), kThftHeaderBytes + body.size());
}

TEST(MetaRpcTest, ServerSideDecodesTheCall) {
  absl::StatusOr<std::string> call = EncodeQueryConfigCall("dup_test_3", -5, 10);
  ASSERT_TRUE(call.ok());
  absl::StatusOr<ThftHeader> h = DecodeThftHeader(U(*call), kThftHeaderBytes);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->body_length, call->size() - kThftHeaderBytes);
  EXPECT_EQ(h->client_timeout_ms, 10u);
  absl::StatusOr<MetaCall> c = DecodeQueryConfigCall(U(*call) + 48, call->size() - 48);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->name, kQueryConfigRpc);
  EXPECT_EQ(c->seqid, -5);
  EXPECT_EQ(c->request.app_name, "dup_test_3");
  EXPECT_TRUE(c->request.partition_indices.empty());
}

TEST(MetaRpcTest, PegasusOwnArgsFieldZeroAndOldMessageHeadersAreRead) {
  WireWriter body;
  body.String(kQueryConfigRpc).Byte(1).I32(3);  // old form: name, type byte, seqid
  body.Field(kTStruct, 0).Raw(Request("t").bytes()).Stop();
  absl::StatusOr<MetaCall> c = DecodeQueryConfigCall(body.data(), body.size());
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->request.app_name, "t");
  EXPECT_EQ(c->seqid, 3);
}

TEST(MetaRpcTest, BadHeadersAreRefused) {
  absl::StatusOr<std::string> call = EncodeQueryConfigCall("t", 1, 1);
  ASSERT_TRUE(call.ok());
  struct Case {
    size_t offset;
    uint8_t value;
    const char* error;
  } cases[] = {
      {0, 'X', "does not start with THFT"},
      {7, 1, "hdr_version 1"},
      {11, 40, "header_length 40"},
      {16, 0x7f, "body_length"},  // 2 GiB and more
  };
  for (const Case& c : cases) {
    std::string bad = *call;
    bad[c.offset] = static_cast<char>(c.value);
    absl::StatusOr<ThftHeader> h = DecodeThftHeader(U(bad), kThftHeaderBytes);
    ASSERT_FALSE(h.ok()) << c.error;
    EXPECT_NE(h.status().message().find(c.error), std::string::npos) << h.status();
  }
  EXPECT_FALSE(DecodeThftHeader(U(*call), 47).ok());
}

// A reply frame written by hand: length, error name, REPLY message, result field 0.
std::string HandReply(const std::string& err, const std::string& name, int32_t seqid,
                      const std::string& result) {
  WireWriter w;
  w.String(err).I32(static_cast<int32_t>(0x80010002u)).String(name).I32(seqid).Raw(result);
  WireWriter framed;
  framed.I32(static_cast<int32_t>(w.size() + 4)).Raw(w.bytes());
  return framed.bytes();
}

// query_cfg_response{err = ERR_OK, app_id = 3, partition_count = 0, partitions = []}.
std::string EmptyResponse(const std::string& err = "ERR_OK") {
  WireWriter w;
  w.Field(kTStruct, 1).String(err).Field(kTI32, 2).I32(3).Field(kTI32, 3).I32(0);
  w.Field(kTList, 5).List(kTStruct, 0).Stop();
  return w.bytes();
}

TEST(MetaRpcTest, HandWrittenReplyDecodes) {
  WireWriter result;
  result.Field(kTStruct, 0).Raw(EmptyResponse("ERR_OBJECT_NOT_FOUND")).Stop();
  const std::string frame = HandReply("ERR_OK", kQueryConfigAck, 9, result.bytes());
  absl::StatusOr<MetaReply> r = DecodeQueryConfigReply(U(frame), frame.size());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->transport_err, "ERR_OK");
  EXPECT_EQ(r->seqid, 9);
  ASSERT_TRUE(r->has_result);
  EXPECT_EQ(r->response.err.name(), "ERR_OBJECT_NOT_FOUND");
  EXPECT_EQ(r->response.app_id, 3);
  EXPECT_EQ(ToHex(r->response_bytes), ToHex(EmptyResponse("ERR_OBJECT_NOT_FOUND")));
}

TEST(MetaRpcTest, ReplyRoundTripsAndTransportErrorsHaveNoResult) {
  pegasus_wire::query_cfg_response resp;
  resp.app_id = 12;
  resp.partition_count = 1;
  resp.partitions.resize(1);
  resp.partitions[0].max_replica_count = 3;
  absl::StatusOr<std::string> frame = EncodeQueryConfigReply("ERR_OK", 44, &resp);
  ASSERT_TRUE(frame.ok());
  absl::StatusOr<MetaReply> r = DecodeQueryConfigReply(U(*frame), frame->size());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->seqid, 44);
  EXPECT_EQ(r->response.partitions.size(), 1u);
  EXPECT_EQ(r->response.partitions[0].max_replica_count, 3);

  absl::StatusOr<std::string> failed = EncodeQueryConfigReply("ERR_TIMEOUT", 45, nullptr);
  ASSERT_TRUE(failed.ok());
  r = DecodeQueryConfigReply(U(*failed), failed->size());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->transport_err, "ERR_TIMEOUT");
  EXPECT_FALSE(r->has_result);
  EXPECT_FALSE(EncodeQueryConfigReply("ERR OK; rm", 1, nullptr).ok());
}

TEST(MetaRpcTest, ReplyLengthIsBoundedBeforeAllocation) {
  const uint8_t huge[4] = {0xff, 0xff, 0xff, 0xff};
  EXPECT_FALSE(DecodeReplyLength(huge).ok());
  const uint8_t just_over[4] = {0x04, 0x00, 0x00, 0x01};  // 64 MiB + 1
  EXPECT_FALSE(DecodeReplyLength(just_over).ok());
  const uint8_t at_limit[4] = {0x04, 0x00, 0x00, 0x00};
  EXPECT_TRUE(DecodeReplyLength(at_limit).ok());
  const uint8_t tiny[4] = {0, 0, 0, 5};
  EXPECT_FALSE(DecodeReplyLength(tiny).ok());
  MetaRpcLimits small;
  small.max_reply_bytes = 1000;
  const uint8_t kb[4] = {0, 0, 0x03, 0xe9};
  EXPECT_FALSE(DecodeReplyLength(kb, small).ok());
}

struct HostileCase {
  const char* name;
  std::string frame;
  const char* error;
};

TEST(MetaRpcTest, HostileRepliesAreRefused) {
  WireWriter result;
  result.Field(kTStruct, 0).Raw(EmptyResponse()).Stop();
  WireWriter field1;
  field1.Field(kTStruct, 1).Raw(EmptyResponse()).Stop();
  WireWriter no_stop;
  no_stop.Field(kTStruct, 0).Raw(EmptyResponse());
  WireWriter giant_name;  // an error name claiming 2 GiB
  giant_name.I32(64).I32(0x7fffffff).Raw(std::string(56, 'A'));
  WireWriter exception;
  exception.String("ERR_OK").I32(static_cast<int32_t>(0x80010003u)).String(kQueryConfigAck).I32(1);
  WireWriter exception_frame;
  exception_frame.I32(static_cast<int32_t>(exception.size() + 4)).Raw(exception.bytes());
  const std::string good = HandReply("ERR_OK", kQueryConfigAck, 1, result.bytes());
  std::string wrong_length = good;
  wrong_length[3] = static_cast<char>(wrong_length[3] + 1);

  const HostileCase cases[] = {
      {"giant error name", giant_name.bytes(), "length 2147483647"},
      {"unsafe error name", HandReply("ERR\n", kQueryConfigAck, 1, ""), "not [A-Za-z0-9_]"},
      {"wrong rpc", HandReply("ERR_OK", "RPC_OTHER_ACK", 1, result.bytes()), "expected RPC_CM"},
      {"exception", exception_frame.bytes(), "Thrift exception"},
      {"result field 1", HandReply("ERR_OK", kQueryConfigAck, 1, field1.bytes()), "field 1"},
      // The response's own STOP is taken for the wrapper's, so the response comes up short.
      {"no wrapper stop", HandReply("ERR_OK", kQueryConfigAck, 1, no_stop.bytes()),
       "the result at offset"},
      {"ok without result", HandReply("ERR_OK", kQueryConfigAck, 1, ""), "no result"},
      {"result after error", HandReply("ERR_TIMEOUT", kQueryConfigAck, 1, result.bytes()),
       "a result follows"},
      {"length mismatch", wrong_length, "the length prefix says"},
  };
  for (const HostileCase& c : cases) {
    absl::StatusOr<MetaReply> r = DecodeQueryConfigReply(U(c.frame), c.frame.size());
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_NE(r.status().message().find(c.error), std::string::npos) << c.name << ": " << r.status();
  }
  ASSERT_TRUE(DecodeQueryConfigReply(U(good), good.size()).ok());
}

TEST(MetaRpcTest, EveryRpcHasTheSameEnvelope) {
  // duplication_list_request{"", PMT_MATCH_ALL}, written by hand.
  WireWriter args;
  args.Field(kTString, 1).String("").Field(kTI32, 2).I32(1).Stop();
  absl::StatusOr<std::string> call = EncodeMetaCall(kListDuplicationRpc, args.bytes(), 9, 700);
  ASSERT_TRUE(call.ok()) << call.status();
  WireWriter body;
  body.I32(static_cast<int32_t>(0x80010001u)).String("RPC_CM_LIST_DUPLICATION").I32(9);
  body.Field(kTStruct, 1).Raw(args.bytes()).Stop();
  WireWriter want;
  want.Raw("THFT").I32(0).I32(48).I32(0).I32(static_cast<int32_t>(body.size())).I32(0);
  want.I32(0).I32(0).I32(700).I32(0).I64(0);
  want.Raw(body.bytes());
  EXPECT_EQ(ToHex(*call), ToHex(want.bytes()));

  absl::StatusOr<RawMetaCall> c = DecodeMetaCall(U(*call) + 48, call->size() - 48);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->name, kListDuplicationRpc);
  EXPECT_EQ(c->seqid, 9);
  EXPECT_EQ(ToHex(c->args), ToHex(args.bytes()));
  EXPECT_EQ(AckName(kListAppsRpc), "RPC_CM_LIST_APPS_ACK");
  EXPECT_FALSE(EncodeMetaCall("RPC CM; rm", args.bytes(), 1, 1).ok());
  EXPECT_FALSE(EncodeMetaCall(kListAppsRpc, std::string(2 << 20, 'x'), 1, 1).ok());
}

TEST(MetaRpcTest, AMetaWithoutTheHandlerRepliesWithoutAResult) {
  // What Pegasus sends for an RPC it has no handler for: the transport error, the RPC's name
  // with "_ACK", the seqid, and no body.
  const std::string frame =
      HandReply("ERR_HANDLER_NOT_FOUND", "RPC_CM_LIST_DUPLICATION_ACK", 12, "");
  absl::StatusOr<RawMetaReply> r = DecodeMetaReply(U(frame), frame.size(), kListDuplicationRpc);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->transport_err, "ERR_HANDLER_NOT_FOUND");
  EXPECT_EQ(r->seqid, 12);
  EXPECT_FALSE(r->has_result);
  absl::StatusOr<std::string> encoded =
      EncodeMetaReply("ERR_HANDLER_NOT_FOUND", kListDuplicationRpc, 12, nullptr);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(ToHex(*encoded), ToHex(frame));
  // The reply of another RPC is not this one's.
  absl::StatusOr<RawMetaReply> other = DecodeMetaReply(U(frame), frame.size(), kListAppsRpc);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("expected RPC_CM_LIST_APPS_ACK, found "
                                          "'RPC_CM_LIST_DUPLICATION_ACK' at offset 29"),
            std::string::npos)
      << other.status();
}

TEST(MetaRpcTest, AResultIsKeptWithItsPlace) {
  WireWriter result;
  result.Field(kTStruct, 0).Raw(EmptyResponse()).Stop();
  const std::string frame = HandReply("ERR_OK", "RPC_CM_LIST_APPS_ACK", 3, result.bytes());
  absl::StatusOr<RawMetaReply> r = DecodeMetaReply(U(frame), frame.size(), kListAppsRpc);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(r->has_result);
  EXPECT_EQ(ToHex(r->result), ToHex(EmptyResponse()));
  EXPECT_EQ(frame.substr(r->result_offset, r->result.size()), r->result);
  const absl::Status located = LocateResultError(*r, absl::DataLossError("x: short"));
  EXPECT_EQ(located.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(located.message(), absl::StrCat("reply: the result at offset ", r->result_offset,
                                            ": x: short"));
}

TEST(MetaRpcTest, EveryTruncationFailsCleanly) {
  pegasus_wire::query_cfg_response resp;
  resp.partitions.resize(2);
  absl::StatusOr<std::string> frame = EncodeQueryConfigReply("ERR_OK", 1, &resp);
  ASSERT_TRUE(frame.ok());
  for (size_t n = 0; n < frame->size(); ++n) {
    std::string cut = frame->substr(0, n);
    if (n >= 4) {  // keep the prefix consistent so the body itself is what is short
      for (int i = 0; i < 4; ++i) cut[i] = static_cast<char>((n >> (8 * (3 - i))) & 0xff);
    }
    EXPECT_FALSE(DecodeQueryConfigReply(U(cut), cut.size()).ok()) << "length " << n;
  }
}

}  // namespace
}  // namespace dupready
