// Copyright 2026 The dupready Authors.
//
// bundle.h: a rule bundle, the unit ZooKeeper stores and every plugin loads: a root rule file,
// every file it extends, optionally a shadow root and its files, with a content hash and who
// made it, why and when (bundle.proto).
//
//   FileReader disk = ...;                       // how the files are read (the CLI: from disk)
//   BundleInfo info{"alice", "raise min replicas", absl::Now()};
//   absl::StatusOr<bundles::Bundle> b =
//       BuildBundle("/etc/dupready/site.rules", "", disk, info, Limits());
//   // b->root == "site.rules", b->files = {default.rules, site.rules}, b->content_hash = ...
//   std::string bytes = EncodeBundle(*b);
//   absl::StatusOr<bundles::Bundle> back = DecodeBundle(bytes, Limits());  // validated
//   absl::StatusOr<LoadedBundle> rules = LoadBundle(*back, Limits());     // as the plugin does
//
// Paths inside a bundle are relative to the deepest directory that holds all of its files, so
// `extend "../common.rules"` keeps working; a file that extends an absolute path cannot be
// bundled (BuildBundle says so). Loading is RuleSet::Load over a FileReader that serves only
// the bundle's files, followed by the same refusal as the plugin's of rules that put no rule
// in force.

#ifndef DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_H_
#define DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "engine/common/limits.h"
#include "engine/loader/loader.h"
#include "engine/rule_set.h"
#include "meta_integration/bundles/bundle.pb.h"

namespace dupready {

inline constexpr uint32_t kBundleFormat = 1;
// The version of dupready recorded in every bundle and meta report this build writes.
extern const char kDupreadyVersion[];

inline constexpr size_t kMaxBundleAuthorBytes = 256;
inline constexpr size_t kMaxBundleMessageBytes = 4096;
inline constexpr size_t kMaxBundlePathBytes = 1024;

struct BundleInfo {
  std::string author;
  std::string message;
  absl::Time created = absl::Now();
};

// Reads `root_path` (and `shadow_path` unless empty) and every file they extend through
// `read`, loads them as the engine would, packs them with `info`, and checks that the result
// loads as a bundle (LoadBundle). Errors: the loader's (InvalidArgument, every issue located),
// the reader's, or InvalidArgument for what cannot be bundled (an absolute `extend`, a path
// that is not UTF-8, a message over kMaxBundleMessageBytes, ...).
absl::StatusOr<bundles::Bundle> BuildBundle(const std::string& root_path,
                                            const std::string& shadow_path, const FileReader& read,
                                            const BundleInfo& info, const Limits& limits);

// Packs `files` (bundle path -> content) as they are, with `info` and the content hash,
// without loading them: what BuildBundle does after reading, and what an operator writing a
// bundle by hand produces. The result may not load, or even validate.
bundles::Bundle PackBundle(const std::map<std::string, std::string>& files,
                           const std::string& root, const std::string& shadow_root,
                           const BundleInfo& info);

// SHA-256 (hex) over the bundle's content, each piece written as its decimal length, ':' and
// its bytes: "dupready-bundle", format, root, shadow_root, the number of files, then each
// file's path and content in order. Author, message, time and version are not content.
std::string BundleContentHash(const bundles::Bundle& bundle);

// Checks what a bundle read from anywhere must satisfy: format 1; clean relative paths
// (no '.', '..', empty components, control characters), sorted and unique; root (and
// shadow_root) among the files; at most 2 x limits.max_files files of at most
// limits.max_file_bytes each; strings within their bounds and valid UTF-8; and a content hash
// that matches. InvalidArgument saying which.
absl::Status ValidateBundle(const bundles::Bundle& bundle, const Limits& limits);

// Serializes deterministically.
std::string EncodeBundle(const bundles::Bundle& bundle);

// Parses and validates. InvalidArgument ("not a dupready bundle: ...") for bytes that are not
// one; the caller bounds the size of `bytes` before reading them.
absl::StatusOr<bundles::Bundle> DecodeBundle(absl::string_view bytes, const Limits& limits);

// A FileReader serving exactly the bundle's files (paths normalised as the loader does);
// NotFound, with a hint, for any other path. Keeps a reference to `bundle`.
FileReader BundleFileReader(const bundles::Bundle& bundle);

// The rules a bundle puts in force, and its shadow rules (null without).
struct LoadedBundle {
  std::unique_ptr<const RuleSet> rules;
  std::unique_ptr<const RuleSet> shadow;
};

// RuleSet::Load of root and shadow_root through BundleFileReader. Errors are prefixed "rules: "
// or "shadow rules: "; rules that put no rule in force are refused (FailedPrecondition), as the
// plugin refuses an empty rule file.
absl::StatusOr<LoadedBundle> LoadBundle(const bundles::Bundle& bundle, const Limits& limits);

// A one-line description for listings: hash prefix, time, author, message (control characters
// escaped, the message cut at 80 bytes).
std::string DescribeBundle(const bundles::Bundle& bundle);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_BUNDLES_BUNDLE_H_
