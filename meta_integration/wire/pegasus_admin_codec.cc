// Copyright 2026 The dupready Authors.
//
// Encodes and decodes the duplication-listing RPCs' structs with the generated Thrift code,
// validated first by ValidatePegasusWire().

#include "meta_integration/wire/pegasus_admin_codec.h"

#include "absl/strings/str_cat.h"
#include "meta_integration/wire/thrift_io.h"

namespace dupready {
absl::StatusOr<pegasus_wire::duplication_list_response> DecodeDuplicationListResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return thrift_io::DecodeChecked<pegasus_wire::duplication_list_response>(
      PegasusStruct::kDuplicationListResponse, "duplication_list_response", data, len, limits);
}
absl::StatusOr<std::string> EncodeDuplicationListResponse(
    const pegasus_wire::duplication_list_response& response) {
  return thrift_io::Encode("duplication_list_response", response);
}

absl::StatusOr<pegasus_wire::duplication_list_request> DecodeDuplicationListRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return thrift_io::DecodeChecked<pegasus_wire::duplication_list_request>(
      PegasusStruct::kDuplicationListRequest, "duplication_list_request", data, len, limits);
}
absl::StatusOr<std::string> EncodeDuplicationListRequest(
    const pegasus_wire::duplication_list_request& request) {
  return thrift_io::Encode("duplication_list_request", request);
}

absl::StatusOr<pegasus_wire::configuration_list_apps_response> DecodeListAppsResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return thrift_io::DecodeChecked<pegasus_wire::configuration_list_apps_response>(
      PegasusStruct::kListAppsResponse, "configuration_list_apps_response", data, len, limits);
}
absl::StatusOr<std::string> EncodeListAppsResponse(
    const pegasus_wire::configuration_list_apps_response& response) {
  return thrift_io::Encode("configuration_list_apps_response", response);
}

absl::StatusOr<pegasus_wire::configuration_list_apps_request> DecodeListAppsRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return thrift_io::DecodeChecked<pegasus_wire::configuration_list_apps_request>(
      PegasusStruct::kListAppsRequest, "configuration_list_apps_request", data, len, limits);
}
absl::StatusOr<std::string> EncodeListAppsRequest(
    const pegasus_wire::configuration_list_apps_request& request) {
  return thrift_io::Encode("configuration_list_apps_request", request);
}

absl::StatusOr<pegasus_wire::duplication_query_response> DecodeDuplicationQueryResponse(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return thrift_io::DecodeChecked<pegasus_wire::duplication_query_response>(
      PegasusStruct::kDuplicationQueryResponse, "duplication_query_response", data, len, limits);
}
absl::StatusOr<std::string> EncodeDuplicationQueryResponse(
    const pegasus_wire::duplication_query_response& response) {
  return thrift_io::Encode("duplication_query_response", response);
}

absl::StatusOr<pegasus_wire::duplication_query_request> DecodeDuplicationQueryRequest(
    const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  return thrift_io::DecodeChecked<pegasus_wire::duplication_query_request>(
      PegasusStruct::kDuplicationQueryRequest, "duplication_query_request", data, len, limits);
}
absl::StatusOr<std::string> EncodeDuplicationQueryRequest(
    const pegasus_wire::duplication_query_request& request) {
  return thrift_io::Encode("duplication_query_request", request);
}

std::string DuplicationStatusName(int32_t status) {
  const auto& names = pegasus_wire::_duplication_status_VALUES_TO_NAMES;
  auto it = names.find(status);
  if (it != names.end()) return it->second;
  return absl::StrCat("DS_UNKNOWN_", status);
}

}  // namespace dupready
