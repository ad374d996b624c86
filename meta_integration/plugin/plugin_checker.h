// Copyright 2026 The dupready Authors.
//
// plugin_checker.h: what sits behind the C interface of libdupready_plugin.so (see
// dupready_plugin.h): the rules in force and the shadow rules, hot reload, the check of one
// raw follower reply, counters and a logger.
//
//   absl::StatusOr<std::unique_ptr<PluginChecker>> c = PluginChecker::Open("default.rules", "");
//   CheckScratch scratch;                       // one per thread
//   (*c)->Check(dup, "ERR_OK", bytes, len, &scratch);
//   // scratch.verdict() holds the verdict
//   absl::Status s = (*c)->Reload();           // !ok: the old rules stay; s says where
//
// The rules may also come from ZooKeeper: a zk:// URI (meta_integration/bundles/bundle_uri.h)
// where a rules path goes. The checker then runs the bundle PATH/current names and follows it
// as it changes (bundles/bundle_watcher.h): each new bundle is loaded on the ZooKeeper
// client's thread and swapped in like a reload; one that does not load leaves the rules in
// force and is counted and reported. Reload re-reads PATH/current.
//
// Thread-safety: Check, Reload, ReloadFrom, SetLogger and StatsJson may run concurrently.
// A check reads an immutable pair (rules in force, shadow rules) through an EpochCell
// (epoch_cell.h), so it sees either the old pair or the new one, never a mix. Checks take no
// lock and never wait for a reload: a reload swaps the pair and the reloading thread frees the
// old one once no check can still read it, so no check pays for a destructor. Counters are
// atomics and the working memory is the caller's CheckScratch.

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_PLUGIN_CHECKER_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_PLUGIN_CHECKER_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "engine/common/limits.h"
#include "engine/eval/evaluator.h"
#include "engine/eval/facts.h"
#include "engine/eval/verdict.h"
#include "engine/loader/loader.h"
#include "meta_integration/bundles/bundle_watcher.h"
#include "meta_integration/plugin/epoch_cell.h"
#include "meta_integration/plugin/reply_decoder.h"

namespace dupready {

// Levels as in dupready_plugin.h (DUPREADY_LOG_*).
enum class LogLevel : int { kInfo = 0, kWarning = 1, kError = 2 };
using PluginLogFn = void (*)(void* ctx, int level, const char* msg);

// Working memory of one thread's checks. Reusing it keeps a check allocation-free for a ready
// table no larger than the last one; a not-ready verdict allocates its explanation only
// (README.md gives the bound). Not thread-safe.
class CheckScratch {
 public:
  // The verdict of the last Check made with this scratch.
  const Verdict& verdict() const { return verdict_; }

 private:
  friend class PluginChecker;
  Verdict verdict_;
  Verdict shadow_verdict_;
  EvalScratch eval_;
  FollowerFacts facts_;
  ReplyDecoder decoder_;
};

class PluginChecker {
 public:
  // Loads the rules in force from `rules_path` and, when `shadow_rules_path` is not empty,
  // the shadow rules. InvalidArgument with every located issue for a wrong file; the reader's
  // error (NotFound, ...) for a file that cannot be read. A zk:// `rules_path` takes the
  // rules (and shadow rules) from the bundle in force there; `shadow_rules_path` must then be
  // empty. Without a bundle that loads (or a cache=DIR to start from), it fails closed.
  static absl::StatusOr<std::unique_ptr<PluginChecker>> Open(
      const std::string& rules_path, const std::string& shadow_rules_path,
      const Limits& limits = Limits());

  // As Open, but every rule file (at open and at each reload) is read through `read` instead
  // of from disk: for tests that inject read faults. `read` must be thread-safe.
  static absl::StatusOr<std::unique_ptr<PluginChecker>> OpenWithReader(
      const std::string& rules_path, const std::string& shadow_rules_path, const Limits& limits,
      FileReader read);

  PluginChecker(const PluginChecker&) = delete;
  PluginChecker& operator=(const PluginChecker&) = delete;
  ~PluginChecker();

  // Re-reads the current paths (ReloadFrom with them), or for a zk:// source PATH/current.
  // Thread-safe.
  absl::Status Reload();

  // Reads and validates both files whole, then swaps them in together. On failure nothing
  // changes and the status (rules_path:line:col ...) says why. Reloads are serialized.
  // After a successful load every file it read is read again: if any changed meanwhile (an
  // editor saving the root and the file it extends one after the other), the reload fails
  // with Unavailable rather than take a set of files that never existed together.
  // Either path may be a zk:// URI instead (see Open): a switch from ZooKeeper to files, or
  // back, takes effect only once the new source's rules have loaded.
  absl::Status ReloadFrom(const std::string& rules_path, const std::string& shadow_rules_path);

  // Checks one follower; the verdict lands in scratch->verdict(). Never fails: a reply that
  // cannot be decoded (or a wire text that is not safe) gives a not-ready ERR_INVALID_DATA
  // verdict naming what and where. When `rpc_err` is not "ERR_OK", `reply` is ignored.
  // `reply` may be null only when `reply_len` is 0. Thread-safe, one scratch per thread.
  // When shadow rules are loaded and disagree, logs a warning (synchronously: the logger
  // runs before Check returns, on this thread). A context with an empty name or a partition
  // count below 1 is judged as given (messages show those values as "<unset: dup.NAME>"),
  // counted as incomplete_context, and logged as a warning the first time. Out of memory, it throws std::bad_alloc and
  // leaves `scratch` empty, as good as new for the next check.
  void Check(const DupContextView& dup, std::string_view rpc_err, const uint8_t* reply,
             size_t reply_len, CheckScratch* scratch);

  // Sets or (fn == nullptr) removes the logger. Thread-safe.
  void SetLogger(PluginLogFn fn, void* ctx);

  // The counters as JSON (see dupready_stats_json in dupready_plugin.h). Thread-safe.
  std::string StatsJson() const;

 private:
  struct Rules;  // immutable once published

  PluginChecker(const Limits& limits, FileReader read);
  // Reloads the given paths, or (null) the current ones, under source_mu_.
  absl::Status ReloadImpl(const std::string* rules_path, const std::string* shadow_rules_path);
  // Makes rules_path's bundle source the source of the rules (plugin_bundle_source.cc).
  // REQUIRES: source_mu_ held (or the checker not yet returned by Open).
  absl::Status StartBundleSource(const std::string& uri, const std::string& shadow_rules_path);
  // A bundle from the source of `generation` goes into force (when that source is still the
  // checker's); the outcome of a bundle that did not, or of a return to the one in force.
  absl::Status ApplyBundle(uint64_t generation, const std::string& uri,
                           BundleWatcher::Applied applied);
  void RecordBundleOutcome(uint64_t generation, const std::string& bundle,
                           const absl::Status& status);
  // Publishes `fresh` (the first: makes rules_). REQUIRES: reload_mu_ held.
  void PublishLocked(std::unique_ptr<const Rules> fresh);
  std::shared_ptr<BundleWatcher> watcher() const;
  std::string SourceJson() const;
  absl::StatusOr<std::unique_ptr<const Rules>> LoadRules(const std::string& rules_path,
                                                         const std::string& shadow_path) const;
  // The published form of loaded rule sets: counters per rule, names indexed.
  static std::unique_ptr<const Rules> MakeRules(std::string rules_path, std::string shadow_path,
                                                std::unique_ptr<const RuleSet> in_force,
                                                std::unique_ptr<const RuleSet> shadow);
  void CheckImpl(const DupContextView& dup, std::string_view rpc_err, const uint8_t* reply,
                 size_t reply_len, CheckScratch* scratch);
  // The warning to log when the shadow verdict disagrees (counted), else "".
  std::string CompareShadow(const Rules& rules, const DupContextView& dup,
                            const Verdict& in_force, const Verdict& shadow);
  void Log(LogLevel level, const std::string& msg) const;

  const Limits limits_;
  const FileReader read_;  // how rule files are read: from disk unless a test injects faults

  // Set once by Open; replaced only under reload_mu_.
  std::unique_ptr<EpochCell<const Rules>> rules_;

  std::mutex source_mu_;  // serializes Reload and ReloadFrom (and so changes of source)
  std::mutex reload_mu_;  // the one writer of rules_ at a time; held briefly to publish
  // Which source may publish: a source (files, or one BundleWatcher) publishes only while
  // this is the generation it was started with. Guarded by reload_mu_.
  uint64_t source_generation_ = 0;
  // The zk:// source, or null for files. Replaced under source_mu_; read under watcher_mu_.
  // Never destroyed under reload_mu_: its thread may be waiting for that lock.
  std::shared_ptr<BundleWatcher> watcher_;
  mutable std::mutex watcher_mu_;

  mutable std::mutex logger_mu_;
  PluginLogFn log_fn_ = nullptr;  // guarded by logger_mu_
  void* log_ctx_ = nullptr;       // guarded by logger_mu_

  mutable std::mutex last_error_mu_;
  std::string last_reload_error_;  // guarded by last_error_mu_

  std::atomic<int64_t> checks_{0};
  std::atomic<int64_t> ready_{0};
  std::atomic<int64_t> not_ready_{0};
  std::atomic<int64_t> invalid_data_{0};
  std::atomic<int64_t> incomplete_context_{0};        // checks given an empty name or count
  std::atomic<bool> incomplete_context_logged_{false};  // the first is logged, once
  std::atomic<int64_t> shadow_checks_{0};
  std::atomic<int64_t> shadow_disagreements_{0};
  std::atomic<int64_t> reloads_ok_{0};
  std::atomic<int64_t> reloads_failed_{0};
  std::atomic<bool> last_reload_ok_{true};
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_PLUGIN_CHECKER_H_
