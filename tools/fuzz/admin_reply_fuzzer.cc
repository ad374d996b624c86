// Fuzzes the duplication-listing structs (meta_integration/wire/pegasus_admin_codec.h) with the
// same bytes read as each of them: what decodes must re-encode to bytes that decode the same,
// and nothing may crash, hang or allocate out of proportion (the wire check runs first).
#include <cstdint>
#include <cstdio>
#include <string>

#include "meta_integration/wire/pegasus_admin_codec.h"

namespace {

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "admin_reply_fuzzer: invariant broken: %s\n", what);
  __builtin_trap();
}

// Decodes data as T; if it decodes, the value survives encoding and decoding again.
template <typename T>
void RoundTrip(const uint8_t* data, size_t size,
               absl::StatusOr<T> (*decode)(const uint8_t*, size_t,
                                           const dupready::PegasusWireLimits&),
               absl::StatusOr<std::string> (*encode)(const T&), const char* what) {
  absl::StatusOr<T> value = decode(data, size, dupready::PegasusWireLimits());
  if (!value.ok()) return;
  absl::StatusOr<std::string> bytes = encode(*value);
  Check(bytes.ok(), what);
  absl::StatusOr<T> again = decode(reinterpret_cast<const uint8_t*>(bytes->data()),
                                   bytes->size(), dupready::PegasusWireLimits());
  Check(again.ok() && *again == *value, what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;  // NOLINT
  RoundTrip(data, size, DecodeDuplicationListResponse, EncodeDuplicationListResponse,
            "list response");
  RoundTrip(data, size, DecodeListAppsResponse, EncodeListAppsResponse, "list apps response");
  RoundTrip(data, size, DecodeDuplicationQueryResponse, EncodeDuplicationQueryResponse,
            "query response");
  RoundTrip(data, size, DecodeDuplicationListRequest, EncodeDuplicationListRequest,
            "list request");
  RoundTrip(data, size, DecodeListAppsRequest, EncodeListAppsRequest, "list apps request");
  RoundTrip(data, size, DecodeDuplicationQueryRequest, EncodeDuplicationQueryRequest,
            "query request");
  return 0;
}
