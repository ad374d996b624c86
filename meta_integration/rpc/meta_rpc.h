// Copyright 2026 The dupready Authors.
//
// meta_rpc.h: the framing of a Pegasus meta server's RPCs in the Thrift protocol Pegasus's
// non-C++ clients speak, both directions (meta_integration/PEGASUS.md, "RPC framing"):
//
// Request (client -> meta):
//   48-byte header, big-endian: "THFT", hdr_version 0, header_length 48, header_crc32 0,
//   body_length, body_crc32 0, app_id, partition_index, client_timeout (ms),
//   thread_hash (app_id * 7919 + partition_index), partition_hash (u64);
//   body: a Thrift binary message CALL named after the RPC ("RPC_CM_LIST_DUPLICATION"), seqid,
//   then the args struct: field 1 (STRUCT) = the request struct, STOP.
// Reply (meta -> client):
//   u32 total length (these 4 bytes included), an error_code string (the transport error),
//   a Thrift message REPLY named after the RPC with "_ACK" appended, seqid, then, when the
//   transport error is ERR_OK, the result struct: field 0 (STRUCT) = the response, STOP.
//   A meta that has no handler for the RPC (a release older than the RPC) still replies, with
//   the transport error ERR_HANDLER_NOT_FOUND, the same "_ACK" name and no result at all.
//
//   absl::StatusOr<std::string> call = EncodeMetaCall("RPC_CM_LIST_DUPLICATION", args, 7, 1000);
//   ... send, read a frame ...
//   absl::StatusOr<RawMetaReply> r = DecodeMetaReply(frame, len, "RPC_CM_LIST_DUPLICATION");
//
// Everything read here may come from a hostile peer: each size is checked against the bytes
// that remain and against MetaRpcLimits before anything is allocated for it, and the embedded
// structs are decoded by the wire room's codecs (which validate them first). No function
// throws. The embedded struct must be the wrapper's only field (as Pegasus writes it): its bytes
// are those between the field header and the wrapper's final STOP byte.

#ifndef DUPREADY_META_INTEGRATION_RPC_META_RPC_H_
#define DUPREADY_META_INTEGRATION_RPC_META_RPC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "meta_integration/wire/pegasus_wire_check.h"

namespace dupready {

inline constexpr char kQueryConfigRpc[] = "RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX";
inline constexpr char kQueryConfigAck[] = "RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX_ACK";
inline constexpr char kListDuplicationRpc[] = "RPC_CM_LIST_DUPLICATION";
inline constexpr char kListAppsRpc[] = "RPC_CM_LIST_APPS";
inline constexpr char kQueryDuplicationRpc[] = "RPC_CM_QUERY_DUPLICATION";
inline constexpr size_t kThftHeaderBytes = 48;
inline constexpr int kDefaultMetaPort = 34601;

struct MetaRpcLimits {
  // A reply's total length (its u32 prefix), checked before anything is read past it.
  uint32_t max_reply_bytes = 64u << 20;
  // A request's body_length (for servers, e.g. the fake meta).
  uint32_t max_request_body_bytes = 1u << 20;
  // RPC names and the transport error's name.
  int32_t max_name_bytes = 256;
  // For the embedded request and response structs.
  PegasusWireLimits wire;
};

// The fixed request header.
struct ThftHeader {
  uint32_t hdr_version = 0;
  uint32_t header_length = kThftHeaderBytes;
  uint32_t header_crc32 = 0;
  uint32_t body_length = 0;
  uint32_t body_crc32 = 0;
  int32_t app_id = 0;
  int32_t partition_index = 0;
  uint32_t client_timeout_ms = 0;
  int32_t thread_hash = 0;
  uint64_t partition_hash = 0;
};

// The name of `rpc`'s reply: "RPC_CM_LIST_APPS" -> "RPC_CM_LIST_APPS_ACK".
std::string AckName(std::string_view rpc);

// ---- Any RPC, client side ----

// The whole request (header and body) calling `rpc` with `args`, the request struct's bytes.
// InvalidArgument when `rpc` is not 1 to 256 bytes of [A-Za-z0-9_] or the body would exceed
// MetaRpcLimits().max_request_body_bytes.
absl::StatusOr<std::string> EncodeMetaCall(std::string_view rpc, std::string_view args,
                                           int32_t seqid, uint32_t client_timeout_ms);

// The total length announced by a reply's first 4 bytes. InvalidArgument when it is too small
// to hold a reply or larger than limits.max_reply_bytes.
absl::StatusOr<uint32_t> DecodeReplyLength(const uint8_t prefix[4],
                                           const MetaRpcLimits& limits = MetaRpcLimits());

// A reply frame whose result struct is not decoded yet.
struct RawMetaReply {
  std::string transport_err;  // the heading error name, e.g. "ERR_OK"
  int32_t seqid = 0;
  bool has_result = false;    // only when transport_err is ERR_OK
  std::string result;         // the result struct's bytes, as the server marshaled it
  size_t result_offset = 0;   // where they start in the frame (for messages)
};

// Decodes a whole reply frame of `rpc` (the length prefix included). InvalidArgument or
// DataLoss, with the byte offset, for anything malformed: a length that disagrees with `len`,
// an unsafe error name, a message that is not a REPLY named AckName(rpc), a result that is not
// field 0, ERR_OK without a result or a result after another error. So has_result ==
// (transport_err == "ERR_OK").
absl::StatusOr<RawMetaReply> DecodeMetaReply(const uint8_t* frame, size_t len,
                                             std::string_view rpc,
                                             const MetaRpcLimits& limits = MetaRpcLimits());

// `error`, from decoding reply.result, located in the frame: "reply: the result at offset
// 63: <error>", keeping its code.
absl::Status LocateResultError(const RawMetaReply& reply, const absl::Status& error);

// ---- Any RPC, server side (the fake meta server; a real one would share it) ----

// Decodes the 48-byte header. InvalidArgument unless it starts "THFT", has version 0 and
// header length 48, and a body_length in [1, limits.max_request_body_bytes].
absl::StatusOr<ThftHeader> DecodeThftHeader(const uint8_t* data, size_t len,
                                            const MetaRpcLimits& limits = MetaRpcLimits());

struct RawMetaCall {
  std::string name;  // the RPC name
  int32_t seqid = 0;
  std::string args;  // the request struct's bytes
  size_t args_offset = 0;
};

// Decodes a request body: a CALL (or ONEWAY) message whose args struct holds one STRUCT field
// (any id, as Pegasus reads the first field whatever its id).
absl::StatusOr<RawMetaCall> DecodeMetaCall(const uint8_t* body, size_t len,
                                           const MetaRpcLimits& limits = MetaRpcLimits());

// A whole reply frame to `rpc`: the transport error, then the REPLY message named
// AckName(rpc); the result (field 0) only when `result` is not null. InvalidArgument for an
// unsafe error or RPC name.
absl::StatusOr<std::string> EncodeMetaReply(std::string_view transport_err, std::string_view rpc,
                                            int32_t seqid, const std::string* result);

// ---- RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX ----

// The query_cfg_request asking for every partition of `app_name`. InvalidArgument when
// app_name is longer than limits.max_string_bytes.
absl::StatusOr<std::string> EncodeQueryConfigArgs(const std::string& app_name,
                                                  const PegasusWireLimits& limits = {});

// The whole request carrying EncodeQueryConfigArgs(app_name).
absl::StatusOr<std::string> EncodeQueryConfigCall(const std::string& app_name, int32_t seqid,
                                                  uint32_t client_timeout_ms);

struct MetaReply {
  std::string transport_err;  // the heading error name, e.g. "ERR_OK"
  int32_t seqid = 0;
  bool has_result = false;    // a query_cfg_response follows (only when transport_err is OK)
  // The query_cfg_response exactly as the server marshaled it (what `check --input-format
  // thrift` reads), and decoded.
  std::string response_bytes;
  pegasus_wire::query_cfg_response response;
};

// DecodeMetaReply for this RPC, then the query_cfg_response decoded (and located on error).
absl::StatusOr<MetaReply> DecodeQueryConfigReply(const uint8_t* frame, size_t len,
                                                 const MetaRpcLimits& limits = MetaRpcLimits());

struct MetaCall {
  std::string name;  // the RPC name
  int32_t seqid = 0;
  pegasus_wire::query_cfg_request request;
};

// DecodeMetaCall, then the args decoded as a query_cfg_request.
absl::StatusOr<MetaCall> DecodeQueryConfigCall(const uint8_t* body, size_t len,
                                               const MetaRpcLimits& limits = MetaRpcLimits());

// EncodeMetaReply for this RPC, with `response` (if not null) encoded as the result.
absl::StatusOr<std::string> EncodeQueryConfigReply(
    std::string_view transport_err, int32_t seqid,
    const pegasus_wire::query_cfg_response* response);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_META_RPC_H_
