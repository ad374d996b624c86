// Copyright 2026 The dupready Authors.
//
// The generated-code path to facts and its comparison with ReplyDecoder (tests only).

#include "meta_integration/plugin/reply_oracle.h"

#include <sstream>

#include "absl/strings/str_cat.h"
#include "meta_integration/plugin/reply_decoder.h"
#include "meta_integration/wire/pegasus_codec.h"

namespace dupready {
namespace testonly {

absl::Status OracleFacts(const DupContextView& dup, std::string_view rpc_err, const uint8_t* data,
                         size_t len, const PegasusWireLimits& limits, ReplyFactsBuilder* builder,
                         pegasus_wire::query_cfg_response* decoded, FollowerFacts* facts) {
  if (rpc_err != "ERR_OK") return builder->Build(dup, rpc_err, nullptr, facts);
  absl::StatusOr<pegasus_wire::query_cfg_response> reply = DecodeQueryCfgResponse(data, len, limits);
  if (!reply.ok()) return reply.status();
  *decoded = *std::move(reply);
  return builder->Build(dup, rpc_err, decoded, facts);
}

std::string DiffFacts(const FollowerFacts& a, const FollowerFacts& b) {
  auto differ = [](const std::string& what, const auto& x, const auto& y) {
    std::ostringstream out;
    out << what << ": " << x << " vs " << y;
    return out.str();
  };
  if (a.app_name != b.app_name) return differ("app_name", a.app_name, b.app_name);
  if (a.remote_cluster_name != b.remote_cluster_name)
    return differ("remote_cluster_name", a.remote_cluster_name, b.remote_cluster_name);
  if (a.remote_app_name != b.remote_app_name)
    return differ("remote_app_name", a.remote_app_name, b.remote_app_name);
  if (a.partition_count != b.partition_count)
    return differ("partition_count", a.partition_count, b.partition_count);
  if (a.remote_replica_count != b.remote_replica_count)
    return differ("remote_replica_count", a.remote_replica_count, b.remote_replica_count);
  if (a.rpc_err != b.rpc_err) return differ("rpc_err", a.rpc_err, b.rpc_err);
  if (a.response_err != b.response_err) return differ("response_err", a.response_err, b.response_err);
  if (a.app_id != b.app_id) return differ("app_id", a.app_id, b.app_id);
  if (a.response_partition_count != b.response_partition_count)
    return differ("response_partition_count", a.response_partition_count, b.response_partition_count);
  if (a.is_stateful != b.is_stateful) return differ("is_stateful", a.is_stateful, b.is_stateful);
  if (a.pidx_in_order != b.pidx_in_order)
    return differ("pidx_in_order", a.pidx_in_order, b.pidx_in_order);
  if (a.partitions.size() != b.partitions.size())
    return differ("partitions", a.partitions.size(), b.partitions.size());
  if (a.wide.size() != b.wide.size()) return differ("wide", a.wide.size(), b.wide.size());
  if (a.addresses.size() != b.addresses.size())
    return differ("addresses", a.addresses.size(), b.addresses.size());
  for (size_t i = 0; i < a.partitions.size(); ++i) {
    for (int s = 0; s < 16; ++s) {
      if (a.partitions[i].slot[s] != b.partitions[i].slot[s])
        return differ(absl::StrCat("partitions[", i, "].slot[", s, "]"),
                      a.partitions[i].slot[s], b.partitions[i].slot[s]);
    }
    if (a.wide[i].ballot != b.wide[i].ballot)
      return differ(absl::StrCat("wide[", i, "].ballot"), a.wide[i].ballot, b.wide[i].ballot);
    if (a.wide[i].last_committed_decree != b.wide[i].last_committed_decree)
      return differ(absl::StrCat("wide[", i, "].last_committed_decree"),
                    a.wide[i].last_committed_decree, b.wide[i].last_committed_decree);
  }
  for (size_t i = 0; i < a.addresses.size(); ++i) {
    const AddressFact& x = a.addresses[i];
    const AddressFact& y = b.addresses[i];
    if (x.host != y.host || x.port != y.port || x.valid != y.valid) {
      std::ostringstream out;
      out << "addresses[" << i << "]: " << x.host << ":" << x.port << (x.valid ? "" : " (invalid)")
          << " vs " << y.host << ":" << y.port << (y.valid ? "" : " (invalid)");
      return out.str();
    }
  }
  return "";
}

std::string CompareWithOracle(const DupContextView& dup, std::string_view rpc_err,
                              const uint8_t* data, size_t len, const PegasusWireLimits& limits) {
  ReplyDecoder decoder;
  FollowerFacts direct;
  const absl::Status direct_status = decoder.Decode(dup, rpc_err, data, len, &direct, limits);
  ReplyFactsBuilder builder;
  pegasus_wire::query_cfg_response decoded;
  FollowerFacts oracle;
  const absl::Status oracle_status =
      OracleFacts(dup, rpc_err, data, len, limits, &builder, &decoded, &oracle);
  if (direct_status != oracle_status) {
    return absl::StrCat("status: direct ", direct_status.ToString(), " vs generated code ",
                        oracle_status.ToString());
  }
  if (!direct_status.ok()) return "";
  std::string diff = DiffFacts(direct, oracle);
  if (!diff.empty()) return "facts (direct vs generated code): " + diff;
  // What every reader asks of the facts next: the partition indices.
  const absl::Status direct_indices = CheckPartitionIndices(direct);
  const absl::Status oracle_indices = CheckPartitionIndices(oracle);
  if (direct_indices != oracle_indices) {
    return absl::StrCat("partition indices: direct ", direct_indices.ToString(),
                        " vs generated code ", oracle_indices.ToString());
  }
  return "";
}

}  // namespace testonly
}  // namespace dupready
