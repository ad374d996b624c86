// The plugin on zk:// sources for tests: dlopen, in-process instances, a peer process speaking
// a line protocol on its stdin and stdout, and the moments bundles went into force.
#include "meta_integration/plugin/testing/zk_plugin_harness.h"

#include <dlfcn.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "meta_integration/testing/hardening_test_util.h"

namespace dupready {
namespace testonly {
namespace {

const dupready_dup_context kDup = {"dup_test", "target_cluster", "dup_test_3", 4, 1};

template <typename F>
void Bind(void* lib, const char* name, F* out) {
  *out = reinterpret_cast<F>(::dlsym(lib, name));
  if (*out == nullptr) {
    std::fprintf(stderr, "plugin lacks %s\n", name);
    std::abort();
  }
}

// "bundle-0000000003 (sha256 ...) from ... is in force" -> "bundle-0000000003", else "".
std::string AppliedBundle(const std::string& line) {
  if (line.rfind("bundle-", 0) != 0 || line.find(" is in force") == std::string::npos) return "";
  return line.substr(0, line.find(' '));
}

CheckResult CheckWith(const PluginLibrary& lib, dupready_checker* c, const std::string& reply) {
  dupready_verdict v;
  lib.check(c, &kDup, "ERR_OK", reinterpret_cast<const uint8_t*>(reply.data()), reply.size(), &v);
  return CheckResult{v.ready != 0, v.error, v.rule};
}

std::string StatsOf(const PluginLibrary& lib, dupready_checker* c) {
  std::string buf(1 << 16, '\0');
  const int64_t n = lib.stats_json(c, buf.data(), buf.size());
  return n >= 0 && static_cast<size_t>(n) < buf.size() ? buf.substr(0, n) : "";
}

}  // namespace

int64_t MonotonicNanos() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

PluginLibrary::PluginLibrary(const std::string& path) {
  lib_ = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib_ == nullptr) {
    std::fprintf(stderr, "dlopen %s: %s\n", path.c_str(), ::dlerror());
    std::abort();
  }
  Bind(lib_, "dupready_open", &open);
  Bind(lib_, "dupready_close", &close);
  Bind(lib_, "dupready_check", &check);
  Bind(lib_, "dupready_reload", &reload);
  Bind(lib_, "dupready_reload_from", &reload_from);
  Bind(lib_, "dupready_set_logger", &set_logger);
  Bind(lib_, "dupready_stats_json", &stats_json);
}

PluginLibrary::~PluginLibrary() { ::dlclose(lib_); }

void AppliedLog::Record(const std::string& line) {
  const std::string bundle = AppliedBundle(line);
  if (bundle.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  applied_.emplace(bundle, MonotonicNanos());
  cv_.notify_all();
}

int64_t AppliedLog::Wait(const std::string& bundle, absl::Duration limit) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, absl::ToChronoNanoseconds(limit), [&] { return applied_.count(bundle) > 0; });
  auto it = applied_.find(bundle);
  return it == applied_.end() ? -1 : it->second;
}

bool AppliedLog::Has(const std::string& bundle) {
  std::lock_guard<std::mutex> lock(mu_);
  return applied_.count(bundle) > 0;
}

std::unique_ptr<PluginInstance> PluginInstance::Open(const PluginLibrary& lib,
                                                     const std::string& uri, std::string* error) {
  char err[4096] = "";
  dupready_checker* c = lib.open(uri.c_str(), nullptr, err, sizeof(err));
  if (c == nullptr) {
    *error = err;
    return nullptr;
  }
  std::unique_ptr<PluginInstance> instance(new PluginInstance(lib, c));
  lib.set_logger(c, &PluginInstance::OnLog, instance.get());
  // The first bundle went into force inside dupready_open, before the logger was set.
  const std::string bundle = JsonField(instance->Stats(), "bundle");
  if (bundle.size() > 2)
    instance->applied_.Record(bundle.substr(1, bundle.size() - 2) + " is in force");
  return instance;
}

PluginInstance::~PluginInstance() { lib_.close(checker_); }

void PluginInstance::OnLog(void* ctx, int, const char* msg) {
  static_cast<PluginInstance*>(ctx)->applied_.Record(msg);
}

CheckResult PluginInstance::Check(const std::string& reply) const {
  return CheckWith(lib_, checker_, reply);
}

std::string PluginInstance::Stats() const { return StatsOf(lib_, checker_); }

int PluginInstance::Reload(std::string* error) const {
  char err[4096] = "";
  const int rc = lib_.reload(checker_, err, sizeof(err));
  *error = err;
  return rc;
}

std::unique_ptr<PeerInstance> PeerInstance::Start(const std::string& self,
                                                  const std::string& plugin, const std::string& uri,
                                                  std::string* error) {
  std::unique_ptr<PeerInstance> peer(new PeerInstance());
  absl::StatusOr<std::unique_ptr<ChildProcess>> process =
      ChildProcess::Start({self, "--peer", plugin, uri});
  if (!process.ok()) {
    *error = std::string(process.status().message());
    return nullptr;
  }
  peer->process_ = *std::move(process);
  // "log ..." lines are the plugin's log: a bundle put in force is recorded, not queued.
  std::shared_ptr<AppliedLog> applied = peer->applied_;
  peer->process_->SetLineFilter([applied](const std::string& line) {
    if (line.rfind("log ", 0) != 0) return false;
    applied->Record(line.substr(4));
    return true;
  });
  const std::string hello = peer->Ask("", "open");
  if (hello != "ok") {
    *error = "the peer could not open the plugin: " + hello + "\n" + peer->process_->Output();
    return nullptr;
  }
  return peer;
}

PeerInstance::~PeerInstance() {
  if (process_ != nullptr) process_->WriteLine("quit");
}

// Sends `command` (none when empty) and returns the rest of the next line tagged `tag`.
std::string PeerInstance::Ask(const std::string& command, const std::string& tag) {
  if (!command.empty() && !process_->WriteLine(command)) return "";
  std::string line;
  if (!process_->NextLine(absl::Seconds(120), &line)) return "";
  return line.rfind(tag + " ", 0) == 0 ? line.substr(tag.size() + 1) : "unexpected: " + line;
}

CheckResult PeerInstance::Check() {
  std::vector<std::string> parts = absl::StrSplit(Ask("check", "verdict"), ' ');
  CheckResult r;
  if (parts.size() >= 2) {
    r.ready = parts[0] == "1";
    r.error = parts[1];
    if (parts.size() >= 3) r.rule = parts[2];
  }
  return r;
}

std::string PeerInstance::Stats() { return Ask("stats", "stats"); }

namespace {

std::mutex g_peer_out;

void PeerSay(const std::string& line) {
  std::lock_guard<std::mutex> lock(g_peer_out);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void PeerLog(void*, int, const char* msg) {
  std::string one_line = msg;
  for (char& c : one_line) {
    if (c == '\n') c = ' ';
  }
  PeerSay("log " + one_line);
}

}  // namespace

int RunPeerIfAsked(int argc, char** argv) {
  if (argc != 4 || std::string(argv[1]) != "--peer") return -1;
  PluginLibrary lib(argv[2]);
  char err[4096] = "";
  dupready_checker* c = lib.open(argv[3], nullptr, err, sizeof(err));
  if (c == nullptr) {
    PeerSay(std::string("open ") + err);
    return 1;
  }
  lib.set_logger(c, &PeerLog, nullptr);
  const std::string first = JsonField(StatsOf(lib, c), "bundle");
  PeerSay("open ok");
  if (first.size() > 2) PeerSay("log " + first.substr(1, first.size() - 2) + " is in force");
  const std::string reply = FollowerReply(4, 1, 0);
  std::string command;
  while (std::getline(std::cin, command)) {
    if (command == "check") {
      CheckResult r = CheckWith(lib, c, reply);
      PeerSay(absl::StrCat("verdict ", r.ready ? 1 : 0, " ", r.error, " ",
                           r.rule.empty() ? "-" : r.rule));
    } else if (command == "stats") {
      PeerSay("stats " + StatsOf(lib, c));
    } else if (command == "quit") {
      break;
    }
  }
  lib.set_logger(c, nullptr, nullptr);
  lib.close(c);
  return 0;
}

int StartTestMain(int* argc, char** argv, int want, const char* usage,
                  std::vector<std::string>* args, std::string* self) {
  const int peer = RunPeerIfAsked(*argc, argv);
  if (peer >= 0) return peer;
  ::testing::InitGoogleTest(argc, argv);
  if (*argc != want + 1) {
    std::fprintf(stderr, "usage: %s\n", usage);
    return 2;
  }
  args->assign(argv + 1, argv + *argc);
  char path[4096];
  const ssize_t n = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
  *self = n > 0 ? std::string(path, static_cast<size_t>(n)) : argv[0];
  return -1;
}

}  // namespace testonly
}  // namespace dupready
