// meta_sim: replays a scenario through the DS_APP -> DS_LOG gate and the dlopen'ed plugin, the
// way a Pegasus meta server would drive them, printing every check and status change.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "engine/common/strings.h"
#include "meta_integration/host/dupready_host.h"
#include "meta_integration/metaserver/bundle_steps.h"
#include "meta_integration/metaserver/duplication_gate.h"
#include "meta_integration/metaserver/meta_storage.h"
#include "meta_integration/io/bounded_file.h"
#include "meta_integration/metaserver/scenario.h"

namespace dupready {
namespace {

constexpr char kUsage[] =
    "usage: meta_sim --plugin SO --rules FILE|zk://... --scenario FILE [--shadow-rules FILE]\n"
    "                [--required-stable-checks N] [--storage-dir DIR]\n"
    "\n"
    "Replays FILE's steps (follower replies, RPC errors, status changes, storage failures,\n"
    "rule reloads; with rules from ZooKeeper also pushes, rollbacks and waits) through the\n"
    "DS_APP -> DS_LOG gate with the plugin SO loaded by dlopen, printing each check and\n"
    "status change. --required-stable-checks overrides the\n"
    "scenario's; --storage-dir stores the duplication in files there instead of memory.\n"
    "Exit status: 0 when the scenario ran (whatever the verdicts), 1 for a usage or scenario\n"
    "error.\n";

struct Flags {
  std::string plugin, rules, shadow_rules, scenario, storage_dir;
  int required_stable_checks = 0;  // 0: the scenario's
};

bool ParseFlags(int argc, char** argv, Flags* f, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg.resize(eq);
    } else if (arg != "--help" && arg != "-h") {
      if (i + 1 >= argc) {
        *error = absl::StrCat(arg, " needs a value");
        return false;
      }
      value = argv[++i];
    }
    if (arg == "--plugin") f->plugin = value;
    else if (arg == "--rules") f->rules = value;
    else if (arg == "--shadow-rules") f->shadow_rules = value;
    else if (arg == "--scenario") f->scenario = value;
    else if (arg == "--storage-dir") f->storage_dir = value;
    else if (arg == "--required-stable-checks") {
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 1000000) {
        *error = "--required-stable-checks must be an integer >= 1";
        return false;
      }
      f->required_stable_checks = static_cast<int>(n);
    } else {
      *error = arg == "--help" || arg == "-h" ? "" : absl::StrCat("unknown flag ", arg);
      return false;
    }
  }
  if (f->plugin.empty() || f->rules.empty() || f->scenario.empty()) {
    *error = "--plugin, --rules and --scenario are required";
    return false;
  }
  return true;
}

const char* LevelTag(int level) { return level == 2 ? "E" : level == 1 ? "W" : "I"; }

std::string Describe(const host::Verdict& v) {
  if (v.ready) return "ready";
  std::string s = absl::StrCat("not ready: ", v.error);
  if (!v.rule.empty()) absl::StrAppend(&s, ", rule ", v.rule);
  if (v.partition >= 0) absl::StrAppend(&s, ", partition ", v.partition);
  return absl::StrCat(s, ": ", v.message);
}

int Run(const Flags& flags) {
  absl::StatusOr<std::string> text = ReadWholeFileBounded(flags.scenario, 64 << 20);
  if (!text.ok()) {
    std::fprintf(stderr, "meta_sim: %s\n", std::string(text.status().message()).c_str());
    return 1;
  }
  absl::StatusOr<Scenario> scenario = ParseScenario(*text, flags.scenario);
  if (!scenario.ok()) {
    std::fprintf(stderr, "%s\n", std::string(scenario.status().message()).c_str());
    return 1;
  }
  auto say = [](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  };

  say(absl::StrCat("scenario ", flags.scenario,
                   scenario->description.empty() ? "" : ": ", scenario->description));
  // Loaded the way a meta server loads it: through dupready_host.h.
  std::shared_ptr<const host::Plugin> library;
  std::unique_ptr<host::Checker> plugin;
  std::string unavailable;
  if (host::Plugin::Load(flags.plugin, &library, &unavailable) &&
      host::Checker::Open(library, flags.rules, flags.shadow_rules, &plugin, &unavailable)) {
    plugin->SetLogger([&say](int level, const char* msg) {
      say(absl::StrCat("  [plugin ", LevelTag(level), "] ",
                       absl::StrReplaceAll(msg, {{"\n", "\n    "}})));
    });
    say(absl::StrCat("plugin ", flags.plugin, " loaded; rules ", flags.rules,
                     flags.shadow_rules.empty() ? "" : ", shadow rules ", flags.shadow_rules));
    std::string stats;
    if (plugin->StatsJson(&stats)) {
      if (std::string source = DescribeRulesSource(stats); !source.empty()) say(source);
    }
  } else {
    if (unavailable.empty()) unavailable = "out of memory";
    say(absl::StrCat("plugin not available, the gate will never advance: ", unavailable));
  }
  PluginReadiness readiness(plugin.get());

  InMemoryMetaStorage memory;
  std::unique_ptr<FileMetaStorage> files;
  if (!flags.storage_dir.empty()) files = std::make_unique<FileMetaStorage>(flags.storage_dir);
  FaultInjectingMetaStorage storage(files ? static_cast<MetaStorage*>(files.get()) : &memory);

  GateOptions options;
  options.required_stable_checks = flags.required_stable_checks > 0
                                       ? flags.required_stable_checks
                                       : scenario->required_stable_checks;
  DuplicationGate gate(plugin != nullptr ? &readiness : nullptr, unavailable, &storage, options,
                       [&](GateLogLevel level, const std::string& msg) {
                         say(absl::StrCat("  [", LevelTag(static_cast<int>(level)), "] ", msg));
                       });
  Duplication dup(scenario->dup, scenario->status, scenario->fail_mode);
  const DupContext& c = dup.context();
  say(absl::StrCat("duplication ", c.dup_id, ": ", c.app_name, " -> ", c.remote_cluster_name, ".",
                   c.remote_app_name, ", ", c.partition_count, " partitions, remote_replica_count ",
                   c.remote_replica_count, ", status ", DupStatusName(dup.status()),
                   ", required stable checks ", options.required_stable_checks));

  BundleSteps bundle_steps(flags.rules);
  int number = 0, checks = 0;
  for (const ScenarioStep& step : scenario->steps) {
    for (int r = 0; r < step.repeat; ++r) {
      std::string head = absl::StrCat("step ", ++number, " (line ", step.line);
      if (step.at_ms >= 0) absl::StrAppend(&head, ", t=", step.at_ms, "ms");
      absl::StrAppend(&head, ")");
      if (!step.note.empty() && r == 0) absl::StrAppend(&head, " [", step.note, "]");
      const DupStatus before = dup.status();
      switch (step.kind) {
        case ScenarioStep::Kind::kCheck: {
          std::string what = absl::StrCat(head, " check #", ++checks, ": rpc_err ", step.rpc_err);
          if (!step.reply_name.empty()) {
            absl::StrAppend(&what, ", reply '", step.reply_name, "' (", step.partitions,
                            " partitions, ", step.reply.size(), " bytes",
                            step.truncated_to >= 0 ? ", truncated" : "", ")");
          }
          if (dup.status() != DupStatus::kApp) {
            say(absl::StrCat(what, ": skipped, the duplication is in ",
                             DupStatusName(dup.status()), " (only DS_APP waits for the follower)"));
            break;
          }
          say(what);
          GateOutcome o = gate.OnFollowerReply(&dup, step.rpc_err, step.reply);
          if (o.checked) {
            say(absl::StrCat("  verdict: ", Describe(o.verdict), " (ready ", o.stable_checks,
                             " in a row)"));
          }
          break;
        }
        case ScenarioStep::Kind::kAlter: {
          std::string why;
          std::string_view err = ChangeStatus(&dup, step.alter_to, &storage, &why);
          say(absl::StrCat(head, " alter ", DupStatusName(before), " -> ",
                           DupStatusName(step.alter_to), ": ", Av(err), why.empty() ? "" : " (",
                           why, why.empty() ? "" : ")"));
          break;
        }
        case ScenarioStep::Kind::kPersistFails:
          storage.FailNextSets(step.persist_fails);
          say(absl::StrCat(head, " meta storage: the next ", step.persist_fails,
                           " write(s) will fail"));
          break;
        case ScenarioStep::Kind::kPush:
        case ScenarioStep::Kind::kPushUnchecked:
        case ScenarioStep::Kind::kRollback:
        case ScenarioStep::Kind::kWait: {
          const char* kind = step.kind == ScenarioStep::Kind::kPush          ? "push"
                             : step.kind == ScenarioStep::Kind::kPushUnchecked ? "push_unchecked"
                             : step.kind == ScenarioStep::Kind::kRollback      ? "rollback"
                                                                               : "wait";
          std::string what = step.kind == ScenarioStep::Kind::kRollback
                                 ? (step.rollback_to.empty() ? "to the previous bundle"
                                                             : step.rollback_to)
                             : step.kind == ScenarioStep::Kind::kWait ? step.wait_for
                                                                      : step.rules_path;
          say(absl::StrCat(head, " ", kind, " ", what));
          if (plugin == nullptr && step.kind != ScenarioStep::Kind::kWait) {
            say("  no plugin loaded: nothing would take the bundle");
            break;
          }
          for (const std::string& line : bundle_steps.Run(
                   step,
                   [&] {
                     std::string stats;
                     if (plugin != nullptr) plugin->StatsJson(&stats);
                     return stats;
                   },
                   std::cin)) {
            say(line);
          }
          break;
        }
        case ScenarioStep::Kind::kReload: {
          std::string what = step.reload_same
                                 ? std::string("reload the same rule files")
                                 : absl::StrCat("reload rules ", step.rules_path,
                                                step.shadow_path.empty() ? "" : ", shadow ",
                                                step.shadow_path);
          say(absl::StrCat(head, " ", what));
          if (plugin == nullptr) {
            say("  no plugin loaded: nothing to reload");
            break;
          }
          std::string why;
          const bool ok = step.reload_same
                              ? plugin->Reload(&why)
                              : plugin->ReloadFrom(step.rules_path, step.shadow_path, &why);
          say(ok ? std::string("  reload: ok, the new rules are in force")
                 : absl::StrCat("  reload failed, the rules in force stay:\n    ",
                                absl::StrReplaceAll(why, {{"\n", "\n    "}})));
          break;
        }
      }
      say(dup.status() == before
              ? absl::StrCat("  status: ", DupStatusName(dup.status()), " (unchanged)")
              : absl::StrCat("  status: ", DupStatusName(before), " -> ",
                             DupStatusName(dup.status())));
    }
  }
  say(absl::StrCat("final status: ", DupStatusName(dup.status())));
  std::string stats;
  if (plugin != nullptr && plugin->StatsJson(&stats)) say(absl::StrCat("plugin stats: ", stats));
  return 0;
}

}  // namespace
}  // namespace dupready

int main(int argc, char** argv) {
  dupready::Flags flags;
  std::string error;
  if (!dupready::ParseFlags(argc, argv, &flags, &error)) {
    if (!error.empty()) std::fprintf(stderr, "meta_sim: %s\n\n", error.c_str());
    std::fputs(dupready::kUsage, error.empty() ? stdout : stderr);
    return error.empty() ? 0 : 1;
  }
  return dupready::Run(flags);
}
