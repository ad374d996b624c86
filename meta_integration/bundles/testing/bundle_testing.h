// Copyright 2026 The dupready Authors.
//
// bundle_testing.h (tests only): bundles made from rule texts held in memory.
//
//   absl::StatusOr<bundles::Bundle> b = BundleFromTexts(
//       {{"base.rules", kRulesBase}, {"site.rules", "extend \"base.rules\"\n..."}},
//       "site.rules", "", "a message");
//
// The files live under a pretend absolute directory, so bundle paths are the names given.

#ifndef DUPREADY_META_INTEGRATION_BUNDLES_TESTING_BUNDLE_TESTING_H_
#define DUPREADY_META_INTEGRATION_BUNDLES_TESTING_BUNDLE_TESTING_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "meta_integration/bundles/bundle.h"

namespace dupready {

// One table rule: the RPC must have succeeded (everything else is ready).
inline constexpr char kRulesCallOk[] =
    "table remote_call_ok:\n"
    "  require rpc_err == ERR_OK\n"
    "  else rpc_err \"call failed: {rpc_err}\"\n";

// A rule file that fails to load (an unknown error code), located at line 3.
inline constexpr char kRulesBroken[] =
    "table remote_call_ok:\n"
    "  require rpc_err == ERR_OK\n"
    "  else ERR_NO_SUCH_CODE \"call failed\"\n";

absl::StatusOr<bundles::Bundle> BundleFromTexts(const std::map<std::string, std::string>& files,
                                                const std::string& root,
                                                const std::string& shadow = "",
                                                const std::string& message = "test");

// A bundle of rule files on disk, named relative to the current directory (in a test, the
// runfiles root: "rules/default.rules").
absl::StatusOr<bundles::Bundle> BundleFromFiles(const std::string& root,
                                                const std::string& shadow = "",
                                                const std::string& message = "test");

// A bundle whose single file is `text`, named root.rules, built without loading it (for
// bundles that do not load, written to ZooKeeper directly as an operator bypassing `push`).
bundles::Bundle UncheckedBundle(const std::string& text, const std::string& message = "by hand");

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_BUNDLES_TESTING_BUNDLE_TESTING_H_
