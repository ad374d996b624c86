// Copyright 2026 The dupready Authors.
//
// bundle_watcher.h: keeps one plugin instance on the bundle in force. It reads PATH/current
// and watches it; each change is fetched, validated and loaded (LoadBundle) on the
// ZooKeeper client's own thread, never on a checking thread, and handed to `apply`, which
// puts the rules in force. Every attempt is reported in PATH/metas/<id>.
//
//   BundleWatcher::Options options;
//   options.source = *ParseBundleUri("zk://zk1:2181/pegasus/c1/dupready?cache=/var/dupready");
//   options.apply = [&](BundleWatcher::Applied a) { ...swap a.rules in...; return OkStatus(); };
//   absl::StatusOr<std::unique_ptr<BundleWatcher>> w = BundleWatcher::Start(std::move(options));
//   // OK: `apply` has run once; the rules follow `current` from now on
//   absl::Status s = (*w)->Refresh();  // read `current` again now (dupready_reload)
//
// What happens when:
//   - a bundle does not load (or cannot be read, or is malformed): the rules in force stay;
//     the meta report says load_ok = false with the reason, the stats and the log too;
//   - ZooKeeper is unreachable: the rules in force stay; stats say disconnected; when it comes
//     back, `current` is read again;
//   - the session expires: a new one is made, the watch and the meta report are set again;
//   - Start cannot reach ZooKeeper within source.connect_timeout_ms: it starts from the cache
//     (from_cache = true, and says so) or, without one, fails (Unavailable): fail closed. It
//     also fails when ZooKeeper names no bundle, or one that does not load and no cache.
//
// Thread-safety: Refresh and stats may be called from any thread. `apply`, `outcome` and `log`
// are called from Start's caller, Refresh's caller or the client's thread, one at a time.

#ifndef DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_WATCHER_H_
#define DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_WATCHER_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/common/limits.h"
#include "meta_integration/bundles/bundle.h"
#include "meta_integration/bundles/bundle_store.h"
#include "meta_integration/bundles/bundle_uri.h"
#include "meta_integration/zk/zk_client.h"

namespace dupready {

class BundleWatcher {
 public:
  // A bundle that loaded, on its way into force.
  struct Applied {
    std::string bundle;        // bundle-NNNNNNNNNN
    std::string content_hash;  // the bundle's
    std::string root;          // the bundle's root and shadow root ("" none)
    std::string shadow_root;
    bool from_cache = false;
    LoadedBundle rules;
  };

  enum class LogLevel { kInfo, kWarning, kError };

  struct Options {
    BundleSource source;
    Limits limits;
    // How long each ZooKeeper call may take.
    absl::Duration call_timeout = absl::Seconds(10);
    // Puts the rules in force. A non-OK status counts as a failed load (the rules in force
    // stay). Must not call back into the watcher.
    std::function<absl::Status(Applied)> apply;
    // Told of each bundle that did not go into force, with the reason (as `bundle`, "current"
    // when that node names no bundle), and with OK when `current` is back on the bundle in
    // force after such a failure (a rollback: nothing is loaded, `apply` is not called). May
    // be empty; same threads as `apply`.
    std::function<void(const std::string& bundle, const absl::Status& status)> outcome;
    std::function<void(LogLevel, const std::string&)> log;  // may be empty
  };

  struct Stats {
    std::string meta_id;
    bool connected = false;
    std::string session_state;  // ZkSessionStateName
    int64_t sessions = 0;       // established so far (a new one after each expiry)
    std::string bundle;         // in force ("" none)
    std::string content_hash;
    std::string rules_hash;  // the engine's hash of the rules in force
    bool from_cache = false;
    std::string attempted_bundle;  // of the last load attempt
    bool last_load_ok = true;
    std::string last_load_error;
    int64_t loads_ok = 0;
    int64_t loads_failed = 0;
    std::string last_report_error;  // why the meta report could not be written ("" when it was)
  };

  static absl::StatusOr<std::unique_ptr<BundleWatcher>> Start(Options options);

  BundleWatcher(const BundleWatcher&) = delete;
  BundleWatcher& operator=(const BundleWatcher&) = delete;
  // Ends the session (the meta report goes with it). No callback runs after it returns.
  ~BundleWatcher();

  // Reads `current` now and loads it if it changed. OK when the bundle in force is `current`.
  absl::Status Refresh();

  Stats stats() const;
  const BundleSource& source() const { return options_.source; }
  const std::string& meta_id() const { return meta_id_; }

  // For tests that expire the session on purpose (ZkTestServer::ExpireSession).
  ZkClient::Credentials credentials_for_testing() const { return zk_->credentials(); }

 private:
  explicit BundleWatcher(Options options);
  void OnEvent(const ZkEvent& e);
  // Reads `current` (setting the watch again) and loads it when it is not in force.
  // REQUIRES: sync_mu_ held.
  absl::Status SyncLocked();
  // Loads and applies `bundle` as `name`. REQUIRES: sync_mu_ held.
  absl::Status Install(const std::string& name, const bundles::Bundle& bundle, bool from_cache);
  void RecordFailure(const std::string& name, const absl::Status& why);
  void WriteReport();
  void Log(LogLevel level, const std::string& msg) const;
  std::string in_force() const;

  const Options options_;
  std::string meta_id_;
  std::atomic<bool> closing_{false};
  std::mutex sync_mu_;  // one Sync at a time
  std::unique_ptr<ZkClient> zk_;
  std::unique_ptr<BundleStore> store_;

  mutable std::mutex mu_;  // guards stats_
  Stats stats_;
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_WATCHER_H_
