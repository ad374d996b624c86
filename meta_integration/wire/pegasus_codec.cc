// Copyright 2026 The dupready Authors.
//
// Encodes and decodes query_cfg_request/query_cfg_response with the generated Thrift code:
// validated first by ValidatePegasusWire(), then read through a size-limited TBinaryProtocol.

#include "meta_integration/wire/pegasus_codec.h"

#include <thrift/TConfiguration.h>
#include <thrift/Thrift.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TTransportException.h>

#include <algorithm>
#include <climits>
#include <exception>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dupready {
namespace {

using ::apache::thrift::TConfiguration;
using ::apache::thrift::TException;
using ::apache::thrift::protocol::TBinaryProtocolT;
using ::apache::thrift::protocol::TProtocolException;
using ::apache::thrift::transport::TMemoryBuffer;
using ::apache::thrift::transport::TTransportException;

using Protocol = TBinaryProtocolT<TMemoryBuffer>;

template <typename T>
absl::StatusOr<T> Decode(PegasusStruct which, const char* name, const uint8_t* data, size_t len,
                         const PegasusWireLimits& limits) {
  if (len > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": message of ", len, " bytes is too large for Thrift"));
  }
  if (absl::Status status = ValidatePegasusWire(which, data, len, limits); !status.ok()) {
    return status;
  }
  // Only validated bytes get here; the limits below are a second line of defence. The
  // generated readers count nesting differently from the validator (they do not count the
  // list level, but count a skipped leaf value), hence the margin of 2.
  const int depth = std::min(limits.max_depth, PegasusWireLimits::kMaxSupportedDepth) + 2;
  const int32_t container_limit =
      std::max({limits.max_partitions, limits.max_addresses_per_list, limits.max_partition_indices,
                limits.max_container_elements, int32_t{1}});
  try {
    auto config =
        std::make_shared<TConfiguration>(static_cast<int>(len), static_cast<int>(len), depth);
    // OBSERVE: the buffer only reads `data`; the const_cast is what Thrift's API requires.
    auto buffer = std::make_shared<TMemoryBuffer>(
        const_cast<uint8_t*>(data), static_cast<uint32_t>(len), TMemoryBuffer::OBSERVE, config);
    Protocol protocol(buffer, std::max(limits.max_string_bytes, int32_t{1}), container_limit,
                      /*strict_read=*/false, /*strict_write=*/true);
    T value;
    value.read(&protocol);
    if (buffer->available_read() != 0) {
      return absl::InternalError(absl::StrCat(name, ": the reader stopped at offset ",
                                              len - buffer->available_read(),
                                              " but the validator accepted ", len, " bytes"));
    }
    return value;
  } catch (const TTransportException& e) {
    return absl::DataLossError(absl::StrCat(name, ": ", e.what()));
  } catch (const TProtocolException& e) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": ", e.what()));
  } catch (const std::exception& e) {  // TException, bad_alloc, ...
    return absl::InternalError(absl::StrCat(name, ": decoding failed: ", e.what()));
  } catch (...) {
    return absl::InternalError(absl::StrCat(name, ": decoding failed"));
  }
}

template <typename T>
absl::StatusOr<std::string> Encode(const char* name, const T& value) {
  try {
    auto buffer = std::make_shared<TMemoryBuffer>();
    Protocol protocol(buffer);
    value.write(&protocol);
    return buffer->getBufferAsString();
  } catch (const TException& e) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": cannot encode: ", e.what()));
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat(name, ": encoding failed: ", e.what()));
  } catch (...) {
    return absl::InternalError(absl::StrCat(name, ": encoding failed"));
  }
}

}  // namespace

absl::StatusOr<pegasus_wire::query_cfg_response> DecodeQueryCfgResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return Decode<pegasus_wire::query_cfg_response>(PegasusStruct::kQueryCfgResponse,
                                                  "query_cfg_response", data, len, limits);
}

absl::StatusOr<std::string> EncodeQueryCfgResponse(
    const pegasus_wire::query_cfg_response& response) {
  return Encode("query_cfg_response", response);
}

absl::StatusOr<pegasus_wire::query_cfg_request> DecodeQueryCfgRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return Decode<pegasus_wire::query_cfg_request>(PegasusStruct::kQueryCfgRequest,
                                                 "query_cfg_request", data, len, limits);
}

absl::StatusOr<std::string> EncodeQueryCfgRequest(const pegasus_wire::query_cfg_request& request) {
  return Encode("query_cfg_request", request);
}

}  // namespace dupready
