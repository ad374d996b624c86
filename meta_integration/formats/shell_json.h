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

#ifndef DUPREADY_META_INTEGRATION_FORMATS_SHELL_JSON_H_
#define DUPREADY_META_INTEGRATION_FORMATS_SHELL_JSON_H_

#include <string>
#include <string_view>

#include "engine/common/diagnostics.h"
#include "engine/snapshot/snapshot.pb.h"

namespace dupready {

// Reads the shell's JSON. On failure returns false with located issues in `diags` (a missing
// section, a malformed "live/configured" or address, a replica_count that disagrees with the
// primary and secondaries listed, a repeated partition index, ...).
bool ParseShellJson(std::string_view text, std::string_view filename, QueryConfigResponse* out,
                    Diagnostics* diags);

// Writes `resp` the way the shell prints it (err must be ERR_OK: the shell prints nothing
// else). last_drops and last_committed_decree are not part of that output.
std::string ShellJsonFromResponse(const QueryConfigResponse& resp, const std::string& app_name);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_FORMATS_SHELL_JSON_H_
