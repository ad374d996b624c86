// Reading followers in the three forms operators have, and applying the context flags.
#include "tools/cli/input.h"

#include <unistd.h>

#include <string_view>

#include "absl/strings/str_cat.h"
#include "engine/json/json.h"
#include "engine/snapshot/snapshot_json.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"
#include "meta_integration/formats/shell_json.h"
#include "meta_integration/io/bounded_file.h"

namespace dupready {

const char* const kInputFlags[] = {"input",         "input-format",   "app",
                                   "remote-cluster", "remote-app",    "partition-count",
                                   "remote-replica-count", nullptr};

namespace {

constexpr int64_t kMaxInputBytes = 64 << 20;

// True when a key of the top-level object (depth 1) is "general", "replicas" or
// "parameters" (the shell's sections) before any of the snapshot's. Scans the text once
// without parsing it (malformed JSON is the reader's to report) and without allocating. Only
// keys count: a snapshot whose table is named "general" stays a snapshot.
bool HasShellSection(const std::string& bytes, size_t begin) {
  int depth = 0;
  for (size_t i = begin; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth <= 0) return false;
    } else if (c == '"') {
      const size_t start = ++i;
      while (i < bytes.size() && bytes[i] != '"') i += bytes[i] == '\\' ? 2 : 1;
      if (i >= bytes.size()) return false;
      if (depth != 1) continue;
      const std::string_view text(bytes.data() + start, i - start);
      size_t next = bytes.find_first_not_of(" \t\r\n", i + 1);
      if (next == std::string::npos || bytes[next] != ':') continue;
      if (text == "general" || text == "replicas" || text == "parameters") return true;
      if (text == "duplication" || text == "rpc_err" || text == "response") return false;
    }
  }
  return false;
}

// "snapshot" or "shell" for JSON (by its top-level keys), else "thrift". JSON starts, after
// an optional UTF-8 byte order mark and whitespace, with '{' or '['; a Thrift struct starts
// with a field type (0 to 16), so only a reply whose first bytes are whitespace-like type
// codes followed by '{' or '[' could be mistaken (--input-format thrift settles it).
std::string DetectFormat(const std::string& bytes) {
  const size_t bom = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  const size_t i = bytes.find_first_not_of(" \t\r\n", bom);
  if (i == std::string::npos || (bytes[i] != '{' && bytes[i] != '[')) return "thrift";
  return HasShellSection(bytes, i) ? "shell" : "snapshot";
}

absl::Status ApplyContextFlags(const Flags& flags, FollowerSnapshot* snap) {
  DuplicationContext* dup = snap->mutable_duplication();
  if (flags.Has("remote-app")) dup->set_remote_app_name(flags.Get("remote-app"));
  if (flags.Has("app")) dup->set_app_name(flags.Get("app"));
  if (flags.Has("remote-cluster")) dup->set_remote_cluster_name(flags.Get("remote-cluster"));
  // Pegasus: a duplication created without a remote app name uses the app name. Nothing is
  // guessed the other way: the follower's name does not tell the source table's.
  if (dup->remote_app_name().empty() && !dup->app_name().empty())
    dup->set_remote_app_name(dup->app_name());
  absl::StatusOr<int64_t> count = flags.GetInt("partition-count", -1, 1, 1 << 20);
  if (!count.ok()) return count.status();
  if (*count > 0) dup->set_partition_count(static_cast<int32_t>(*count));
  absl::StatusOr<int64_t> replicas = flags.GetInt("remote-replica-count", -1, 0, 64);
  if (!replicas.ok()) return replicas.status();
  if (*replicas >= 0) dup->set_remote_replica_count(static_cast<int32_t>(*replicas));
  return absl::OkStatus();
}

// True when every partition of `resp` shows neither a primary nor a secondary: what the shell
// prints for a server that fills only the rpc_address fields.
bool ShowsNoReplicaAtAll(const QueryConfigResponse& resp) {
  if (resp.partitions_size() == 0) return false;
  for (const PartitionConfig& p : resp.partitions())
    if (!p.primary().host().empty() || p.secondaries_size() > 0) return false;
  return true;
}

}  // namespace

const char kShellLostAddresses[] =
    "every partition in the shell's output shows no replica (\"-\", \"[]\"). That is also how "
    "the shell prints the table of a server older than the host_port (hp_*) fields: it prints "
    "only those fields, so such a server's addresses are lost to this form. Judge the Thrift "
    "reply (`dupready probe`, or `check --input-format thrift` on a reply it saved), which "
    "carries them.";

absl::StatusOr<FollowerSnapshot> ParseFollower(const std::string& bytes, const std::string& name,
                                               const std::string& requested, const Flags& flags,
                                               std::vector<std::string>* notes) {
  std::string format = requested.empty() || requested == "auto" ? DetectFormat(bytes) : requested;
  FollowerSnapshot snap;
  if (format == "snapshot") {
    absl::StatusOr<FollowerSnapshot> s = ParseSnapshotJson(bytes, name);
    if (!s.ok()) return s.status();
    snap = *std::move(s);
  } else if (format == "shell") {
    Diagnostics diags;
    QueryConfigResponse resp;
    std::string table;
    if (!ParseShellJson(bytes, name, &resp, &diags, &table)) return diags.ToStatus();
    // The shell was asked about the follower table: that is the remote app.
    if (!table.empty()) {
      if (flags.Has("remote-app") && flags.Get("remote-app") != table) {
        return absl::InvalidArgumentError(absl::StrCat(
            name, ": the shell's output is for table '", table, "', but --remote-app says '",
            flags.Get("remote-app"), "'"));
      }
      snap.mutable_duplication()->set_remote_app_name(table);
    }
    if (notes != nullptr && ShowsNoReplicaAtAll(resp)) notes->push_back(kShellLostAddresses);
    snap.set_rpc_err("ERR_OK");
    *snap.mutable_response() = std::move(resp);
  } else if (format == "thrift") {
    absl::StatusOr<pegasus_wire::query_cfg_response> reply = DecodeQueryCfgResponse(
        reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    if (!reply.ok())
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", reply.status().message()));
    absl::StatusOr<QueryConfigResponse> resp = ReplyToProto(*reply);
    if (!resp.ok())
      return absl::InvalidArgumentError(absl::StrCat(name, ": ", resp.status().message()));
    snap.set_rpc_err("ERR_OK");
    *snap.mutable_response() = *std::move(resp);
  } else {
    return absl::InvalidArgumentError(absl::StrCat(
        "--input-format must be auto, snapshot, shell or thrift, not '", requested, "'"));
  }
  if (absl::Status s = ApplyContextFlags(flags, &snap); !s.ok()) return s;
  return snap;
}

std::string InputName(const Flags& flags) {
  const std::string path = flags.Get("input");
  return path == "-" ? "<stdin>" : path;
}

absl::StatusOr<FollowerSnapshot> ReadFollower(const Flags& flags,
                                              std::vector<std::string>* notes) {
  if (!flags.Has("input"))
    return absl::InvalidArgumentError("--input FILE is required (- reads standard input)");
  const std::string path = flags.Get("input");
  const std::string name = InputName(flags);
  absl::StatusOr<std::string> bytes;
  if (path == "-") {
    // A terminal would wait for JSON typed by hand, which looks like a hang: refuse it.
    if (::isatty(STDIN_FILENO)) {
      return absl::InvalidArgumentError(
          "--input -: standard input is a terminal; pipe the follower in, e.g. "
          "`echo 'app NAME -d -j' | pegasus_shell CLUSTER | dupready check --input - ...`, or "
          "give a file");
    }
    bytes = ReadStreamBounded(STDIN_FILENO, name, kMaxInputBytes);
  } else {
    bytes = ReadWholeFileBounded(path, kMaxInputBytes);
  }
  if (!bytes.ok()) return absl::InvalidArgumentError(absl::StrCat("cannot read input ", bytes.status().message()));
  if (bytes->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, path == "-" ? ": the input is empty" : ": the input file is empty"));
  }
  return ParseFollower(*bytes, name, flags.Get("input-format", "auto"), flags, notes);
}

}  // namespace dupready
