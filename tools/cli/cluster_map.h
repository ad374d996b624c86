// Copyright 2026 The dupready Authors.
//
// cluster_map.h: where each follower cluster's meta servers are, by the cluster name a
// duplication carries (duplication_entry.remote), from `--cluster` flags or from the
// [pegasus.clusters] section of a Pegasus config file, the section a source meta server reads
// to find them:
//
//   [pegasus.clusters]
//   backup_dc = 10.1.0.1:34601,10.1.0.2:34601   ; one key per cluster
//
//   absl::StatusOr<ClusterMap> m = ReadPegasusClusters("/etc/pegasus/config.ini");
//   ClusterMap flags;
//   absl::Status s = AddClusterFlag("backup_dc=10.1.0.1:34601", &flags);
//
// The file is read as Pegasus reads its config (a '#' or ';' anywhere starts a comment unless
// written '^#' or '^;'; keys and values are trimmed; `[name]` opens a section) and refused with
// FILE:LINE: what, where Pegasus would refuse it (a key outside a section, a section named
// twice, a line starting with '[' that is not a section) and also where it would carry on with
// something other than what was written: text after a section's ']', and in
// [pegasus.clusters] a key given twice (Pegasus keeps the first), a key without '=' or without
// addresses, an unreplaced %argument%, an empty address, an address without a port (Pegasus
// requires one), a port outside 1-65535, the same address twice, a cluster name that is not
// 1 to 256 bytes of [A-Za-z0-9_.:-], more than 64 addresses. The file may hold at most 1 MiB
// and 4096 clusters.

#ifndef DUPREADY_TOOLS_CLI_CLUSTER_MAP_H_
#define DUPREADY_TOOLS_CLI_CLUSTER_MAP_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "meta_integration/rpc/meta_client.h"

namespace dupready {

// Cluster name -> its metas, in the order given.
using ClusterMap = std::map<std::string, std::vector<MetaAddress>>;

inline constexpr int64_t kMaxPegasusConfigBytes = 1 << 20;
inline constexpr size_t kMaxClusters = 4096;

// The [pegasus.clusters] section of the Pegasus config file at `path` (see above).
// InvalidArgument "path:line: ..." for the first malformed line, or the reason the file cannot
// be read; an empty map when the file has no such section.
absl::StatusOr<ClusterMap> ReadPegasusClusters(const std::string& path);

// The same from the file's text; `name` is used in messages.
absl::StatusOr<ClusterMap> ParsePegasusClusters(const std::string& text, const std::string& name);

// One `--cluster NAME=HOST:PORT[,HOST:PORT...]` (ports default to 34601, as in --meta), added
// to `map`. InvalidArgument for a bad name or list, or a name given before.
absl::Status AddClusterFlag(const std::string& flag, ClusterMap* map);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_CLUSTER_MAP_H_
