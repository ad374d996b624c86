// Copyright 2026 The dupready Authors.
//
// bundle_cache.h: the plugin's local copy of the last bundle that loaded (cache=DIR in a
// zk:// URI), so that a meta server restarted while ZooKeeper is down starts from it.
//
//   absl::Status s = WriteBundleCache(source, "bundle-0000000012", bundle);
//   absl::StatusOr<CachedBundle> c = ReadBundleCache(source, Limits());
//   // c->name == "bundle-0000000012", c->bundle validated like any bundle
//
// One file per ZooKeeper path in DIR, named after the path (/pegasus/c1/dupready ->
// DIR/pegasus_c1_dupready.bundle), holding a CachedBundle proto that also records the hosts
// and path: a cache written for another source is refused. Written to a temporary file, then
// renamed into place, so a reader sees the old cache or the new one.

#ifndef DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_CACHE_H_
#define DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_CACHE_H_

#include <string>

#include "absl/status/statusor.h"
#include "engine/common/limits.h"
#include "meta_integration/bundles/bundle.pb.h"
#include "meta_integration/bundles/bundle_uri.h"

namespace dupready {

struct CachedBundle {
  std::string name;
  bundles::Bundle bundle;
};

// The cache file for `source` ("" when the source has no cache directory).
std::string BundleCachePath(const BundleSource& source);

// REQUIRES: source.cache_dir is not empty. Creates the directory when missing.
absl::Status WriteBundleCache(const BundleSource& source, const std::string& name,
                              const bundles::Bundle& bundle);

// NotFound when there is no cache file; InvalidArgument for a file that is not a valid cache
// of this source (the message says why). Reads at most ZooKeeper's node limit and some.
absl::StatusOr<CachedBundle> ReadBundleCache(const BundleSource& source, const Limits& limits);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_CACHE_H_
