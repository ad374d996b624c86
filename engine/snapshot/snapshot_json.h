// Copyright 2026 The dupready Authors.
//
// snapshot_json.h: the JSON form of a FollowerSnapshot, the CLI's input.
//
//   {"duplication": {"app_name": "dup_test", "remote_cluster_name": "target_cluster",
//                    "remote_app_name": "dup_test_3", "partition_count": 4,
//                    "remote_replica_count": 1},
//    "rpc_err": "ERR_OK",
//    "response": {"err": "ERR_OK", "app_id": 3, "partition_count": 4, "is_stateful": true,
//                 "partitions": [{"pidx": 0, "ballot": 3, "max_replica_count": 1,
//                                 "primary": "10.0.0.1:34801", "secondaries": [],
//                                 "last_drops": [], "last_committed_decree": 100,
//                                 "partition_flags": 0}]}}
//
// Keys are the proto field names of snapshot.proto. The reader is strict: unknown keys (with a
// did-you-mean), wrong JSON types, out-of-range integers and malformed addresses or error names
// are located errors, reported together (up to kMaxSnapshotErrors), compiler-style:
//
//   snap.json:3:25: error: 'ballot' must be an integer, got string
//       {"pidx": 0, "ballot": "3", "max_replica_count": 1},
//                             ^
//   snap.json:4:39: error: unknown key 'primray'; did you mean 'primary'?
//       {"pidx": 1, "max_replica_count": 1, "primray": ""}]}}
//                                           ^
//
// Absent keys take the proto default (0, "", false, empty), except the required ones:
// "duplication", "rpc_err" and "response" at the top, "pidx" and "max_replica_count" in each
// partition; an absent key of "duplication" stays absent (the context value is not known).
// "rpc_err" and "err", when present, must look like Pegasus error names (ERR_[A-Z0-9_]+). A
// negative "pidx", or one two partitions share, is an error at that "pidx".

#ifndef DUPREADY_ENGINE_SNAPSHOT_SNAPSHOT_JSON_H_
#define DUPREADY_ENGINE_SNAPSHOT_SNAPSHOT_JSON_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/common/diagnostics.h"
#include "engine/json/json.h"
#include "engine/snapshot/snapshot.pb.h"

namespace dupready {

// The reader stops reporting after this many errors (adding a note that it stopped).
inline constexpr int kMaxSnapshotErrors = 20;

// Reads the JSON snapshot `text`, naming `filename` in locations. On success fills *out and
// returns true, adding nothing to *diags. On failure returns false after adding at least one
// error to *diags; *out is then unspecified. Every singular message field of *out is set on
// success (an absent "primary" reads as the invalid address), so presence carries no meaning.
bool ParseSnapshotJson(std::string_view text, std::string_view filename, FollowerSnapshot* out,
                       Diagnostics* diags);

// Reads one reply object ({"err": ..., "partitions": [...]}, the "response" of a snapshot)
// that is part of a larger JSON document `text` (for located errors), with the same checks.
bool ReadResponseJson(const JsonValue& obj, std::string_view text, std::string_view filename,
                      QueryConfigResponse* out, Diagnostics* diags);

// As above, returning InvalidArgument whose message is the rendered errors on failure.
absl::StatusOr<FollowerSnapshot> ParseSnapshotJson(std::string_view text,
                                                   std::string_view filename);

// Writes `snap` in the shape above: the top level and "response" one key per line, one
// partition per line, every field present (but the context values the snapshot does not
// give), ending in a newline. For any snapshot s that
// ParseSnapshotJson returned, ParseSnapshotJson(SnapshotToJson(s)) equals s. Other snapshots are
// written canonically: an address with an empty host is written "" (losing its port).
std::string SnapshotToJson(const FollowerSnapshot& snap);

// Parses an address: "" (the invalid address: empty host, port 0), "host:port" where host is
// letters, digits, '.', '-' and '_', or "[v6]:port" (host stored without the brackets). The
// port is decimal 0..65535. On failure returns InvalidArgument "invalid address '...': why".
absl::Status ParseAddress(std::string_view text, Address* out);

// The inverse of ParseAddress: "" for an empty host, "[host]:port" when host contains ':',
// else "host:port".
std::string FormatAddress(const Address& address);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_SNAPSHOT_SNAPSHOT_JSON_H_
