// Copyright 2026 The dupready Authors.
//
// bundle_steps.h: meta_sim's scenario steps on rule bundles in ZooKeeper, run against the
// zk:// source the plugin was opened on (--rules zk://...):
//
//   BundleSteps steps("zk://127.0.0.1:2181/pegasus/c1/dupready");
//   for (const std::string& line : steps.Run(step, [&] { return plugin->StatsJson(); }))
//     say(line);
//   //   push rules/default.rules: bundle-0000000004 (sha256 3f2a9c1b4e5d) in force after 31 ms
//
// push: builds the bundle as `dupready push` does and puts it in force; push_unchecked: stores
// a rule file as a bundle without loading it, and puts it in force (an operator bypassing
// push); rollback: as `dupready rollback`; wait: says what it waits for and reads one line
// from stdin (a test driving meta_sim stops or starts ZooKeeper meanwhile). After a push,
// push_unchecked or rollback, it waits (up to 60 s) until the plugin's stats show the bundle
// in force or its failed load, and says which, so the next step sees the outcome.

#ifndef DUPREADY_META_INTEGRATION_METASERVER_BUNDLE_STEPS_H_
#define DUPREADY_META_INTEGRATION_METASERVER_BUNDLE_STEPS_H_

#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "meta_integration/bundles/bundle_store.h"
#include "meta_integration/metaserver/scenario.h"
#include "meta_integration/zk/zk_client.h"

namespace dupready {

// For a plugin on a zk:// source, one line on where its rules come from, read from its
// dupready_stats_json: the bundle, its hash, and whether it runs from its cache (as after a
// start while ZooKeeper is down). "" for rules from files.
std::string DescribeRulesSource(const std::string& stats_json);

class BundleSteps {
 public:
  explicit BundleSteps(std::string rules_uri) : uri_(std::move(rules_uri)) {}

  // Runs a kPush, kPushUnchecked, kRollback or kWait step; returns the lines to print.
  // `stats_json` reads the plugin's dupready_stats_json.
  std::vector<std::string> Run(const ScenarioStep& step,
                               const std::function<std::string()>& stats_json, std::istream& in);

 private:
  absl::Status Connect();
  // Waits until the plugin's stats name `bundle` as in force, or as the failed last attempt;
  // describes which (and how long it took).
  std::string AwaitOutcome(const std::string& bundle,
                           const std::function<std::string()>& stats_json);

  const std::string uri_;
  std::unique_ptr<ZkClient> zk_;
  std::unique_ptr<BundleStore> store_;
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_METASERVER_BUNDLE_STEPS_H_
