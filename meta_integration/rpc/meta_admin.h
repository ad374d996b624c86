// Copyright 2026 The dupready Authors.
//
// meta_admin.h: the administrative RPCs that list a source cluster's duplications, asked the
// way meta_client.h asks (metas in order, forwards followed, deadlines):
//
//   absl::StatusOr<AdminAnswer<pegasus_wire::duplication_list_response>> a =
//       ListDuplications(metas, MetaQueryOptions());
//   // a->transport_err ("ERR_HANDLER_NOT_FOUND" from a meta older than the RPC),
//   // a->response.app_states, a->attempts
//
// A meta that is not the leader answers these RPCs with ERR_FORWARD_TO_OTHERS and no leader;
// the client then asks it for the leader with RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX, whose
// forward names it, and follows that. Results are decoded with the bounds of
// options.limits.wire; a result that does not decode counts as a broken reply (the next meta
// is asked, and the attempt says where the bytes went wrong).

#ifndef DUPREADY_META_INTEGRATION_RPC_META_ADMIN_H_
#define DUPREADY_META_INTEGRATION_RPC_META_ADMIN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "meta_integration/rpc/meta_client.h"
#include "meta_integration/wire/idl/pegasus_admin_types.h"

namespace dupready {

template <typename Response>
struct AdminAnswer {
  std::string meta;           // the address whose reply this is, as text
  MetaAddress address;
  std::string transport_err;  // e.g. "ERR_OK", "ERR_HANDLER_NOT_FOUND"
  bool has_result = false;    // `response` holds the decoded result
  Response response;
  std::vector<MetaAttempt> attempts;
};

// RPC_CM_LIST_DUPLICATION for every table (PMT_MATCH_ALL).
absl::StatusOr<AdminAnswer<pegasus_wire::duplication_list_response>> ListDuplications(
    const std::vector<MetaAddress>& metas, const MetaQueryOptions& options);

// RPC_CM_LIST_APPS for the available tables (AS_AVAILABLE).
absl::StatusOr<AdminAnswer<pegasus_wire::configuration_list_apps_response>> ListApps(
    const std::vector<MetaAddress>& metas, const MetaQueryOptions& options);

// RPC_CM_QUERY_DUPLICATION for one table. InvalidArgument for a name over the string limit.
absl::StatusOr<AdminAnswer<pegasus_wire::duplication_query_response>> QueryDuplication(
    const std::vector<MetaAddress>& metas, const std::string& app_name,
    const MetaQueryOptions& options);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_META_ADMIN_H_
