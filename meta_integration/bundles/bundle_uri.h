// Copyright 2026 The dupready Authors.
//
// bundle_uri.h: where a plugin or a CLI command finds rule bundles, written as a URI.
//
//   zk://HOST:PORT[,HOST:PORT...]/PATH[?KEY=VALUE[&KEY=VALUE...]]
//
//   absl::StatusOr<BundleSource> src =
//       ParseBundleUri("zk://10.0.0.1:2181,10.0.0.2:2181/pegasus/c1/dupready?cache=/var/dupready");
//   // src->hosts == "10.0.0.1:2181,10.0.0.2:2181", src->path == "/pegasus/c1/dupready",
//   // src->cache_dir == "/var/dupready"
//
// Keys (each at most once; values are taken literally, without percent-decoding):
//   cache=DIR               keep the last good bundle in DIR (the plugin starts from it while
//                           ZooKeeper cannot be reached)
//   session_timeout_ms=N    the ZooKeeper session timeout asked for, 100..600000 (default 10000)
//   connect_timeout_ms=N    how long opening waits for ZooKeeper before it falls back on the
//                           cache or fails, 100..600000 (default 10000)
//   id=NAME                 the plugin's node under PATH/metas ([A-Za-z0-9._:-], at most 128)
//
// HOST is a name or IPv4 address ([A-Za-z0-9._-]) or a bracketed IPv6 address; PATH has one or
// more components of [A-Za-z0-9._-] (not "." or ".."). A mistake is InvalidArgument naming the
// column, with the URI and a caret under the spot.

#ifndef DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_URI_H_
#define DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_URI_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dupready {

struct BundleSource {
  std::string uri;        // as written
  std::string hosts;      // "host:port[,host:port...]", for ZkClient::Options::hosts
  std::string path;       // "/a/b", no trailing '/'
  std::string cache_dir;  // "" without a cache
  int session_timeout_ms = 10000;
  int connect_timeout_ms = 10000;
  std::string meta_id;  // "" : the plugin picks host:pid:n

  std::string bundles_path() const { return path + "/bundles"; }
  std::string current_path() const { return path + "/current"; }
  std::string metas_path() const { return path + "/metas"; }
};

// True when `s` starts with "zk://": the caller means a bundle source, not a file.
bool IsBundleUri(absl::string_view s);

absl::StatusOr<BundleSource> ParseBundleUri(absl::string_view uri);

// True for a valid meta id or bundle name component ([A-Za-z0-9._:-]{1,128}, not "." or "..").
bool IsValidNodeName(absl::string_view name);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_URI_H_
