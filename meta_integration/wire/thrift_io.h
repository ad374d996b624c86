// Copyright 2026 The dupready Authors.
//
// thrift_io.h (private to wire/): the two steps every codec of this room shares. Decoding runs
// ValidatePegasusWire() first and only then the generated reader, through a TBinaryProtocol
// whose own string, container and depth limits are a second line of defence; encoding writes
// Pegasus's binary dialect. Neither throws: Thrift's exceptions become a Status.
//
//   absl::StatusOr<pegasus_wire::query_cfg_response> r = thrift_io::DecodeChecked<
//       pegasus_wire::query_cfg_response>(PegasusStruct::kQueryCfgResponse,
//                                         "query_cfg_response", data, len, limits);

#ifndef DUPREADY_META_INTEGRATION_WIRE_THRIFT_IO_H_
#define DUPREADY_META_INTEGRATION_WIRE_THRIFT_IO_H_

#include <thrift/TConfiguration.h>
#include <thrift/Thrift.h>
#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/protocol/TProtocolException.h>
#include <thrift/transport/TBufferTransports.h>
#include <thrift/transport/TTransportException.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "meta_integration/wire/pegasus_wire_check.h"

namespace dupready {
namespace thrift_io {

using Protocol =
    ::apache::thrift::protocol::TBinaryProtocolT<::apache::thrift::transport::TMemoryBuffer>;

// The largest element count any container may have under `limits`, for the protocol's own
// check (the validator has already applied the exact one per container).
inline int32_t ContainerLimit(const PegasusWireLimits& limits) {
  return std::max({limits.max_partitions, limits.max_addresses_per_list,
                   limits.max_partition_indices, limits.max_container_elements, limits.max_apps,
                   limits.max_duplications_per_app, limits.max_app_envs, int32_t{1}});
}

// Decodes exactly one `which` struct (named `name` in messages) from data[0, len).
template <typename T>
absl::StatusOr<T> DecodeChecked(PegasusStruct which, const char* name, const uint8_t* data,
                                size_t len, const PegasusWireLimits& limits) {
  using ::apache::thrift::TConfiguration;
  using ::apache::thrift::protocol::TProtocolException;
  using ::apache::thrift::transport::TMemoryBuffer;
  using ::apache::thrift::transport::TTransportException;
  if (len > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": message of ", len, " bytes is too large for Thrift"));
  }
  if (absl::Status status = ValidatePegasusWire(which, data, len, limits); !status.ok()) {
    return status;
  }
  // Only validated bytes get here. The generated readers count nesting differently from the
  // validator (they do not count the list level, but count a skipped leaf value), hence the
  // margin of 2.
  const int depth = std::min(limits.max_depth, PegasusWireLimits::kMaxSupportedDepth) + 2;
  try {
    auto config =
        std::make_shared<TConfiguration>(static_cast<int>(len), static_cast<int>(len), depth);
    // OBSERVE: the buffer only reads `data`; the const_cast is what Thrift's API requires.
    auto buffer = std::make_shared<TMemoryBuffer>(
        const_cast<uint8_t*>(data), static_cast<uint32_t>(len), TMemoryBuffer::OBSERVE, config);
    Protocol protocol(buffer, std::max(limits.max_string_bytes, int32_t{1}),
                      ContainerLimit(limits), /*strict_read=*/false, /*strict_write=*/true);
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

// Encodes `value` as Pegasus would (every field but unset optional ones).
template <typename T>
absl::StatusOr<std::string> Encode(const char* name, const T& value) {
  using ::apache::thrift::TException;
  using ::apache::thrift::transport::TMemoryBuffer;
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

}  // namespace thrift_io
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_THRIFT_IO_H_
