// meta_sim's bundle steps: push, push_unchecked, rollback through a BundleStore of their own,
// then the plugin's stats watched until it has taken (or refused) the bundle.
#include "meta_integration/metaserver/bundle_steps.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "engine/common/diagnostics.h"
#include "engine/json/json.h"
#include "meta_integration/bundles/bundle.h"
#include "meta_integration/io/bounded_file.h"

namespace dupready {
namespace {

std::string Absolute(const std::string& path) {
  char cwd[4096];
  if (path.empty() || path[0] == '/' || ::getcwd(cwd, sizeof(cwd)) == nullptr) return path;
  return absl::StrCat(cwd, "/", path);
}

std::string Indent(absl::string_view text) { return absl::StrReplaceAll(text, {{"\n", "\n    "}}); }

// source.bundle, source.attempted_bundle, source.last_load_ok and source.last_load_error of
// the plugin's stats, or empty strings when they cannot be read.
struct SourceState {
  std::string kind, bundle, hash, attempted;
  bool ok = false, from_cache = false, connected = false;
  std::string error;
};

SourceState ReadSource(const std::string& json) {
  SourceState out;
  Diagnostics diags;
  std::optional<JsonValue> doc = ParseJson(json, "stats", &diags);
  const JsonValue* source = doc ? doc->Find("source") : nullptr;
  if (source == nullptr) return out;
  auto text = [&](const char* key) {
    const JsonValue* v = source->Find(key);
    return v != nullptr && v->is_string() ? v->string_value() : std::string();
  };
  auto flag = [&](const char* key) {
    const JsonValue* v = source->Find(key);
    return v != nullptr && v->is_bool() && v->bool_value();
  };
  out.kind = text("kind");
  out.bundle = text("bundle");
  out.hash = text("content_hash");
  out.attempted = text("attempted_bundle");
  out.error = text("last_load_error");
  out.ok = flag("last_load_ok");
  out.from_cache = flag("from_cache");
  out.connected = flag("connected");
  return out;
}

}  // namespace

std::string DescribeRulesSource(const std::string& stats_json) {
  const SourceState s = ReadSource(stats_json);
  if (s.kind != "zookeeper") return "";
  return absl::StrCat("rules from ZooKeeper: ", s.bundle, " (sha256 ", s.hash.substr(0, 12), ")",
                      s.from_cache ? ", from the plugin's cache: " : ", ",
                      s.connected ? "ZooKeeper is connected" : "ZooKeeper is not connected");
}

absl::Status BundleSteps::Connect() {
  if (store_ != nullptr) return absl::OkStatus();
  absl::StatusOr<BundleSource> source = ParseBundleUri(uri_);
  if (!source.ok()) {
    return absl::FailedPreconditionError(
        "bundle steps need the plugin's rules from ZooKeeper (--rules zk://...)");
  }
  ZkClient::Options options;
  options.hosts = source->hosts;
  options.session_timeout_ms = source->session_timeout_ms;
  absl::StatusOr<std::unique_ptr<ZkClient>> zk = ZkClient::Start(options);
  if (!zk.ok()) return zk.status();
  if (absl::Status s = (*zk)->WaitConnected(absl::Now() + absl::Seconds(30)); !s.ok()) return s;
  zk_ = *std::move(zk);
  store_ = std::make_unique<BundleStore>(zk_.get(), *source, absl::Seconds(30), Limits());
  return absl::OkStatus();
}

std::string BundleSteps::AwaitOutcome(const std::string& bundle,
                                      const std::function<std::string()>& stats_json) {
  const absl::Time start = absl::Now();
  SourceState s;
  while (absl::Now() - start < absl::Seconds(60)) {
    s = ReadSource(stats_json());
    if (s.bundle == bundle && s.ok) {
      return absl::StrCat("  the plugin runs ", bundle, " (after ",
                          absl::ToInt64Milliseconds(absl::Now() - start), " ms)");
    }
    if (s.attempted == bundle && !s.ok) {
      return absl::StrCat("  the plugin did not take ", bundle, "; ",
                          s.bundle.empty() ? "no rules are" : s.bundle + " stays",
                          " in force:\n    ", Indent(s.error));
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  return absl::StrCat("  the plugin did not report on ", bundle, " within 60 s (it runs ",
                      s.bundle.empty() ? "no rules" : s.bundle, ")");
}

std::vector<std::string> BundleSteps::Run(const ScenarioStep& step,
                                          const std::function<std::string()>& stats_json,
                                          std::istream& in) {
  if (step.kind == ScenarioStep::Kind::kWait) {
    std::string line;
    const bool got = static_cast<bool>(std::getline(in, line));
    return {got ? absl::StrCat("  resumed (", step.wait_for, ")")
                : absl::StrCat("  stdin closed; going on (", step.wait_for, ")")};
  }
  if (absl::Status s = Connect(); !s.ok()) return {absl::StrCat("  not run: ", s.message())};
  BundleInfo info;
  info.author = "meta_sim";
  info.message = step.message;
  std::string name;
  std::string done;
  switch (step.kind) {
    case ScenarioStep::Kind::kPush: {
      const Limits limits;
      absl::StatusOr<bundles::Bundle> bundle =
          BuildBundle(Absolute(step.rules_path), Absolute(step.shadow_path),
                      DiskFileReader(limits.max_file_bytes), info, limits);
      if (!bundle.ok())
        return {absl::StrCat("  push refused:\n    ", Indent(bundle.status().message()))};
      absl::StatusOr<BundleStore::PushResult> pushed = store_->Push(*bundle);
      if (absl::IsAborted(pushed.status())) {
        // Another push won: wait for the plugin to run that one, as the next steps will.
        absl::StatusOr<BundleStore::Current> winner = store_->ReadCurrent();
        std::vector<std::string> out = {
            absl::StrCat("  push lost the race: ", pushed.status().message())};
        if (winner.ok()) out.push_back(AwaitOutcome(winner->name, stats_json));
        return out;
      }
      if (!pushed.ok()) return {absl::StrCat("  push failed: ", pushed.status().message())};
      name = pushed->name;
      done = absl::StrCat("  pushed ", name, " (sha256 ", bundle->content_hash().substr(0, 12),
                          "), replacing ", pushed->previous.empty() ? "nothing" : pushed->previous);
      break;
    }
    case ScenarioStep::Kind::kPushUnchecked: {
      absl::StatusOr<std::string> text =
          ReadWholeFileBounded(step.rules_path, Limits().max_file_bytes);
      if (!text.ok()) return {absl::StrCat("  not run: ", text.status().message())};
      const std::string file = step.rules_path.substr(step.rules_path.rfind('/') + 1);
      info.message = "written by hand";
      absl::StatusOr<BundleStore::Current> current = store_->ReadCurrent();
      absl::StatusOr<std::string> stored =
          current.ok() ? store_->Store(PackBundle({{file, *text}}, file, "", info))
                       : absl::StatusOr<std::string>(current.status());
      absl::Status moved =
          stored.ok() ? store_->MoveCurrent(*stored, current->version) : stored.status();
      if (!moved.ok()) return {absl::StrCat("  failed: ", moved.message())};
      name = *stored;
      done = absl::StrCat("  wrote ", name, " (", file, ", not loaded first) and put it in force");
      break;
    }
    case ScenarioStep::Kind::kRollback: {
      absl::StatusOr<BundleStore::RollbackResult> back = store_->Rollback(step.rollback_to);
      if (!back.ok()) return {absl::StrCat("  rollback refused: ", back.status().message())};
      name = back->to;
      done = absl::StrCat("  rolled back from ", back->from, " to ", back->to);
      break;
    }
    default:
      return {"  not a bundle step"};
  }
  return {done, AwaitOutcome(name, stats_json)};
}

}  // namespace dupready
