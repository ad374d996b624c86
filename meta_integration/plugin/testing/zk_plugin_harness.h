// Copyright 2026 The dupready Authors.
//
// zk_plugin_harness.h (tests only): libdupready_plugin.so opened on zk:// sources, in this
// process and in another one, with the moment each instance put each bundle in force.
//
//   PluginLibrary lib(plugin_path);                      // dlopen
//   std::unique_ptr<PluginInstance> a = PluginInstance::Open(lib, "zk://.../p?id=a", &error);
//   std::unique_ptr<PeerInstance> b = PeerInstance::Start(argv0, plugin_path, uri, &error);
//   a->WaitApplied("bundle-0000000003", deadline);   // the monotonic time it went into force
//   a->Check(FollowerReply(4, 1, 0)).ready;
//
// A peer is this test binary run again with --peer (RunPeerIfAsked, called first in main):
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
#include "meta_integration/plugin/dupready_plugin.h"
#include "meta_integration/testing/child_process.h"

namespace dupready {
namespace testonly {

int64_t MonotonicNanos();

// The plugin's functions, from dlopen.
class PluginLibrary {
 public:
  explicit PluginLibrary(const std::string& path);  // aborts when the library does not load
  ~PluginLibrary();
  decltype(&dupready_open) open;
  decltype(&dupready_close) close;
  decltype(&dupready_check) check;
  decltype(&dupready_reload) reload;
  decltype(&dupready_reload_from) reload_from;
  decltype(&dupready_set_logger) set_logger;
  decltype(&dupready_stats_json) stats_json;

 private:
  void* lib_;
};

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
  static std::unique_ptr<PluginInstance> Open(const PluginLibrary& lib, const std::string& uri,
                                              std::string* error);
  ~PluginInstance();
  CheckResult Check(const std::string& reply) const;
  std::string Stats() const;
  // 0, or the error of dupready_reload.
  int Reload(std::string* error) const;
  int64_t WaitApplied(const std::string& bundle, absl::Duration limit) {
    return applied_.Wait(bundle, limit);
  }
  dupready_checker* raw() const { return checker_; }

 private:
  PluginInstance(const PluginLibrary& lib, dupready_checker* c) : lib_(lib), checker_(c) {}
  static void OnLog(void* ctx, int level, const char* msg);

  const PluginLibrary& lib_;
  dupready_checker* checker_;
  AppliedLog applied_;
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
