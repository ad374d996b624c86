// fake_meta: runs one fake Pegasus meta server on 127.0.0.1 for demos and manual tests of
// `dupready probe`. It stops by itself after --lifetime-ms.
//
//   fake_meta --reply testdata/snapshots/seed_single_replica.json --app dup_test_3 --port 0
//   fake_meta --forward-to 127.0.0.1:34601
//   fake_meta --not-active
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "engine/snapshot/snapshot_json.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"
#include "meta_integration/formats/shell_json.h"
#include "meta_integration/rpc/testing/fake_meta_server.h"

namespace dupready {
namespace {

const char kUsage[] =
    "usage: fake_meta [--reply FILE [--app NAME]] [--forward-to HOST:PORT] [--not-active]\n"
    "                 [--port N] [--lifetime-ms N]\n"
    "Serves RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX on 127.0.0.1. FILE: a snapshot JSON, the\n"
    "Pegasus shell's `app NAME -d -j` JSON, or a raw query_cfg_response.\n";

constexpr std::streamoff kMaxReplyFile = 64 << 20;

absl::StatusOr<pegasus_wire::query_cfg_response> ReadReply(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return absl::NotFoundError("cannot read " + path);
  if (in.tellg() > kMaxReplyFile) return absl::ResourceExhaustedError(path + " is too large");
  in.seekg(0);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string bytes = buf.str();
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && bytes[first] == '{') {
    QueryConfigResponse resp;
    if (bytes.find("\"general\"") != std::string::npos) {
      Diagnostics diags;
      if (!ParseShellJson(bytes, path, &resp, &diags)) return diags.ToStatus();
    } else {
      absl::StatusOr<FollowerSnapshot> snap = ParseSnapshotJson(bytes, path);
      if (!snap.ok()) return snap.status();
      resp = snap->response();
    }
    return ProtoToReply(resp);
  }
  return DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

int Main(int argc, char** argv) {
  FakeMetaBehavior behavior;
  int port = 0;
  int64_t lifetime_ms = 60000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string* out) {
      if (i + 1 >= argc) return false;
      *out = argv[++i];
      return true;
    };
    std::string v;
    if (a == "--reply" && value(&v)) {
      absl::StatusOr<pegasus_wire::query_cfg_response> r = ReadReply(v);
      if (!r.ok()) {
        std::cerr << "fake_meta: " << r.status().message() << "\n";
        return 2;
      }
      behavior.response = *std::move(r);
    } else if (a == "--app" && value(&v)) {
      behavior.app_name = v;
    } else if (a == "--forward-to" && value(&v)) {
      absl::StatusOr<std::vector<MetaAddress>> leader = ParseMetaList(v);
      if (!leader.ok() || leader->size() != 1) {
        std::cerr << "fake_meta: --forward-to takes one HOST:PORT\n";
        return 2;
      }
      behavior.kind = FakeMetaBehavior::Kind::kForward;
      behavior.leader = (*leader)[0];
    } else if (a == "--not-active") {
      behavior.kind = FakeMetaBehavior::Kind::kNotActive;
    } else if (a == "--port" && value(&v) && absl::SimpleAtoi(v, &port) && port >= 0 &&
               port <= 65535) {
    } else if (a == "--lifetime-ms" && value(&v) && absl::SimpleAtoi(v, &lifetime_ms) &&
               lifetime_ms > 0) {
    } else {
      std::cerr << "fake_meta: bad argument '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  absl::StatusOr<std::unique_ptr<FakeMetaServer>> server =
      FakeMetaServer::Start(behavior, port, absl::Milliseconds(lifetime_ms));
  if (!server.ok()) {
    std::cerr << "fake_meta: " << server.status().message() << "\n";
    return 2;
  }
  std::cout << "fake meta listening on " << (*server)->address().ToString() << " for "
            << lifetime_ms << " ms" << std::endl;
  absl::SleepFor(absl::Milliseconds(lifetime_ms));
  std::cout << "fake meta on port " << (*server)->port() << " served " << (*server)->requests()
            << " requests" << std::endl;
  return 0;
}

}  // namespace
}  // namespace dupready

int main(int argc, char** argv) { return dupready::Main(argc, argv); }
