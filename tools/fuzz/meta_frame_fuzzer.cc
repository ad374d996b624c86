// Fuzzes the probe's RPC framing (meta_integration/rpc/meta_rpc.h) with the same bytes read three
// ways: as a reply frame (what `dupready probe` reads from a meta server), as a request header
// and as a request body (what the fake meta server reads). What decodes must be consistent and
// re-encode to bytes that decode the same.
#include <cstdint>
#include <cstdio>
#include <string>

#include "meta_integration/rpc/meta_rpc.h"
#include "meta_integration/wire/pegasus_codec.h"

namespace {

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "meta_frame_fuzzer: invariant broken: %s\n", what);
  __builtin_trap();
}

const uint8_t* U(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

void FuzzReply(const uint8_t* data, size_t size) {
  using namespace dupready;
  absl::StatusOr<MetaReply> reply = DecodeQueryConfigReply(data, size);
  if (!reply.ok()) return;
  // Only a call that went through carries a result, and a client reading the length prefix
  // first accepts every frame the decoder accepts.
  Check(reply->has_result == (reply->transport_err == "ERR_OK"), "has_result");
  absl::StatusOr<uint32_t> length = DecodeReplyLength(data);
  Check(length.ok() && *length == size, "the length prefix of a decodable frame is refused");
  if (reply->has_result) {
    absl::StatusOr<pegasus_wire::query_cfg_response> again =
        DecodeQueryCfgResponse(U(reply->response_bytes), reply->response_bytes.size());
    Check(again.ok() && *again == reply->response, "response_bytes decode to another response");
  }
  absl::StatusOr<std::string> frame = EncodeQueryConfigReply(
      reply->transport_err, reply->seqid, reply->has_result ? &reply->response : nullptr);
  Check(frame.ok(), "a decoded reply does not encode");
  absl::StatusOr<MetaReply> twice = DecodeQueryConfigReply(U(*frame), frame->size());
  Check(twice.ok(), "a re-encoded reply does not decode");
  Check(twice->transport_err == reply->transport_err && twice->seqid == reply->seqid &&
            twice->has_result == reply->has_result && twice->response == reply->response,
        "a reply does not survive a round trip");
}

void FuzzRequest(const uint8_t* data, size_t size) {
  using namespace dupready;
  absl::StatusOr<ThftHeader> header = DecodeThftHeader(data, size);
  if (header.ok()) {
    Check(header->body_length >= 1 && header->body_length <= MetaRpcLimits().max_request_body_bytes,
          "a header with an out-of-range body length");
  }
  // The body alone, and the body after a header (as the fake meta server splits them).
  for (size_t skip : {size_t{0}, kThftHeaderBytes}) {
    if (skip > size) break;
    absl::StatusOr<MetaCall> call = DecodeQueryConfigCall(data + skip, size - skip);
    if (!call.ok()) continue;
    absl::StatusOr<std::string> bytes =
        EncodeQueryConfigCall(call->request.app_name, call->seqid, 1000);
    Check(bytes.ok(), "a decoded request's app name does not encode");
    absl::StatusOr<ThftHeader> h = DecodeThftHeader(U(*bytes), bytes->size());
    Check(h.ok() && h->body_length == bytes->size() - kThftHeaderBytes, "an encoded header");
    absl::StatusOr<MetaCall> again =
        DecodeQueryConfigCall(U(*bytes) + kThftHeaderBytes, bytes->size() - kThftHeaderBytes);
    Check(again.ok() && again->seqid == call->seqid &&
              again->request.app_name == call->request.app_name,
          "a request does not survive a round trip");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzReply(data, size);
  FuzzRequest(data, size);
  return 0;
}
