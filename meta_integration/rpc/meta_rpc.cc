// Framing of a meta server's RPCs: the THFT request header, Thrift message envelopes and the
// length-prefixed reply, read with bounds checked before use; the query-configuration RPC's
// structs on top.
#include "meta_integration/rpc/meta_rpc.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

constexpr uint8_t kTStop = 0;
constexpr uint8_t kTStruct = 12;
constexpr uint32_t kVersionMask = 0xffff0000u;
constexpr uint32_t kVersion1 = 0x80010000u;
constexpr uint8_t kCall = 1, kReply = 2, kException = 3, kOneway = 4;

// Big-endian writes.
void PutU32(std::string* out, uint32_t v) {
  for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
void PutString(std::string* out, std::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out->append(s.data(), s.size());
}
// A strict (versioned) Thrift message header.
void PutMessageBegin(std::string* out, std::string_view name, uint8_t type, int32_t seqid) {
  PutU32(out, kVersion1 | type);
  PutString(out, name);
  PutU32(out, static_cast<uint32_t>(seqid));
}

// Reads big-endian values from [data, data + len); every read checks what remains first.
class Reader {
 public:
  Reader(const uint8_t* data, size_t len, const char* what) : data_(data), len_(len), what_(what) {}

  size_t offset() const { return pos_; }
  size_t remaining() const { return len_ - pos_; }
  const uint8_t* here() const { return data_ + pos_; }

  absl::Status Need(size_t n, const char* field) const {
    if (n <= remaining()) return absl::OkStatus();
    return absl::DataLossError(absl::StrCat(what_, ": ", field, " needs ", n, " bytes but ",
                                            remaining(), " remain at offset ", pos_));
  }
  absl::StatusOr<uint8_t> U8(const char* field) {
    if (absl::Status s = Need(1, field); !s.ok()) return s;
    return data_[pos_++];
  }
  absl::StatusOr<uint32_t> U32(const char* field) {
    if (absl::Status s = Need(4, field); !s.ok()) return s;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | data_[pos_++];
    return v;
  }
  absl::StatusOr<uint64_t> U64(const char* field) {
    if (absl::Status s = Need(8, field); !s.ok()) return s;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | data_[pos_++];
    return v;
  }
  // A Thrift string of at most `max` bytes; the length is checked before copying.
  absl::StatusOr<std::string> String(int32_t max, const char* field) {
    const size_t at = pos_;
    absl::StatusOr<uint32_t> n = U32(field);
    if (!n.ok()) return n.status();
    return Bytes(*n, max, field, at);
  }
  absl::StatusOr<std::string> Bytes(uint32_t n, int32_t max, const char* field, size_t at) {
    if (static_cast<int32_t>(n) < 0 || static_cast<int64_t>(n) > max)
      return Error(absl::StrCat(field, ": length ", static_cast<int32_t>(n), " is not in [0, ",
                                max, "]"), at);
    if (absl::Status s = Need(n, field); !s.ok()) return s;
    std::string out(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return out;
  }
  absl::Status Error(const std::string& msg, size_t at) const {
    return absl::InvalidArgumentError(absl::StrCat(what_, ": ", msg, " at offset ", at));
  }

 private:
  const uint8_t* data_;
  size_t len_;
  size_t pos_ = 0;
  const char* what_;
};

struct MessageBegin {
  std::string name;
  uint8_t type = 0;
  int32_t seqid = 0;
};

// Either form of a Thrift message header: strict (version word, name, seqid) or old (name,
// type byte, seqid), as a TBinaryProtocol reader without strict_read accepts.
absl::StatusOr<MessageBegin> ReadMessageBegin(Reader* r, int32_t max_name) {
  MessageBegin m;
  const size_t at = r->offset();
  absl::StatusOr<uint32_t> first = r->U32("message header");
  if (!first.ok()) return first.status();
  if (*first & 0x80000000u) {
    if ((*first & kVersionMask) != kVersion1)
      return r->Error(absl::StrCat("unknown Thrift message version 0x", absl::Hex(*first)), at);
    m.type = static_cast<uint8_t>(*first & 0xff);
    absl::StatusOr<std::string> name = r->String(max_name, "message name");
    if (!name.ok()) return name.status();
    m.name = *std::move(name);
  } else {
    absl::StatusOr<std::string> name = r->Bytes(*first, max_name, "message name", at);
    if (!name.ok()) return name.status();
    m.name = *std::move(name);
    absl::StatusOr<uint8_t> type = r->U8("message type");
    if (!type.ok()) return type.status();
    m.type = *type;
  }
  absl::StatusOr<uint32_t> seqid = r->U32("seqid");
  if (!seqid.ok()) return seqid.status();
  m.seqid = static_cast<int32_t>(*seqid);
  return m;
}

// The bytes of the one STRUCT field of a wrapper struct (args or result): [begin, end) in the
// reader's data. Sets *field_id.
absl::Status WrappedStruct(Reader* r, int16_t* field_id, const uint8_t** begin, size_t* size) {
  const size_t at = r->offset();
  absl::StatusOr<uint8_t> type = r->U8("field type");
  if (!type.ok()) return type.status();
  if (*type != kTStruct)
    return r->Error(absl::StrCat("expected a STRUCT field, found type ", *type), at);
  if (absl::Status s = r->Need(2, "field id"); !s.ok()) return s;
  *field_id = static_cast<int16_t>((r->here()[0] << 8) | r->here()[1]);
  r->U8("field id").IgnoreError();
  r->U8("field id").IgnoreError();
  // The struct runs to the wrapper's STOP, which must be the last byte.
  if (r->remaining() < 2 || r->here()[r->remaining() - 1] != kTStop)
    return r->Error("the wrapper struct does not end with STOP after its only field",
                    r->offset());
  *begin = r->here();
  *size = r->remaining() - 1;
  return absl::OkStatus();
}

}  // namespace

std::string AckName(std::string_view rpc) { return absl::StrCat(std::string(rpc), "_ACK"); }

absl::StatusOr<std::string> EncodeMetaCall(std::string_view rpc, std::string_view args,
                                           int32_t seqid, uint32_t client_timeout_ms) {
  if (!IsSafeErrorName(rpc))
    return absl::InvalidArgumentError(absl::StrCat("'", std::string(rpc), "' is not an RPC name"));
  std::string body;
  PutMessageBegin(&body, rpc, kCall, seqid);
  body.push_back(static_cast<char>(kTStruct));
  body.push_back(0);
  body.push_back(1);  // field 1
  body.append(args.data(), args.size());
  body.push_back(static_cast<char>(kTStop));
  if (body.size() > MetaRpcLimits().max_request_body_bytes)
    return absl::InvalidArgumentError(
        absl::StrCat("a request body of ", body.size(), " bytes is too large"));

  // app_id and partition_index are 0 for a meta's RPCs, so is the thread hash (0 * 7919 + 0).
  ThftHeader h;
  h.body_length = static_cast<uint32_t>(body.size());
  h.client_timeout_ms = client_timeout_ms;
  h.thread_hash = h.app_id * 7919 + h.partition_index;
  std::string out = "THFT";
  PutU32(&out, h.hdr_version);
  PutU32(&out, h.header_length);
  PutU32(&out, h.header_crc32);
  PutU32(&out, h.body_length);
  PutU32(&out, h.body_crc32);
  PutU32(&out, static_cast<uint32_t>(h.app_id));
  PutU32(&out, static_cast<uint32_t>(h.partition_index));
  PutU32(&out, h.client_timeout_ms);
  PutU32(&out, static_cast<uint32_t>(h.thread_hash));
  PutU64(&out, h.partition_hash);
  return out + body;
}

absl::StatusOr<uint32_t> DecodeReplyLength(const uint8_t prefix[4], const MetaRpcLimits& limits) {
  const uint32_t n = (uint32_t{prefix[0]} << 24) | (uint32_t{prefix[1]} << 16) |
                     (uint32_t{prefix[2]} << 8) | uint32_t{prefix[3]};
  // The prefix, an empty error name (4), and the shortest message header (4 + 4 + 4).
  constexpr uint32_t kMinimum = 4 + 4 + 12;
  if (n < kMinimum || n > limits.max_reply_bytes)
    return absl::InvalidArgumentError(absl::StrCat("reply length ", n, " is not in [", kMinimum,
                                                   ", ", limits.max_reply_bytes, "]"));
  return n;
}

absl::StatusOr<RawMetaReply> DecodeMetaReply(const uint8_t* frame, size_t len,
                                             std::string_view rpc, const MetaRpcLimits& limits) {
  Reader r(frame, len, "reply");
  absl::StatusOr<uint32_t> total = r.U32("length");
  if (!total.ok()) return total.status();
  if (*total != len)
    return r.Error(absl::StrCat("the length prefix says ", *total, " bytes, the frame has ", len),
                   0);
  RawMetaReply reply;
  const size_t err_at = r.offset();
  absl::StatusOr<std::string> err = r.String(limits.max_name_bytes, "error name");
  if (!err.ok()) return err.status();
  if (!IsSafeErrorName(*err)) return r.Error("the error name is not [A-Za-z0-9_]+", err_at);
  reply.transport_err = *std::move(err);

  const size_t msg_at = r.offset();
  absl::StatusOr<MessageBegin> m = ReadMessageBegin(&r, limits.max_name_bytes);
  if (!m.ok()) return m.status();
  if (m->type == kException) return r.Error("the server sent a Thrift exception", msg_at);
  if (m->type != kReply)
    return r.Error(absl::StrCat("expected a REPLY message, found type ", m->type), msg_at);
  const std::string ack = AckName(rpc);
  if (m->name != ack)
    return r.Error(absl::StrCat("expected ", ack, ", found '", m->name, "'"), msg_at);
  reply.seqid = m->seqid;

  // No result: nothing, or an empty result struct. Only a failed call may lack one.
  if (r.remaining() == 0 || (r.remaining() == 1 && r.here()[0] == kTStop)) {
    if (reply.transport_err == "ERR_OK")
      return r.Error("the transport error is ERR_OK but no result follows", r.offset());
    return reply;
  }
  if (reply.transport_err != "ERR_OK")
    return r.Error(absl::StrCat("a result follows the transport error ", reply.transport_err),
                   r.offset());
  const size_t result_at = r.offset();
  int16_t field = -1;
  const uint8_t* begin = nullptr;
  size_t size = 0;
  if (absl::Status s = WrappedStruct(&r, &field, &begin, &size); !s.ok()) return s;
  if (field != 0)
    return r.Error(absl::StrCat("the result is field ", field, ", not 0"), result_at);
  reply.has_result = true;
  reply.result.assign(reinterpret_cast<const char*>(begin), size);
  reply.result_offset = result_at + 3;
  return reply;
}

absl::Status LocateResultError(const RawMetaReply& reply, const absl::Status& error) {
  return absl::Status(error.code(), absl::StrCat("reply: the result at offset ",
                                                 reply.result_offset, ": ", error.message()));
}

absl::StatusOr<ThftHeader> DecodeThftHeader(const uint8_t* data, size_t len,
                                            const MetaRpcLimits& limits) {
  Reader r(data, len, "request header");
  if (absl::Status s = r.Need(kThftHeaderBytes, "the header"); !s.ok()) return s;
  if (std::memcmp(data, "THFT", 4) != 0) return r.Error("the header does not start with THFT", 0);
  for (int i = 0; i < 4; ++i) r.U8("THFT").IgnoreError();
  ThftHeader h;
  h.hdr_version = *r.U32("hdr_version");
  h.header_length = *r.U32("header_length");
  h.header_crc32 = *r.U32("header_crc32");
  h.body_length = *r.U32("body_length");
  h.body_crc32 = *r.U32("body_crc32");
  h.app_id = static_cast<int32_t>(*r.U32("app_id"));
  h.partition_index = static_cast<int32_t>(*r.U32("partition_index"));
  h.client_timeout_ms = *r.U32("client_timeout");
  h.thread_hash = static_cast<int32_t>(*r.U32("thread_hash"));
  h.partition_hash = *r.U64("partition_hash");
  if (h.hdr_version != 0)
    return r.Error(absl::StrCat("hdr_version ", h.hdr_version, " is not 0"), 4);
  if (h.header_length != kThftHeaderBytes)
    return r.Error(absl::StrCat("header_length ", h.header_length, " is not 48"), 8);
  if (h.body_length == 0 || h.body_length > limits.max_request_body_bytes)
    return r.Error(absl::StrCat("body_length ", h.body_length, " is not in [1, ",
                                limits.max_request_body_bytes, "]"),
                   16);
  return h;
}

absl::StatusOr<RawMetaCall> DecodeMetaCall(const uint8_t* body, size_t len,
                                           const MetaRpcLimits& limits) {
  Reader r(body, len, "request");
  absl::StatusOr<MessageBegin> m = ReadMessageBegin(&r, limits.max_name_bytes);
  if (!m.ok()) return m.status();
  if (m->type != kCall && m->type != kOneway)
    return r.Error(absl::StrCat("expected a CALL message, found type ", m->type), 0);
  RawMetaCall call;
  call.name = m->name;
  call.seqid = m->seqid;
  const size_t args_at = r.offset();
  int16_t field = -1;
  const uint8_t* begin = nullptr;
  size_t size = 0;
  if (absl::Status s = WrappedStruct(&r, &field, &begin, &size); !s.ok()) return s;
  call.args.assign(reinterpret_cast<const char*>(begin), size);
  call.args_offset = args_at + 3;
  return call;
}

absl::StatusOr<std::string> EncodeMetaReply(std::string_view transport_err, std::string_view rpc,
                                            int32_t seqid, const std::string* result) {
  if (!IsSafeErrorName(transport_err))
    return absl::InvalidArgumentError(
        absl::StrCat("'", std::string(transport_err), "' is not an error name"));
  if (!IsSafeErrorName(rpc))
    return absl::InvalidArgumentError(absl::StrCat("'", std::string(rpc), "' is not an RPC name"));
  std::string out;
  PutU32(&out, 0);  // the total length, set below
  PutString(&out, transport_err);
  PutMessageBegin(&out, AckName(rpc), kReply, seqid);
  if (result != nullptr) {
    out.push_back(static_cast<char>(kTStruct));
    out.push_back(0);
    out.push_back(0);  // field 0
    out += *result;
    out.push_back(static_cast<char>(kTStop));
  }
  if (out.size() > UINT32_MAX) return absl::InvalidArgumentError("reply too large");
  const uint32_t n = static_cast<uint32_t>(out.size());
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((n >> (8 * (3 - i))) & 0xff);
  return out;
}

absl::StatusOr<std::string> EncodeQueryConfigArgs(const std::string& app_name,
                                                  const PegasusWireLimits& limits) {
  if (app_name.size() > static_cast<size_t>(limits.max_string_bytes))
    return absl::InvalidArgumentError(
        absl::StrCat("app name of ", app_name.size(), " bytes is too long"));
  pegasus_wire::query_cfg_request request;
  request.__set_app_name(app_name);
  request.__set_partition_indices({});  // empty: every partition
  return EncodeQueryCfgRequest(request);
}

absl::StatusOr<std::string> EncodeQueryConfigCall(const std::string& app_name, int32_t seqid,
                                                  uint32_t client_timeout_ms) {
  absl::StatusOr<std::string> args = EncodeQueryConfigArgs(app_name);
  if (!args.ok()) return args.status();
  return EncodeMetaCall(kQueryConfigRpc, *args, seqid, client_timeout_ms);
}

absl::StatusOr<MetaReply> DecodeQueryConfigReply(const uint8_t* frame, size_t len,
                                                 const MetaRpcLimits& limits) {
  absl::StatusOr<RawMetaReply> raw = DecodeMetaReply(frame, len, kQueryConfigRpc, limits);
  if (!raw.ok()) return raw.status();
  MetaReply reply;
  reply.transport_err = raw->transport_err;
  reply.seqid = raw->seqid;
  if (!raw->has_result) return reply;
  absl::StatusOr<pegasus_wire::query_cfg_response> response = DecodeQueryCfgResponse(
      reinterpret_cast<const uint8_t*>(raw->result.data()), raw->result.size(), limits.wire);
  if (!response.ok()) return LocateResultError(*raw, response.status());
  reply.has_result = true;
  reply.response_bytes = std::move(raw->result);
  reply.response = *std::move(response);
  return reply;
}

absl::StatusOr<MetaCall> DecodeQueryConfigCall(const uint8_t* body, size_t len,
                                               const MetaRpcLimits& limits) {
  absl::StatusOr<RawMetaCall> raw = DecodeMetaCall(body, len, limits);
  if (!raw.ok()) return raw.status();
  absl::StatusOr<pegasus_wire::query_cfg_request> request = DecodeQueryCfgRequest(
      reinterpret_cast<const uint8_t*>(raw->args.data()), raw->args.size(), limits.wire);
  if (!request.ok())
    return absl::Status(request.status().code(),
                        absl::StrCat("request: the args at offset ", raw->args_offset, ": ",
                                     request.status().message()));
  MetaCall call;
  call.name = std::move(raw->name);
  call.seqid = raw->seqid;
  call.request = *std::move(request);
  return call;
}

absl::StatusOr<std::string> EncodeQueryConfigReply(
    std::string_view transport_err, int32_t seqid,
    const pegasus_wire::query_cfg_response* response) {
  if (response == nullptr) return EncodeMetaReply(transport_err, kQueryConfigRpc, seqid, nullptr);
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(*response);
  if (!bytes.ok()) return bytes.status();
  return EncodeMetaReply(transport_err, kQueryConfigRpc, seqid, &*bytes);
}

}  // namespace dupready
