// Copyright 2026 The dupready Authors.
//
// zk_plugin_harness.h (tests only): libdupready_plugin.so opened on zk:// sources, in this
// process and in another one, with the moment each instance put each bundle in force.
//
//   std::shared_ptr<const host::Plugin> lib = LoadPluginOrDie(plugin_path);   // dlopen
//   std::unique_ptr<PluginInstance> a = PluginInstance::Open(lib, "zk://.../p?id=a", &error);
//   std::unique_ptr<PeerInstance> b = PeerInstance::Start(argv0, plugin_path, uri, &error);
//   a->WaitApplied("bundle-0000000003", deadline);   // the monotonic time it went into force
//   a->Check(FollowerReply(4, 1, 0)).ready;
//
// Both go through the host adapter (host/dupready_host.h), as a meta server does. A peer is
// this test binary run again with --peer (RunPeerIfAsked, called first in main):
// it opens the plugin on the URI, prints "applied NS BUNDLE" whenever the plugin logs that a
// bundle went into force, and answers "check" and "stats" on its stdin. Times are
// CLOCK_MONOTONIC nanoseconds, comparable between the two processes.

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_TESTING_ZK_PLUGIN_HARNESS_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_TESTING_ZK_PLUGIN_HARNESS_H_

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "meta_integration/host/dupready_host.h"
#include "meta_integration/testing/child_process.h"

namespace dupready {
namespace testonly {

int64_t MonotonicNanos();

// The plugin, through the host adapter; aborts the test binary when it does not load.
std::shared_ptr<const host::Plugin> LoadPluginOrDie(const std::string& path);

struct CheckResult {
  bool ready = false;
  std::string error, rule;
};

// Which bundle went into force when, from "BUNDLE ... is in force" log lines, and waiting
// for one. Thread-safe.
class AppliedLog {
 public:
  void Record(const std::string& log_line);
  // The time `bundle` went into force, or -1 if it did not within `limit`.
  int64_t Wait(const std::string& bundle, absl::Duration limit);
  bool Has(const std::string& bundle);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int64_t> applied_;
};

// One checker of the plugin in this process.
class PluginInstance {
 public:
  static std::unique_ptr<PluginInstance> Open(std::shared_ptr<const host::Plugin> plugin,
                                              const std::string& uri, std::string* error);
  CheckResult Check(const std::string& reply) const;
  std::string Stats() const;
  host::Checker& checker() { return *checker_; }
  int64_t WaitApplied(const std::string& bundle, absl::Duration limit) {
    return applied_->Wait(bundle, limit);
  }

 private:
  PluginInstance() = default;

  std::shared_ptr<AppliedLog> applied_ = std::make_shared<AppliedLog>();
  std::unique_ptr<host::Checker> checker_;
};

// The plugin in another process (this binary with --peer).
class PeerInstance {
 public:
  static std::unique_ptr<PeerInstance> Start(const std::string& self, const std::string& plugin,
                                             const std::string& uri, std::string* error);
  ~PeerInstance();  // "quit", then waits for the process (kills it after 30 s)
  int64_t WaitApplied(const std::string& bundle, absl::Duration limit) {
    return applied_->Wait(bundle, limit);
  }
  CheckResult Check();  // the peer checks FollowerReply(4, 1, 0)
  std::string Stats();

 private:
  PeerInstance() = default;
  std::string Ask(const std::string& command, const std::string& answer_tag);

  std::shared_ptr<AppliedLog> applied_ = std::make_shared<AppliedLog>();
  std::unique_ptr<ChildProcess> process_;
};

// When argv is "--peer PLUGIN URI", runs the peer and returns its exit code; otherwise -1.
int RunPeerIfAsked(int argc, char** argv);

// The start of main() in a test that uses peers: runs the peer when asked (returns its exit
// code); otherwise initialises gtest, requires exactly `want` arguments after its flags
// (else prints `usage` and returns 2), stores them in *args and this binary's path in *self,
// and returns -1: go on with RUN_ALL_TESTS.
int StartTestMain(int* argc, char** argv, int want, const char* usage,
                  std::vector<std::string>* args, std::string* self);

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_TESTING_ZK_PLUGIN_HARNESS_H_
