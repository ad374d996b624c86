// Copyright 2026 The dupready Authors.
//
// bundle_store.h: rule bundles in ZooKeeper, under the path of a zk:// URI:
//
//   PATH/bundles/bundle-NNNNNNNNNN   one bundle each (persistent sequential nodes, never changed)
//   PATH/current                     the name of the bundle in force ("" before the first push)
//   PATH/metas/<id>                  what each plugin instance runs (ephemeral MetaReport nodes)
//
//   BundleStore store(zk.get(), *ParseBundleUri(uri), absl::Seconds(10), Limits());
//   absl::StatusOr<PushResult> pushed = store.Push(*BuildBundle(...));
//   // pushed->name == "bundle-0000000012"; Aborted when another push moved `current` first:
//   // the message names the bundle that won, and this one stays in history, not in force.
//
// `current` only ever moves by compare-and-set on its node version, so two operators acting
// at once never overwrite each other silently. Everything read back is bounded (ZkClient's node
// limit) and validated (DecodeBundle); malformed nodes are errors naming the node.

#ifndef DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_STORE_H_
#define DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "engine/common/limits.h"
#include "meta_integration/bundles/bundle.h"
#include "meta_integration/bundles/bundle.pb.h"
#include "meta_integration/bundles/bundle_uri.h"
#include "meta_integration/zk/zk_client.h"

namespace dupready {

// "bundle-" and ten digits: the names ZooKeeper gives the sequential nodes.
bool IsBundleName(absl::string_view name);

// ResourceExhausted, with the size, when the encoded bundle is over ZooKeeper's node limit.
absl::Status CheckBundleFitsNode(const bundles::Bundle& bundle);

class BundleStore {
 public:
  // `zk` must outlive the store. Every call waits at most `timeout`.
  BundleStore(ZkClient* zk, BundleSource source, absl::Duration timeout, Limits limits);

  const BundleSource& source() const { return source_; }

  // Creates PATH, PATH/bundles, PATH/metas and an empty PATH/current when missing.
  absl::Status InitLayout();

  struct Current {
    std::string name;     // "" when no bundle was ever pushed
    int32_t version = 0;  // of the node: the compare-and-set token
  };
  // NotFound before InitLayout; InvalidArgument when the node holds something that is not a
  // bundle name. With `watch`, a change of `current` is reported as a ZkEvent.
  absl::StatusOr<Current> ReadCurrent(bool watch = false);

  // The bundle `name`, decoded and validated; NotFound when there is no such node.
  absl::StatusOr<bundles::Bundle> ReadBundle(const std::string& name);
  // Every bundle's name, oldest first. Nodes that are not bundle names are left out.
  absl::StatusOr<std::vector<std::string>> ListBundles();

  struct PushResult {
    std::string name;      // the new bundle, now in force
    std::string previous;  // the bundle it replaced ("" for the first)
  };
  // Records the bundle in force as `previous`, stores the bundle and moves `current` to it.
  // ResourceExhausted when the encoded bundle is over ZooKeeper's node limit (with its size).
  // Aborted when `current` moved between reading and setting it: the message names the
  // bundle now in force and this one's name (kept in history, not in force).
  absl::StatusOr<PushResult> Push(bundles::Bundle bundle);

  // Stores a bundle without moving `current`; returns its name.
  absl::StatusOr<std::string> Store(const bundles::Bundle& bundle);

  // Sets `current` to `name` if it is still at `expected_version`; Aborted naming the bundle in
  // force otherwise.
  absl::Status MoveCurrent(const std::string& name, int32_t expected_version);

  struct RollbackResult {
    std::string from;
    std::string to;
  };
  // Moves `current` back to `to`, or (to == "") to the bundle the one in force records as its
  // previous; when that is unknown (a bundle written by hand) or unreadable, to the newest
  // older bundle that loads. The target must load (LoadBundle) or nothing moves.
  absl::StatusOr<RollbackResult> Rollback(const std::string& to);

  struct MetaEntry {
    std::string id;
    absl::StatusOr<bundles::MetaReport> report;  // not OK: the node is malformed
    int64_t session = 0;                         // the owner's ZooKeeper session
  };
  // Every plugin instance's report, sorted by id. A node that vanishes meanwhile is left out.
  absl::StatusOr<std::vector<MetaEntry>> ListMetas();

  // Creates or replaces PATH/metas/<report.id> as an ephemeral node of this client's session
  // (a node left by an earlier session of the same id is deleted first).
  absl::Status WriteMetaReport(const bundles::MetaReport& report);

 private:
  absl::Time Deadline() const { return absl::Now() + timeout_; }
  std::string BundlePath(const std::string& name) const {
    return source_.bundles_path() + "/" + name;
  }

  ZkClient* const zk_;
  const BundleSource source_;
  const absl::Duration timeout_;
  const Limits limits_;
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_STORE_H_
