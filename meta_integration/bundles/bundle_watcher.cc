// BundleWatcher: `current` read and watched through ZkClient; each change fetched and loaded on
// the client's event thread and handed to `apply`; the cache and the meta report kept up.
#include "meta_integration/bundles/bundle_watcher.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "meta_integration/bundles/bundle_cache.h"

namespace dupready {
namespace {

// host:pid:n, with the host name cut to the characters a node name allows.
std::string DefaultMetaId() {
  static std::atomic<int> instances{0};
  char host[256] = "";
  if (::gethostname(host, sizeof(host) - 1) != 0 || host[0] == '\0') std::strcpy(host, "host");
  std::string name;
  for (const char* p = host; *p != '\0' && name.size() < 64; ++p) {
    const char c = *p;
    name.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' ? c : '_');
  }
  return absl::StrCat(name, ":", ::getpid(), ":", instances++);
}

std::string Short(const std::string& hash) { return hash.substr(0, 12); }

}  // namespace

BundleWatcher::BundleWatcher(Options options) : options_(std::move(options)) {
  meta_id_ = options_.source.meta_id.empty() ? DefaultMetaId() : options_.source.meta_id;
  stats_.meta_id = meta_id_;
}

BundleWatcher::~BundleWatcher() {
  closing_.store(true);
  // Joins the event thread, which reads zk_ and store_: they stay as they are until it ends.
  if (zk_ != nullptr) zk_->Close();
}

absl::StatusOr<std::unique_ptr<BundleWatcher>> BundleWatcher::Start(Options options) {
  if (!options.apply) return absl::InvalidArgumentError("bundle watcher: no apply function");
  std::unique_ptr<BundleWatcher> w(new BundleWatcher(std::move(options)));
  const BundleSource& source = w->options_.source;
  // Held until Start is done: the client's events wait for the first load. Declared after
  // `w`, so released before `w` is destroyed on an early return.
  std::unique_lock<std::mutex> lock(w->sync_mu_);
  ZkClient::Options zo;
  zo.hosts = source.hosts;
  zo.session_timeout_ms = source.session_timeout_ms;
  BundleWatcher* raw = w.get();
  zo.on_event = [raw](const ZkEvent& e) { raw->OnEvent(e); };
  absl::StatusOr<std::unique_ptr<ZkClient>> zk = ZkClient::Start(zo);
  if (!zk.ok()) return zk.status();
  w->zk_ = *std::move(zk);
  w->store_ = std::make_unique<BundleStore>(w->zk_.get(), source, w->options_.call_timeout,
                                            w->options_.limits);

  absl::Status why =
      w->zk_->WaitConnected(absl::Now() + absl::Milliseconds(source.connect_timeout_ms));
  if (why.ok()) {
    why = w->SyncLocked();
    if (!w->in_force().empty()) {
      w->WriteReport();
      return w;
    }
  }
  // Nothing in force from ZooKeeper: the cache, or fail closed.
  absl::StatusOr<CachedBundle> cached = source.cache_dir.empty()
                                            ? absl::NotFoundError("no cache=DIR in the URI")
                                            : ReadBundleCache(source, w->options_.limits);
  if (cached.ok() && w->Install(cached->name, cached->bundle, /*from_cache=*/true).ok()) {
    w->Log(LogLevel::kWarning,
           absl::StrCat("started from the cache (", cached->name, ", sha256 ",
                        Short(cached->bundle.content_hash()), ") because ", why.message()));
    if (w->zk_->state() == ZkSessionState::kConnected) w->WriteReport();
    return w;
  }
  return absl::Status(
      why.code() == absl::StatusCode::kOk ? absl::StatusCode::kUnavailable : why.code(),
      absl::StrCat(source.uri, ": no rules: ", why.message(), "; and no cache to start from (",
                   cached.ok() ? "the cached bundle does not load" : cached.status().message(),
                   ")"));
}

std::string BundleWatcher::in_force() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_.bundle;
}

void BundleWatcher::OnEvent(const ZkEvent& e) {
  if (closing_.load()) return;
  if (e.kind == ZkEvent::Kind::kSession) {
    if (e.state == ZkSessionState::kConnected) {
      std::lock_guard<std::mutex> lock(sync_mu_);
      if (closing_.load()) return;
      if (e.new_session && zk_->sessions() > 1) {
        Log(LogLevel::kWarning, "ZooKeeper session re-established after expiry; reading " +
                                    options_.source.current_path() + " again");
      }
      SyncLocked().IgnoreError();  // failures are recorded and reported
      WriteReport();
    } else {
      Log(LogLevel::kWarning,
          absl::StrCat("ZooKeeper session ", ZkSessionStateName(e.state), "; checks go on with ",
                       in_force().empty() ? std::string("no rules") : in_force()));
    }
    return;
  }
  if (e.path != options_.source.current_path()) return;
  std::lock_guard<std::mutex> lock(sync_mu_);
  if (closing_.load()) return;
  SyncLocked().IgnoreError();
  WriteReport();
}

absl::Status BundleWatcher::Refresh() {
  std::lock_guard<std::mutex> lock(sync_mu_);
  absl::Status s = SyncLocked();
  WriteReport();
  return s;
}

absl::Status BundleWatcher::SyncLocked() {
  const std::string& current_path = options_.source.current_path();
  absl::StatusOr<BundleStore::Current> cur = store_->ReadCurrent(/*watch=*/true);
  if (!cur.ok()) {
    if (absl::IsNotFound(cur.status())) {
      // Watch for its creation: the first push.
      zk_->Exists(current_path, absl::Now() + options_.call_timeout, /*watch=*/true)
          .status()
          .IgnoreError();
      return absl::FailedPreconditionError(
          absl::StrCat("nothing was pushed to ", options_.source.path, " yet"));
    }
    if (absl::IsInvalidArgument(cur.status())) RecordFailure("current", cur.status());
    return cur.status();
  }
  if (cur->name.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(current_path, " names no bundle: nothing is in force"));
  }
  bool recovered = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (cur->name == stats_.bundle) {
      // Bundles never change: the one in force is `current`, also when it came from the cache.
      recovered = !stats_.last_load_ok;
      stats_.from_cache = false;
      stats_.attempted_bundle = cur->name;
      stats_.last_load_ok = true;
      stats_.last_load_error.clear();
    }
  }
  if (cur->name == in_force()) {
    if (recovered) {
      if (options_.outcome) options_.outcome(cur->name, absl::OkStatus());
      Log(LogLevel::kInfo, absl::StrCat(cur->name, " is in force again"));
    }
    return absl::OkStatus();
  }
  absl::StatusOr<bundles::Bundle> bundle = store_->ReadBundle(cur->name);
  if (!bundle.ok()) {
    if (closing_.load()) return bundle.status();
    RecordFailure(cur->name, bundle.status());
    return bundle.status();
  }
  return Install(cur->name, *bundle, /*from_cache=*/false);
}

absl::Status BundleWatcher::Install(const std::string& name, const bundles::Bundle& bundle,
                                    bool from_cache) {
  absl::StatusOr<LoadedBundle> loaded = LoadBundle(bundle, options_.limits);
  absl::Status applied = loaded.status();
  std::string rules_hash;
  if (loaded.ok()) {
    rules_hash = loaded->rules->hash();
    Applied a{name,       bundle.content_hash(), bundle.root(), bundle.shadow_root(),
              from_cache, *std::move(loaded)};
    applied = options_.apply(std::move(a));
  }
  if (!applied.ok()) {
    RecordFailure(name, applied);
    return applied;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    stats_.bundle = name;
    stats_.content_hash = bundle.content_hash();
    stats_.rules_hash = rules_hash;
    stats_.from_cache = from_cache;
    stats_.attempted_bundle = name;
    stats_.last_load_ok = true;
    stats_.last_load_error.clear();
    ++stats_.loads_ok;
  }
  Log(LogLevel::kInfo,
      absl::StrCat(name, " (sha256 ", Short(bundle.content_hash()), ") from ",
                   from_cache ? "the cache" : options_.source.uri, " is in force"));
  if (!from_cache && !options_.source.cache_dir.empty()) {
    if (absl::Status s = WriteBundleCache(options_.source, name, bundle); !s.ok())
      Log(LogLevel::kWarning, absl::StrCat("cannot update the cache: ", s.message()));
  }
  return absl::OkStatus();
}

void BundleWatcher::RecordFailure(const std::string& name, const absl::Status& why) {
  std::string in_force;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stats_.attempted_bundle = name;
    stats_.last_load_ok = false;
    stats_.last_load_error = std::string(why.message());
    ++stats_.loads_failed;
    in_force = stats_.bundle;
  }
  if (options_.outcome) options_.outcome(name, why);
  Log(LogLevel::kError,
      absl::StrCat(name, " does not load; ",
                   in_force.empty() ? std::string("no rules are") : in_force + " stays",
                   " in force: ", why.message()));
}

void BundleWatcher::WriteReport() {
  if (closing_.load() || zk_ == nullptr || zk_->state() != ZkSessionState::kConnected) return;
  bundles::MetaReport report;
  {
    std::lock_guard<std::mutex> lock(mu_);
    report.set_id(meta_id_);
    report.set_bundle(stats_.bundle);
    report.set_content_hash(stats_.content_hash);
    report.set_rules_hash(stats_.rules_hash);
    report.set_from_cache(stats_.from_cache);
    report.set_attempted_bundle(stats_.attempted_bundle);
    report.set_load_ok(stats_.last_load_ok);
    report.set_error(stats_.last_load_error.substr(0, 16384));
  }
  report.set_updated_unix_ms(absl::ToUnixMillis(absl::Now()));
  char host[256] = "";
  if (::gethostname(host, sizeof(host) - 1) == 0) report.set_host(host);
  report.set_pid(::getpid());
  report.set_dupready_version(kDupreadyVersion);
  absl::Status s = store_->WriteMetaReport(report);
  std::string previous;
  {
    std::lock_guard<std::mutex> lock(mu_);
    previous = stats_.last_report_error;
    stats_.last_report_error = s.ok() ? "" : std::string(s.message());
  }
  if (!s.ok() && previous != s.message() && !closing_.load())
    Log(LogLevel::kWarning, absl::StrCat("cannot write the meta report: ", s.message()));
}

BundleWatcher::Stats BundleWatcher::stats() const {
  Stats out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    out = stats_;
  }
  if (zk_ != nullptr) {
    const ZkSessionState state = zk_->state();
    out.connected = state == ZkSessionState::kConnected;
    out.session_state = ZkSessionStateName(state);
    out.sessions = zk_->sessions();
  }
  return out;
}

void BundleWatcher::Log(LogLevel level, const std::string& msg) const {
  if (options_.log) options_.log(level, msg);
}

}  // namespace dupready
