// Copyright 2026 The dupready Authors.
//
// The field tables of the structs the wire check walks, with Pegasus's field ids and types
// (dsn.layer2.thrift, duplication.thrift, meta_admin.thrift). Fields that dupready's IDL leaves
// out are listed here all the same, so they are bounded and named in errors.

#include "meta_integration/wire/pegasus_wire_schema.h"

namespace dupready {
namespace wire_schema {
namespace {

using L = PegasusWireLimits;

template <size_t N>
constexpr StructSpec Spec(const char* name, const FieldSpec (&fields)[N]) {
  return StructSpec{name, fields, N};
}

// The containers, each with the limit on its length (and the budget it counts into). Fields of
// the other kinds are written as {id, name, kind}.
constexpr FieldSpec List(int16_t id, const char* name, Kind elem, int32_t L::*max) {
  return FieldSpec{id, name, Kind::kList, elem, nullptr, max};
}
constexpr FieldSpec ListOf(int16_t id, const char* name, const StructSpec& elem, int32_t L::*max,
                           Budget budget = Budget::kNone) {
  return FieldSpec{id, name, Kind::kList, Kind::kStruct, &elem, max, Kind::kBool, budget};
}
constexpr FieldSpec Map(int16_t id, const char* name, Kind key, Kind value, int32_t L::*max) {
  return FieldSpec{id, name, Kind::kMap, value, nullptr, max, key};
}
constexpr FieldSpec MapOf(int16_t id, const char* name, Kind key, const StructSpec& value,
                          int32_t L::*max, Budget budget = Budget::kNone) {
  return FieldSpec{id, name, Kind::kMap, Kind::kStruct, &value, max, key, budget};
}

// ---- RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX (dsn.layer2.thrift) ----

constexpr FieldSpec kPartitionConfigurationFields[] = {
    {1, "pid", Kind::kGpid},
    {2, "ballot", Kind::kI64},
    {3, "max_replica_count", Kind::kI32},
    {4, "primary", Kind::kRpcAddress},
    List(5, "secondaries", Kind::kRpcAddress, &L::max_addresses_per_list),
    List(6, "last_drops", Kind::kRpcAddress, &L::max_addresses_per_list),
    {7, "last_committed_decree", Kind::kI64},
    {8, "partition_flags", Kind::kI32},
    {9, "hp_primary", Kind::kHostPort},
    List(10, "hp_secondaries", Kind::kHostPort, &L::max_addresses_per_list),
    List(11, "hp_last_drops", Kind::kHostPort, &L::max_addresses_per_list),
};
constexpr StructSpec kPartitionConfiguration =
    Spec("partition_configuration", kPartitionConfigurationFields);

constexpr FieldSpec kQueryCfgResponseFields[] = {
    {1, "err", Kind::kErrorCode},
    {2, "app_id", Kind::kI32},
    {3, "partition_count", Kind::kI32},
    {4, "is_stateful", Kind::kBool},
    ListOf(5, "partitions", kPartitionConfiguration, &L::max_partitions),
};
constexpr StructSpec kQueryCfgResponse = Spec("query_cfg_response", kQueryCfgResponseFields);

constexpr FieldSpec kQueryCfgRequestFields[] = {
    {1, "app_name", Kind::kString},
    List(2, "partition_indices", Kind::kI32, &L::max_partition_indices),
};
constexpr StructSpec kQueryCfgRequest = Spec("query_cfg_request", kQueryCfgRequestFields);

// ---- Duplications (duplication.thrift) ----

constexpr FieldSpec kDuplicationPartitionStateFields[] = {
    {1, "confirmed_decree", Kind::kI64},
    {2, "last_committed_decree", Kind::kI64},
};
constexpr StructSpec kDuplicationPartitionState =
    Spec("duplication_partition_state", kDuplicationPartitionStateFields);

constexpr FieldSpec kDuplicationEntryFields[] = {
    {1, "dupid", Kind::kI32},
    {2, "status", Kind::kI32},
    {3, "remote", Kind::kString},
    {4, "create_ts", Kind::kI64},
    Map(5, "progress", Kind::kI32, Kind::kI64, &L::max_partitions),
    {7, "fail_mode", Kind::kI32},
    {8, "remote_app_name", Kind::kString},
    {9, "remote_replica_count", Kind::kI32},
    {10, "mode", Kind::kI32},
    MapOf(11, "partition_states", Kind::kI32, kDuplicationPartitionState, &L::max_partitions),
};
constexpr StructSpec kDuplicationEntry = Spec("duplication_entry", kDuplicationEntryFields);

constexpr FieldSpec kDuplicationAppStateFields[] = {
    {1, "appid", Kind::kI32},
    MapOf(2, "duplications", Kind::kI32, kDuplicationEntry, &L::max_duplications_per_app,
          Budget::kDuplications),
    {3, "app_name", Kind::kString},
    {4, "partition_count", Kind::kI32},
};
constexpr StructSpec kDuplicationAppState =
    Spec("duplication_app_state", kDuplicationAppStateFields);

constexpr FieldSpec kDuplicationListRequestFields[] = {
    {1, "app_name_pattern", Kind::kString},
    {2, "match_type", Kind::kI32},
};
constexpr StructSpec kDuplicationListRequest =
    Spec("duplication_list_request", kDuplicationListRequestFields);

constexpr FieldSpec kDuplicationListResponseFields[] = {
    {1, "err", Kind::kErrorCode},
    {2, "hint_message", Kind::kString},
    MapOf(3, "app_states", Kind::kString, kDuplicationAppState, &L::max_apps),
};
constexpr StructSpec kDuplicationListResponse =
    Spec("duplication_list_response", kDuplicationListResponseFields);

constexpr FieldSpec kDuplicationQueryRequestFields[] = {
    {1, "app_name", Kind::kString},
};
constexpr StructSpec kDuplicationQueryRequest =
    Spec("duplication_query_request", kDuplicationQueryRequestFields);

constexpr FieldSpec kDuplicationQueryResponseFields[] = {
    {1, "err", Kind::kErrorCode},
    {3, "appid", Kind::kI32},
    ListOf(4, "entry_list", kDuplicationEntry, &L::max_duplications_per_app,
           Budget::kDuplications),
};
constexpr StructSpec kDuplicationQueryResponse =
    Spec("duplication_query_response", kDuplicationQueryResponseFields);

// ---- Tables (dsn.layer2.thrift, meta_admin.thrift) ----

constexpr FieldSpec kAppInfoFields[] = {
    {1, "status", Kind::kI32},
    {2, "app_type", Kind::kString},
    {3, "app_name", Kind::kString},
    {4, "app_id", Kind::kI32},
    {5, "partition_count", Kind::kI32},
    Map(6, "envs", Kind::kString, Kind::kString, &L::max_app_envs),
    {7, "is_stateful", Kind::kBool},
    {8, "max_replica_count", Kind::kI32},
    {9, "expire_second", Kind::kI64},
    {10, "create_second", Kind::kI64},
    {11, "drop_second", Kind::kI64},
    {12, "duplicating", Kind::kBool},
    {13, "init_partition_count", Kind::kI32},
    {14, "is_bulk_loading", Kind::kBool},
    {15, "atomic_idempotent", Kind::kBool},
};
constexpr StructSpec kAppInfo = Spec("app_info", kAppInfoFields);

constexpr FieldSpec kListAppsRequestFields[] = {
    {1, "status", Kind::kI32},
    {2, "app_name_pattern", Kind::kString},
    {3, "match_type", Kind::kI32},
};
constexpr StructSpec kListAppsRequest =
    Spec("configuration_list_apps_request", kListAppsRequestFields);

constexpr FieldSpec kListAppsResponseFields[] = {
    {1, "err", Kind::kErrorCode},
    ListOf(2, "infos", kAppInfo, &L::max_apps),
    {3, "hint_message", Kind::kString},
};
constexpr StructSpec kListAppsResponse =
    Spec("configuration_list_apps_response", kListAppsResponseFields);

}  // namespace

const StructSpec& SchemaOf(PegasusStruct which) {
  switch (which) {
    case PegasusStruct::kQueryCfgResponse: return kQueryCfgResponse;
    case PegasusStruct::kQueryCfgRequest: return kQueryCfgRequest;
    case PegasusStruct::kDuplicationListRequest: return kDuplicationListRequest;
    case PegasusStruct::kDuplicationListResponse: return kDuplicationListResponse;
    case PegasusStruct::kListAppsRequest: return kListAppsRequest;
    case PegasusStruct::kListAppsResponse: return kListAppsResponse;
    case PegasusStruct::kDuplicationQueryRequest: return kDuplicationQueryRequest;
    case PegasusStruct::kDuplicationQueryResponse: return kDuplicationQueryResponse;
  }
  return kQueryCfgResponse;  // unreachable: every enumerator is handled above
}

int32_t BudgetLimit(Budget budget, const PegasusWireLimits& limits) {
  return budget == Budget::kDuplications ? limits.max_duplications : 0;
}

}  // namespace wire_schema
}  // namespace dupready
