// Copyright 2026 The dupready Authors.
//
// shell_json.h: the Pegasus shell's `app NAME -d -j` output, the JSON an operator pastes
// when asking why a duplication is stuck, read into (and written from) a QueryConfigResponse.
//
// The shell prints sections "parameters", "general" (app_name, app_id, partition_count,
// max_replica_count), "replicas" (one object per partition, keyed by its index: pidx, ballot,
// replica_count as "live/configured", primary as "host:port" or "-", secondaries as
// "[host:port,...]" where an invalid entry prints as "invalid host_port"), "nodes" and
// "healthy". Every value is a JSON string. The shell shows neither last_drops nor
// last_committed_decree: they read as empty and 0.
//
// The shell prints only the host_port (hp_*) fields of a reply. A server older than those
// fields fills only the rpc_address ones, so its table prints every primary as "-" and every
// list as "[]": the addresses are lost to this form (the Thrift reply keeps them). In "nodes"
// the shell prints one row per invalid secondary, each keyed "invalid host_port".

#ifndef DUPREADY_META_INTEGRATION_FORMATS_SHELL_JSON_H_
#define DUPREADY_META_INTEGRATION_FORMATS_SHELL_JSON_H_

#include <string>
#include <string_view>

#include "engine/common/diagnostics.h"
#include "engine/snapshot/snapshot.pb.h"

namespace dupready {

// Reads the shell's JSON. On failure returns false with located issues in `diags` (a missing
// section, a malformed "live/configured" or address, a replica_count that disagrees with the
// primary and secondaries listed, a negative or repeated partition index, a repeated key
// anywhere but in "nodes", ...). `app_name`, when given, receives general.app_name: the
// table the shell was asked about, which for a duplication is the follower table.
bool ParseShellJson(std::string_view text, std::string_view filename, QueryConfigResponse* out,
                    Diagnostics* diags, std::string* app_name = nullptr);

// Writes `resp` the way the shell prints it (err must be ERR_OK: the shell prints nothing
// else). last_drops and last_committed_decree are not part of that output.
std::string ShellJsonFromResponse(const QueryConfigResponse& resp, const std::string& app_name);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_FORMATS_SHELL_JSON_H_
