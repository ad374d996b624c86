// Copyright 2026 The dupready Authors.
//
// dup_context.h: the duplication as the source cluster knows it, as the plugin receives it with
// each check (views of the host's strings), and the facts it starts a check's facts with.
//
//   DupContextView dup{"dup_test", "target_cluster", "dup_test_3", 8, 3};
//   StartFacts(dup, "ERR_OK", &facts);  // then the reply's facts

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_DUP_CONTEXT_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_DUP_CONTEXT_H_

#include <cstdint>
#include <string_view>

#include "engine/eval/facts.h"

namespace dupready {

// The duplication as the source cluster knows it; views owned by the caller.
struct DupContextView {
  std::string_view app_name;
  std::string_view remote_cluster_name;
  std::string_view remote_app_name;
  int64_t partition_count = 0;
  int64_t remote_replica_count = 0;
};

// Clears `facts` (capacity kept) and sets the duplication's facts and the RPC's error name,
// as views of `dup` and `rpc_err`.
inline void StartFacts(const DupContextView& dup, std::string_view rpc_err, FollowerFacts* facts) {
  facts->Clear();
  facts->app_name = dup.app_name;
  facts->remote_cluster_name = dup.remote_cluster_name;
  facts->remote_app_name = dup.remote_app_name;
  facts->partition_count = dup.partition_count;
  facts->remote_replica_count = dup.remote_replica_count;
  facts->rpc_err = rpc_err;
}

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_DUP_CONTEXT_H_
