// Copyright 2026 The dupready Authors.
//
// pegasus_codec.h: bytes <-> the generated Thrift types of RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX,
// in Pegasus's binary Thrift dialect.
//
// The bytes are one bare struct as Pegasus marshals it (field headers ... STOP), without the
// RPC envelope (no message header, no result struct, no length prefix).
//
// Decoding treats its input as hostile: ValidatePegasusWire() (pegasus_wire_check.h) first
// checks every size against the remaining bytes and PegasusWireLimits, then the generated code
// reads the bytes through a TBinaryProtocol that enforces the same string/container limits and
// a recursion limit, as a second line of defence. No function here throws.

#ifndef DUPREADY_META_INTEGRATION_WIRE_PEGASUS_CODEC_H_
#define DUPREADY_META_INTEGRATION_WIRE_PEGASUS_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "meta_integration/wire/pegasus_wire_check.h"

namespace dupready {

// Decodes exactly one query_cfg_response from data[0, len) (data may be null if len is 0).
// Errors: DataLoss (truncated; a size claims more bytes than remain), InvalidArgument (a limit
// exceeded, bad type or size, trailing bytes, a host type other than invalid/IPv4). Messages
// name the field path and byte offset. Memory: a small multiple of len plus one
// partition_configuration (~200 bytes) per partition, so at most ~13 MB more with the default
// 65,536-partition limit.
absl::StatusOr<pegasus_wire::query_cfg_response> DecodeQueryCfgResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits = PegasusWireLimits());

// Encodes `response` as Pegasus would: every field except the optional hp_* ones, which are
// written only when their __isset flag is set. InvalidArgument for values Pegasus cannot
// send (an address of host type group or unknown, a string over 2 GiB).
absl::StatusOr<std::string> EncodeQueryCfgResponse(
    const pegasus_wire::query_cfg_response& response);

// The same for the request, query_cfg_request.
absl::StatusOr<pegasus_wire::query_cfg_request> DecodeQueryCfgRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits = PegasusWireLimits());
absl::StatusOr<std::string> EncodeQueryCfgRequest(const pegasus_wire::query_cfg_request& request);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_PEGASUS_CODEC_H_
