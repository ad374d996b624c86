// The plugin on zk:// sources for tests: dlopen, in-process instances, a peer process speaking
// a line protocol on its stdin and stdout, and the moments bundles went into force.
#include "meta_integration/plugin/testing/zk_plugin_harness.h"

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

// "bundle-0000000003 (sha256 ...) from ... is in force" -> "bundle-0000000003", else "".
std::string AppliedBundle(const std::string& line) {
  if (line.rfind("bundle-", 0) != 0 || line.find(" is in force") == std::string::npos) return "";
  return line.substr(0, line.find(' '));
}

CheckResult CheckWith(const host::Checker& c, const std::string& reply) {
  host::Verdict v;
  c.Check(kDup, "ERR_OK", reply.data(), reply.size(), &v);
  return CheckResult{v.ready, v.error, v.rule};
}

std::string StatsOf(const host::Checker& c) {
  std::string json;
  return c.StatsJson(&json) ? json : "";
}

// The bundle a checker opened with went into force inside dupready_open, before any logger
// could be set: its name, from the stats.
std::string FirstBundle(const host::Checker& c) {
  const std::string quoted = JsonField(StatsOf(c), "bundle");
  return quoted.size() > 2 ? quoted.substr(1, quoted.size() - 2) : "";
}

}  // namespace

int64_t MonotonicNanos() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

std::shared_ptr<const host::Plugin> LoadPluginOrDie(const std::string& path) {
  std::shared_ptr<const host::Plugin> plugin;
  std::string error;
  if (!host::Plugin::Load(path, &plugin, &error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    std::abort();
  }
  return plugin;
}

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

std::unique_ptr<PluginInstance> PluginInstance::Open(std::shared_ptr<const host::Plugin> plugin,
                                                     const std::string& uri, std::string* error) {
  std::unique_ptr<PluginInstance> instance(new PluginInstance());
  if (!host::Checker::Open(std::move(plugin), uri, "", &instance->checker_, error)) return nullptr;
  std::shared_ptr<AppliedLog> applied = instance->applied_;
  instance->checker_->SetLogger([applied](int, const char* msg) { applied->Record(msg); });
  const std::string first = FirstBundle(*instance->checker_);
  if (!first.empty()) applied->Record(first + " is in force");
  return instance;
}

CheckResult PluginInstance::Check(const std::string& reply) const {
  return CheckWith(*checker_, reply);
}

std::string PluginInstance::Stats() const { return StatsOf(*checker_); }

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

void PeerLog(int, const char* msg) {
  std::string one_line = msg;
  for (char& c : one_line) {
    if (c == '\n') c = ' ';
  }
  PeerSay("log " + one_line);
}

}  // namespace

int RunPeerIfAsked(int argc, char** argv) {
  if (argc != 4 || std::string(argv[1]) != "--peer") return -1;
  std::unique_ptr<host::Checker> c;
  std::string error;
  if (!host::Checker::Open(LoadPluginOrDie(argv[2]), argv[3], "", &c, &error)) {
    PeerSay("open " + error);
    return 1;
  }
  c->SetLogger(&PeerLog);
  const std::string first = FirstBundle(*c);
  PeerSay("open ok");
  if (!first.empty()) PeerSay("log " + first + " is in force");
  const std::string reply = FollowerReply(4, 1, 0);
  std::string command;
  while (std::getline(std::cin, command)) {
    if (command == "check") {
      CheckResult r = CheckWith(*c, reply);
      PeerSay(absl::StrCat("verdict ", r.ready ? 1 : 0, " ", r.error, " ",
                           r.rule.empty() ? "-" : r.rule));
    } else if (command == "stats") {
      PeerSay("stats " + StatsOf(*c));
    } else if (command == "quit") {
      break;
    }
  }
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
