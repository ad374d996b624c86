// Copyright 2026 The dupready Authors.
//
// Encodes and decodes query_cfg_request/query_cfg_response with the generated Thrift code:
// validated first by ValidatePegasusWire(), then read through a size-limited TBinaryProtocol.

#include "meta_integration/wire/pegasus_codec.h"

#include "meta_integration/wire/thrift_io.h"

namespace dupready {

absl::StatusOr<pegasus_wire::query_cfg_response> DecodeQueryCfgResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return thrift_io::DecodeChecked<pegasus_wire::query_cfg_response>(
      PegasusStruct::kQueryCfgResponse, "query_cfg_response", data, len, limits);
}

absl::StatusOr<std::string> EncodeQueryCfgResponse(
    const pegasus_wire::query_cfg_response& response) {
  return thrift_io::Encode("query_cfg_response", response);
}

absl::StatusOr<pegasus_wire::query_cfg_request> DecodeQueryCfgRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return thrift_io::DecodeChecked<pegasus_wire::query_cfg_request>(
      PegasusStruct::kQueryCfgRequest, "query_cfg_request", data, len, limits);
}

absl::StatusOr<std::string> EncodeQueryCfgRequest(const pegasus_wire::query_cfg_request& request) {
  return thrift_io::Encode("query_cfg_request", request);
}

}  // namespace dupready
