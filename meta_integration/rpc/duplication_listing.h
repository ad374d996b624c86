// Copyright 2026 The dupready Authors.
//
// duplication_listing.h: every duplication of a source cluster, with what judging its follower
// needs from the source (the table's name and partition count, the follower cluster and table,
// the replica count asked for), from one question to the cluster's metas:
//
//   ListingOptions options;                       // per-RPC timeout, parallelism, a filter
//   absl::StatusOr<SourceListing> l = ListSourceDuplications(metas, options);
//   for (const SourceDuplication& d : l->duplications) ...  // by table name, then dupid
//
// RPC_CM_LIST_DUPLICATION answers in one reply. A meta older than that RPC answers it with the
// transport error ERR_HANDLER_NOT_FOUND; when no meta answers it and one of them said that, the
// listing falls back to RPC_CM_LIST_APPS and one RPC_CM_QUERY_DUPLICATION per table
// (options.parallel at a time, the meta that listed the tables asked first).
//
// What the source sends is checked before it is used, with the field it came from: table and
// cluster names must be 1 to 256 bytes of [A-Za-z0-9_.:-], a partition count in [1, 65536], a
// replica count in [0, 64], a map's key equal to the id or name it holds. Errors:
// Unavailable/DeadlineExceeded (no meta replied; the message lists each address and why),
// FailedPrecondition (the metas replied, but none with a listing: the last error and hint),
// InvalidArgument (a listing with values Pegasus cannot send).

#ifndef DUPREADY_META_INTEGRATION_RPC_DUPLICATION_LISTING_H_
#define DUPREADY_META_INTEGRATION_RPC_DUPLICATION_LISTING_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "meta_integration/rpc/meta_client.h"

namespace dupready {

// One duplication, with the context of its follower as the source meta knows it.
struct SourceDuplication {
  std::string app_name;         // the source table
  int32_t app_id = 0;
  int32_t partition_count = 0;  // the source table's, which the follower must match
  int32_t dupid = 0;
  int32_t status = 0;           // Pegasus's duplication_status value
  std::string status_name;      // "DS_APP"; "DS_UNKNOWN_<n>" for a value this build lacks
  std::string remote_cluster;   // the follower cluster's name, as in [pegasus.clusters]
  std::string remote_app_name;  // the follower table: the entry's, else the source table's
  int32_t remote_replica_count = -1;  // the entry's; -1 when the meta does not send it
};

inline constexpr char kListedByListDuplication[] = "RPC_CM_LIST_DUPLICATION";
inline constexpr char kListedByQueryDuplication[] =
    "RPC_CM_LIST_APPS + RPC_CM_QUERY_DUPLICATION";

struct SourceListing {
  std::string meta;       // the meta whose reply listed the tables
  std::string listed_by;  // kListedByListDuplication or kListedByQueryDuplication
  int tables = 0;         // tables listed (after want_table)
  std::vector<SourceDuplication> duplications;  // by app_name, then dupid
  std::vector<MetaAttempt> attempts;  // the metas asked for the listing, in order
  std::vector<std::string> notes;     // what was skipped and why (e.g. a table dropped meanwhile)
};

struct ListingOptions {
  MetaQueryOptions query;  // for each RPC: its timeout, forwards, limits
  int parallel = 4;        // fallback: tables asked at once
  // Which tables to keep (by name); null keeps every table.
  std::function<bool(const std::string&)> want_table;
};

// See the top of this file.
absl::StatusOr<SourceListing> ListSourceDuplications(const std::vector<MetaAddress>& metas,
                                                     const ListingOptions& options);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_RPC_DUPLICATION_LISTING_H_
