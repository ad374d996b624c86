// Copyright 2026 The dupready Authors.
//
// pegasus_admin_codec.h: bytes <-> the generated types of the administrative RPCs that list a
// source cluster's duplications (idl/pegasus_admin.thrift), in Pegasus's binary Thrift dialect:
//
//   RPC_CM_LIST_DUPLICATION    duplication_list_request -> duplication_list_response
//   RPC_CM_LIST_APPS           configuration_list_apps_request -> configuration_list_apps_response
//   RPC_CM_QUERY_DUPLICATION   duplication_query_request -> duplication_query_response
//
//   absl::StatusOr<pegasus_wire::duplication_list_response> r =
//       DecodeDuplicationListResponse(bytes, len);
//
// As in pegasus_codec.h, the bytes are one bare struct (no envelope), decoding validates every
// size against the bytes left and PegasusWireLimits before the generated reader runs, and errors
// name the field path and byte offset. Memory: a small multiple of len plus a few hundred bytes
// per table and duplication (max_apps, max_duplications); the per-partition maps Pegasus sends
// with each duplication are skipped without allocating. No function here throws.

#ifndef DUPREADY_META_INTEGRATION_WIRE_PEGASUS_ADMIN_CODEC_H_
#define DUPREADY_META_INTEGRATION_WIRE_PEGASUS_ADMIN_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "meta_integration/wire/idl/pegasus_admin_types.h"
#include "meta_integration/wire/pegasus_wire_check.h"

namespace dupready {

absl::StatusOr<pegasus_wire::duplication_list_response> DecodeDuplicationListResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits = PegasusWireLimits());
absl::StatusOr<std::string> EncodeDuplicationListResponse(
    const pegasus_wire::duplication_list_response& response);

absl::StatusOr<pegasus_wire::duplication_list_request> DecodeDuplicationListRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits = PegasusWireLimits());
absl::StatusOr<std::string> EncodeDuplicationListRequest(
    const pegasus_wire::duplication_list_request& request);

absl::StatusOr<pegasus_wire::configuration_list_apps_response> DecodeListAppsResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits = PegasusWireLimits());
absl::StatusOr<std::string> EncodeListAppsResponse(
    const pegasus_wire::configuration_list_apps_response& response);

absl::StatusOr<pegasus_wire::configuration_list_apps_request> DecodeListAppsRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits = PegasusWireLimits());
absl::StatusOr<std::string> EncodeListAppsRequest(
    const pegasus_wire::configuration_list_apps_request& request);

absl::StatusOr<pegasus_wire::duplication_query_response> DecodeDuplicationQueryResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits = PegasusWireLimits());
absl::StatusOr<std::string> EncodeDuplicationQueryResponse(
    const pegasus_wire::duplication_query_response& response);

absl::StatusOr<pegasus_wire::duplication_query_request> DecodeDuplicationQueryRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits = PegasusWireLimits());
absl::StatusOr<std::string> EncodeDuplicationQueryRequest(
    const pegasus_wire::duplication_query_request& request);

// Pegasus's name of a duplication status ("DS_APP"), or "DS_UNKNOWN_<n>" for a value this
// build does not know.
std::string DuplicationStatusName(int32_t status);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_PEGASUS_ADMIN_CODEC_H_
