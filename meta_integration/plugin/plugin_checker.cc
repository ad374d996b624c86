// PluginChecker: raw reply -> facts (ReplyDecoder) -> verdict, with the rule sets swapped
// by reloads without a lock on the checking side, a shadow comparison, and atomic counters.
#include "meta_integration/plugin/plugin_checker.h"

#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/safe_text.h"
#include "engine/common/strings.h"
#include "engine/json/json.h"
#include "engine/rule_set.h"
#include "meta_integration/bundles/bundle_uri.h"
#include "meta_integration/io/bounded_file.h"

namespace dupready {

// One published pair of rule sets and the counters that belong to it.
struct PluginChecker::Rules {
  std::string rules_path;
  std::string shadow_path;  // empty: no shadow rules
  std::unique_ptr<const RuleSet> in_force;
  std::unique_ptr<const RuleSet> shadow;  // may be null
  // Not-ready verdicts decided by each rule of `in_force`, parallel to rule_names (distinct
  // names in rule order).
  std::unique_ptr<std::atomic<int64_t>[]> failures;
  std::vector<std::string> rule_names;
  // Not absl::flat_hash_map: it is left corrupt when an allocation fails while it grows
  // (absl 20220623), and a reload must survive std::bad_alloc.
  std::unordered_map<std::string, size_t> rule_index;  // name -> index in rule_names

  // Counts a not-ready verdict against the rule that decided it (no-op for "").
  void CountFailure(const std::string& rule) const {
    auto it = rule_index.find(rule);
    if (it != rule_index.end()) failures[it->second].fetch_add(1, std::memory_order_relaxed);
  }
};

namespace {

constexpr char kInvalidData[] = "ERR_INVALID_DATA";

void SetInvalidData(const DupContextView& dup, absl::string_view what, Verdict* out) {
  out->Reset();
  out->ready = false;
  out->error = kInvalidData;
  out->message = absl::StrCat("the reply from ", Av(dup.remote_cluster_name), ".",
                              Av(dup.remote_app_name), " is not usable: ", what);
}

// The context values the host did not give: an empty name, a partition count below 1.
uint8_t UnsetContext(const DupContextView& dup) {
  uint8_t unset = 0;
  if (dup.app_name.empty()) unset |= DupFieldBit(DupField::kAppName);
  if (dup.remote_cluster_name.empty()) unset |= DupFieldBit(DupField::kRemoteClusterName);
  if (dup.remote_app_name.empty()) unset |= DupFieldBit(DupField::kRemoteAppName);
  if (dup.partition_count < 1) unset |= DupFieldBit(DupField::kPartitionCount);
  return unset;
}

std::string DescribeUnset(uint8_t unset) {
  std::string names;
  for (int f = 0; f < kNumDupFields; ++f) {
    if (unset & DupFieldBit(static_cast<DupField>(f)))
      absl::StrAppend(&names, names.empty() ? "" : ", ", DupFieldName(static_cast<DupField>(f)));
  }
  return names;
}

std::string Describe(const Verdict& v) {
  if (v.ready) return "ERR_OK (ready)";
  std::string s = v.error;
  if (!v.rule.empty()) absl::StrAppend(&s, " by rule ", v.rule);
  if (v.partition >= 0) absl::StrAppend(&s, " at partition ", v.partition);
  if (!v.message.empty()) absl::StrAppend(&s, " (", v.message, ")");
  return s;
}

}  // namespace

PluginChecker::PluginChecker(const Limits& limits, FileReader read)
    : limits_(limits), read_(std::move(read)) {}

PluginChecker::~PluginChecker() {
  // The watcher's thread publishes into rules_ and logs through this checker: stop it first.
  std::shared_ptr<BundleWatcher> w;
  {
    std::lock_guard<std::mutex> lock(watcher_mu_);
    w = std::move(watcher_);
  }
}

absl::StatusOr<std::unique_ptr<PluginChecker>> PluginChecker::Open(
    const std::string& rules_path, const std::string& shadow_rules_path, const Limits& limits) {
  return OpenWithReader(rules_path, shadow_rules_path, limits,
                        DiskFileReader(limits.max_file_bytes));
}

absl::StatusOr<std::unique_ptr<PluginChecker>> PluginChecker::OpenWithReader(
    const std::string& rules_path, const std::string& shadow_rules_path, const Limits& limits,
    FileReader read) {
  if (!read) return absl::InvalidArgumentError("no file reader was given");
  std::unique_ptr<PluginChecker> checker(new PluginChecker(limits, std::move(read)));
  if (IsBundleUri(rules_path)) {
    if (absl::Status s = checker->StartBundleSource(rules_path, shadow_rules_path); !s.ok())
      return s;
    return checker;
  }
  absl::StatusOr<std::unique_ptr<const Rules>> rules =
      checker->LoadRules(rules_path, shadow_rules_path);
  if (!rules.ok()) return rules.status();
  checker->rules_ = std::make_unique<EpochCell<const Rules>>(*std::move(rules));
  return checker;
}

absl::StatusOr<std::unique_ptr<const PluginChecker::Rules>> PluginChecker::LoadRules(
    const std::string& rules_path, const std::string& shadow_path) const {
  if (rules_path.empty()) return absl::InvalidArgumentError("no rules file was given");
  // Every file the loads read, with the text they got, to check afterwards that none changed
  // while the set was being assembled. A file read twice must read the same both times.
  std::vector<std::pair<std::string, std::string>> seen;
  const FileReader read = [this, &seen](const std::string& path) -> absl::StatusOr<std::string> {
    absl::StatusOr<std::string> text = read_(path);
    if (!text.ok()) return text;
    for (const auto& [p, t] : seen) {
      if (p == path && t != *text)
        return absl::UnavailableError(
            absl::StrCat(path, ": changed while the rules were being loaded"));
    }
    seen.emplace_back(path, *text);
    return text;
  };
  absl::StatusOr<std::unique_ptr<const RuleSet>> in_force = RuleSet::Load(rules_path, read, limits_);
  if (!in_force.ok()) {
    return absl::Status(in_force.status().code(),
                        absl::StrCat("rules: ", in_force.status().message()));
  }
  std::unique_ptr<const RuleSet> in_force_rules = *std::move(in_force);
  std::unique_ptr<const RuleSet> shadow_rules;
  if (!shadow_path.empty()) {
    absl::StatusOr<std::unique_ptr<const RuleSet>> shadow = RuleSet::Load(shadow_path, read, limits_);
    if (!shadow.ok()) {
      return absl::Status(shadow.status().code(), absl::StrCat("shadow rules: ", shadow.status().message()));
    }
    shadow_rules = *std::move(shadow);
  }
  for (const auto& [path, text] : seen) {
    absl::StatusOr<std::string> again = read_(path);
    if (!again.ok() || *again != text) {
      return absl::UnavailableError(absl::StrCat(
          path, ": changed while the rules were being loaded (",
          again.ok() ? absl::string_view("its text differs") : again.status().message(),
          "); nothing was taken, reload again once the files are written"));
    }
  }

  return MakeRules(rules_path, shadow_path, std::move(in_force_rules), std::move(shadow_rules));
}

std::unique_ptr<const PluginChecker::Rules> PluginChecker::MakeRules(
    std::string rules_path, std::string shadow_path, std::unique_ptr<const RuleSet> in_force,
    std::unique_ptr<const RuleSet> shadow) {
  auto rules = std::make_unique<Rules>();
  rules->rules_path = std::move(rules_path);
  rules->shadow_path = std::move(shadow_path);
  rules->in_force = std::move(in_force);
  rules->shadow = std::move(shadow);
  // A scoped `replace` can leave two compiled rules with one name: count by name.
  for (const RuleInfo& rule : rules->in_force->rules()) {
    if (rules->rule_index.emplace(rule.name, rules->rule_names.size()).second)
      rules->rule_names.push_back(rule.name);
  }
  rules->failures.reset(new std::atomic<int64_t>[rules->rule_names.size()]);
  for (size_t i = 0; i < rules->rule_names.size(); ++i)
    rules->failures[i].store(0, std::memory_order_relaxed);
  return std::unique_ptr<const Rules>(std::move(rules));
}

absl::Status PluginChecker::Reload() { return ReloadImpl(nullptr, nullptr); }

absl::Status PluginChecker::ReloadFrom(const std::string& rules_path,
                                       const std::string& shadow_rules_path) {
  return ReloadImpl(&rules_path, &shadow_rules_path);
}

absl::Status PluginChecker::ReloadImpl(const std::string* rules_path,
                                       const std::string* shadow_rules_path) {
  // Under source_mu_, so a concurrent ReloadFrom cannot be undone by a stale Reload.
  std::lock_guard<std::mutex> source_lock(source_mu_);
  std::shared_ptr<BundleWatcher> retired;  // a replaced source, stopped after reload_mu_
  absl::Status result;
  std::string note;
  const std::shared_ptr<BundleWatcher> bundles = watcher();
  if (rules_path == nullptr && bundles != nullptr) {
    // A zk:// source: read PATH/current again. The watcher logs and counts what it loads.
    result = bundles->Refresh();
    if (result.ok()) return result;
    return absl::Status(result.code(), absl::StrCat("reload failed; the rules in force stay (",
                                                    bundles->source().uri, ", ",
                                                    bundles->stats().bundle,
                                                    "): ", result.message()));
  }
  if (rules_path != nullptr && IsBundleUri(*rules_path)) {
    result = StartBundleSource(*rules_path, *shadow_rules_path);
    if (result.ok()) return result;  // the new source logged what it put in force
    reloads_failed_.fetch_add(1, std::memory_order_relaxed);
    last_reload_ok_.store(false, std::memory_order_relaxed);
    note = absl::StrCat("reload failed; the rules in force stay: ", result.message());
    result = absl::Status(result.code(), note);
  } else {
    std::lock_guard<std::mutex> lock(reload_mu_);
    // This thread is the only writer of rules_ while it holds reload_mu_: the value read here
    // stays current.
    const Rules* current = rules_->UnsafeCurrent();
    const std::string path = rules_path != nullptr ? *rules_path : current->rules_path;
    const std::string shadow = rules_path != nullptr ? *shadow_rules_path : current->shadow_path;
    absl::StatusOr<std::unique_ptr<const Rules>> fresh = LoadRules(path, shadow);
    if (!fresh.ok()) {
      result = absl::Status(fresh.status().code(),
                            absl::StrCat("reload failed; the rules in force stay (",
                                         current->rules_path, ", hash ",
                                         current->in_force->hash(),
                                         "): ", fresh.status().message()));
      note = std::string(result.message());
      reloads_failed_.fetch_add(1, std::memory_order_relaxed);
      last_reload_ok_.store(false, std::memory_order_relaxed);
    } else {
      note = absl::StrCat("rules reloaded: ", path, " (hash ", (*fresh)->in_force->hash(), ")");
      if (!shadow.empty())
        absl::StrAppend(&note, ", shadow ", shadow, " (hash ", (*fresh)->shadow->hash(), ")");
      // Files are the source now: a bundle watcher there was may no longer publish.
      ++source_generation_;
      {
        std::lock_guard<std::mutex> w(watcher_mu_);
        retired = std::move(watcher_);
      }
      // Frees the rules replaced (now or at a later reload), on this thread: never a check.
      PublishLocked(*std::move(fresh));
      reloads_ok_.fetch_add(1, std::memory_order_relaxed);
      last_reload_ok_.store(true, std::memory_order_relaxed);
    }
  }
  {
    std::lock_guard<std::mutex> l(last_error_mu_);
    last_reload_error_ = result.ok() ? std::string() : note;
  }
  // Outside reload_mu_: a logger may itself reload, and `retired` joins its thread.
  Log(result.ok() ? LogLevel::kInfo : LogLevel::kError, note);
  return result;
}

void PluginChecker::PublishLocked(std::unique_ptr<const Rules> fresh) {
  if (rules_ == nullptr) {
    rules_ = std::make_unique<EpochCell<const Rules>>(std::move(fresh));
  } else {
    rules_->Publish(std::move(fresh));
  }
}

std::shared_ptr<BundleWatcher> PluginChecker::watcher() const {
  std::lock_guard<std::mutex> lock(watcher_mu_);
  return watcher_;
}

absl::Status PluginChecker::StartBundleSource(const std::string& uri,
                                              const std::string& shadow_rules_path) {
  if (!shadow_rules_path.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a zk:// source brings its own shadow rules (pushed with the bundle); no shadow rules "
        "path may be given with it, not '", shadow_rules_path, "'"));
  }
  absl::StatusOr<BundleSource> source = ParseBundleUri(uri);
  if (!source.ok()) return source.status();
  uint64_t generation, previous;
  {
    std::lock_guard<std::mutex> lock(reload_mu_);
    previous = source_generation_;
    generation = ++source_generation_;
  }
  BundleWatcher::Options options;
  options.source = *source;
  options.limits = limits_;
  options.apply = [this, generation, uri](BundleWatcher::Applied a) {
    return ApplyBundle(generation, uri, std::move(a));
  };
  options.outcome = [this, generation](const std::string& bundle, const absl::Status& status) {
    RecordBundleOutcome(generation, bundle, status);
  };
  options.log = [this](BundleWatcher::LogLevel level, const std::string& msg) {
    Log(level == BundleWatcher::LogLevel::kInfo      ? LogLevel::kInfo
        : level == BundleWatcher::LogLevel::kWarning ? LogLevel::kWarning
                                                     : LogLevel::kError,
        msg);
  };
  absl::StatusOr<std::unique_ptr<BundleWatcher>> started = BundleWatcher::Start(std::move(options));
  if (!started.ok()) {
    std::lock_guard<std::mutex> lock(reload_mu_);
    if (source_generation_ == generation) source_generation_ = previous;  // the old one stays
    return started.status();
  }
  std::shared_ptr<BundleWatcher> retired;
  {
    std::lock_guard<std::mutex> lock(watcher_mu_);
    retired = std::move(watcher_);
    watcher_ = *std::move(started);
  }
  return absl::OkStatus();  // `retired` stops here, with no lock held
}

absl::Status PluginChecker::ApplyBundle(uint64_t generation, const std::string& uri,
                                        BundleWatcher::Applied a) {
  std::lock_guard<std::mutex> lock(reload_mu_);
  if (generation != source_generation_)
    return absl::CancelledError("the plugin takes its rules from another source now");
  const bool first = rules_ == nullptr;
  PublishLocked(MakeRules(uri, a.shadow_root.empty() ? "" : absl::StrCat(a.bundle, "/", a.shadow_root),
                          std::move(a.rules.rules), std::move(a.rules.shadow)));
  if (!first) reloads_ok_.fetch_add(1, std::memory_order_relaxed);
  last_reload_ok_.store(true, std::memory_order_relaxed);
  std::lock_guard<std::mutex> l(last_error_mu_);
  last_reload_error_.clear();
  return absl::OkStatus();
}

void PluginChecker::RecordBundleOutcome(uint64_t generation, const std::string& bundle,
                                        const absl::Status& status) {
  std::lock_guard<std::mutex> lock(reload_mu_);
  if (generation != source_generation_ || absl::IsCancelled(status)) return;
  if (!status.ok()) reloads_failed_.fetch_add(1, std::memory_order_relaxed);
  last_reload_ok_.store(status.ok(), std::memory_order_relaxed);
  std::lock_guard<std::mutex> l(last_error_mu_);
  last_reload_error_ =
      status.ok() ? std::string()
                  : absl::StrCat(bundle, " does not load; the rules in force stay: ",
                                 status.message());
}

void PluginChecker::Check(const DupContextView& dup, std::string_view rpc_err,
                          const uint8_t* reply, size_t reply_len, CheckScratch* scratch) {
  try {
    CheckImpl(dup, rpc_err, reply, reply_len, scratch);
  } catch (...) {
    // A check cut short (std::bad_alloc) can leave half-recorded state in the scratch (the
    // evaluator's list of failing rules is emptied only at the end of an evaluation), which
    // the next check on it would report. Start it afresh: empty buffers, no allocation.
    *scratch = CheckScratch();
    throw;
  }
}

void PluginChecker::CheckImpl(const DupContextView& dup, std::string_view rpc_err,
                              const uint8_t* reply, size_t reply_len, CheckScratch* scratch) {
  // A context the host gave incompletely: counted, and the first logged, before the rules
  // are taken (a logger may reload).
  const uint8_t unset = UnsetContext(dup);
  if (unset != 0) {
    incomplete_context_.fetch_add(1, std::memory_order_relaxed);
    if (!incomplete_context_logged_.exchange(true, std::memory_order_relaxed)) {
      Log(LogLevel::kWarning, absl::StrCat(
          "the meta server gave no ", DescribeUnset(unset), " for follower app[",
          Av(dup.remote_cluster_name), ".", Av(dup.remote_app_name), "] (source ",
          Av(dup.app_name), ", partition count ", dup.partition_count,
          "): rules that read them see \"\" or the number given, and messages show them as "
          "<unset: ...>; every such check is counted in the stats as incomplete_context (this "
          "is logged once)"));
    }
  }
  std::string disagreement;  // logged once the rules are released: a logger may reload
  {
    // One read: this check uses this pair of rule sets from start to end, without a lock.
    const EpochCell<const Rules>::Reader rules(*rules_);
    checks_.fetch_add(1, std::memory_order_relaxed);
    Verdict& verdict = scratch->verdict_;

    // The reply's bytes straight to facts, in the one bounded walk that validates them.
    const bool missing = rpc_err == "ERR_OK" && reply == nullptr && reply_len > 0;
    if (const absl::Status decoded =
            missing ? absl::InvalidArgumentError("query_cfg_response: no reply bytes")
                    : scratch->decoder_.Decode(dup, rpc_err, reply, reply_len, &scratch->facts_);
        !decoded.ok()) {
      SetInvalidData(dup, decoded.message(), &verdict);
      invalid_data_.fetch_add(1, std::memory_order_relaxed);
      not_ready_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    // Whichever way the facts were built: partition indices are data, checked here once.
    if (absl::Status indices = CheckPartitionIndices(scratch->facts_); !indices.ok()) {
      SetInvalidData(dup, absl::StrCat("query_cfg_response.", indices.message()), &verdict);
      invalid_data_.fetch_add(1, std::memory_order_relaxed);
      not_ready_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    scratch->facts_.unset_dup = unset;

    rules->in_force->Check(scratch->facts_, &scratch->eval_, &verdict);
    if (verdict.ready) {
      ready_.fetch_add(1, std::memory_order_relaxed);
    } else {
      not_ready_.fetch_add(1, std::memory_order_relaxed);
      rules->CountFailure(verdict.rule);
    }
    if (rules->shadow == nullptr) return;
    rules->shadow->Check(scratch->facts_, &scratch->eval_, &scratch->shadow_verdict_);
    shadow_checks_.fetch_add(1, std::memory_order_relaxed);
    disagreement = CompareShadow(*rules, dup, verdict, scratch->shadow_verdict_);
  }
  if (!disagreement.empty()) Log(LogLevel::kWarning, disagreement);
}

std::string PluginChecker::CompareShadow(const Rules& rules, const DupContextView& dup,
                                         const Verdict& in_force, const Verdict& shadow) {
  if (in_force.ready == shadow.ready && in_force.error == shadow.error &&
      in_force.rule == shadow.rule) {
    return std::string();
  }
  shadow_disagreements_.fetch_add(1, std::memory_order_relaxed);
  return absl::StrCat("shadow rules disagree on follower app[", Av(dup.remote_cluster_name), ".",
                      Av(dup.remote_app_name), "] (source ", Av(dup.app_name),
                      "): rules in force (", rules.rules_path, ") say ", Describe(in_force),
                      "; shadow rules (", rules.shadow_path, ") say ", Describe(shadow),
                      "; the rules in force decide");
}

void PluginChecker::SetLogger(PluginLogFn fn, void* ctx) {
  std::lock_guard<std::mutex> lock(logger_mu_);
  log_fn_ = fn;
  log_ctx_ = fn == nullptr ? nullptr : ctx;
}

void PluginChecker::Log(LogLevel level, const std::string& msg) const {
  PluginLogFn fn;
  void* ctx;
  {
    std::lock_guard<std::mutex> lock(logger_mu_);
    fn = log_fn_;
    ctx = log_ctx_;
  }
  // Called without the lock, so a logger may call back into the checker. The message quotes
  // rule files, paths and replies: escaped, it is UTF-8 without control characters.
  if (fn != nullptr) fn(ctx, static_cast<int>(level), SafeText(msg).c_str());
}

std::string PluginChecker::StatsJson() const {
  const EpochCell<const Rules>::Reader rules(*rules_);
  std::string last_error;
  {
    std::lock_guard<std::mutex> l(last_error_mu_);
    last_error = last_reload_error_;
  }
  auto n = [](const std::atomic<int64_t>& v) { return v.load(std::memory_order_relaxed); };
  std::string out = absl::StrCat(
      "{\"abi_version\":1,\"rules_path\":", JsonQuote(rules->rules_path),
      ",\"rules_hash\":", JsonQuote(rules->in_force->hash()),
      ",\"shadow_rules_path\":", JsonQuote(rules->shadow_path), ",\"shadow_rules_hash\":",
      JsonQuote(rules->shadow != nullptr ? rules->shadow->hash() : std::string()),
      ",\"checks\":", n(checks_), ",\"ready\":", n(ready_), ",\"not_ready\":", n(not_ready_),
      ",\"invalid_data\":", n(invalid_data_), ",\"incomplete_context\":",
      n(incomplete_context_), ",\"failures_by_rule\":{");
  for (size_t i = 0; i < rules->rule_names.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "" : ",", JsonQuote(rules->rule_names[i]), ":",
                    rules->failures[i].load(std::memory_order_relaxed));
  }
  absl::StrAppend(&out, "},\"shadow_checks\":", n(shadow_checks_),
                  ",\"shadow_disagreements\":", n(shadow_disagreements_),
                  ",\"reloads_ok\":", n(reloads_ok_), ",\"reloads_failed\":", n(reloads_failed_),
                  ",\"last_reload_ok\":",
                  last_reload_ok_.load(std::memory_order_relaxed) ? "true" : "false",
                  ",\"last_reload_error\":", JsonQuote(last_error), ",\"source\":", SourceJson(),
                  "}");
  return out;
}

std::string PluginChecker::SourceJson() const {
  const std::shared_ptr<BundleWatcher> w = watcher();
  if (w == nullptr) return "{\"kind\":\"files\"}";
  const BundleWatcher::Stats st = w->stats();
  auto b = [](bool v) { return v ? "true" : "false"; };
  return absl::StrCat(
      "{\"kind\":\"zookeeper\",\"uri\":", JsonQuote(w->source().uri),
      ",\"meta_id\":", JsonQuote(st.meta_id), ",\"connected\":", b(st.connected),
      ",\"session_state\":", JsonQuote(st.session_state), ",\"sessions\":", st.sessions,
      ",\"bundle\":", JsonQuote(st.bundle), ",\"content_hash\":", JsonQuote(st.content_hash),
      ",\"from_cache\":", b(st.from_cache), ",\"attempted_bundle\":",
      JsonQuote(st.attempted_bundle), ",\"last_load_ok\":", b(st.last_load_ok),
      ",\"last_load_error\":", JsonQuote(st.last_load_error), ",\"loads_ok\":", st.loads_ok,
      ",\"loads_failed\":", st.loads_failed, ",\"report_error\":",
      JsonQuote(st.last_report_error), "}");
}

}  // namespace dupready
