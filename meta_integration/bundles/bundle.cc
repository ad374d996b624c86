// Rule bundles: packing files read through a FileReader, hashing, validating what comes back
// from ZooKeeper, and loading a bundle with the engine exactly as the plugin does.
#include "meta_integration/bundles/bundle.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "meta_integration/bundles/bundle_uri.h"
#include "meta_integration/bundles/sha256.h"

namespace dupready {

const char kDupreadyVersion[] = "0.1.0";

namespace {

bool IsUtf8(absl::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      extra = 1;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      extra = 2;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      const unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

absl::Status Invalid(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("not a valid bundle: ", what));
}

// A path as the loader names files: "a/./b" and "a/x/../b" become "a/b".
std::string Normalize(const std::string& path) { return ResolveExtendPath("", path); }

absl::Status CheckBundlePath(absl::string_view path) {
  if (path.empty()) return Invalid("a file has an empty path");
  if (path.size() > kMaxBundlePathBytes) {
    return Invalid(absl::StrCat("a file path has ", path.size(), " bytes; the limit is ",
                                kMaxBundlePathBytes));
  }
  if (!IsUtf8(path)) return Invalid("a file path is not UTF-8");
  if (path[0] == '/') return Invalid(absl::StrCat("'", path, "' is absolute"));
  for (absl::string_view part : absl::StrSplit(path, '/')) {
    if (part.empty() || part == "." || part == "..")
      return Invalid(absl::StrCat("'", path, "' has an empty, '.' or '..' component"));
  }
  for (char c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return Invalid(
          absl::StrCat("the path '", absl::CHexEscape(path), "' has control characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckText(absl::string_view name, absl::string_view value, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("the bundle's ", name, " has ", value.size(),
                                                   " bytes; the limit is ", max_bytes));
  }
  if (!IsUtf8(value))
    return absl::InvalidArgumentError(absl::StrCat("the bundle's ", name, " is not UTF-8"));
  return absl::OkStatus();
}

void Piece(Sha256* h, absl::string_view bytes) {
  const std::string len = absl::StrCat(bytes.size(), ":");
  h->Update(std::string_view(len.data(), len.size()));
  h->Update(std::string_view(bytes.data(), bytes.size()));
}

// How many leading path components every file shares as its directory: the bundle's paths
// are what follows. All paths must be absolute, or all relative and inside the current
// directory, for that common directory to be known from the paths alone.
absl::StatusOr<size_t> CommonBase(const std::map<std::string, std::string>& by_normal_path) {
  const std::string& first = by_normal_path.begin()->first;
  const bool absolute = first[0] == '/';
  const std::vector<std::string> head = absl::StrSplit(first, '/', absl::SkipEmpty());
  size_t base = head.size() - 1;
  for (const auto& [path, text] : by_normal_path) {
    if ((path[0] == '/') != absolute ||
        (!absolute && (path == ".." || path.rfind("../", 0) == 0))) {
      return absl::InvalidArgumentError(absl::StrCat("cannot place '", first, "' and '", path,
                                                     "' in one bundle: name the rule files by "
                                                     "absolute paths"));
    }
    const std::vector<std::string> parts = absl::StrSplit(path, '/', absl::SkipEmpty());
    size_t i = 0;
    while (i < base && i + 1 < parts.size() && parts[i] == head[i]) ++i;
    base = i;
  }
  return base;
}

std::string Relative(const std::string& normal_path, size_t base) {
  const std::vector<std::string> parts = absl::StrSplit(normal_path, '/', absl::SkipEmpty());
  return absl::StrJoin(parts.begin() + static_cast<std::ptrdiff_t>(base), parts.end(), "/");
}

std::string Escaped(absl::string_view s, size_t max_bytes) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (out.size() >= max_bytes && (c & 0xc0) != 0x80) {
      out += "...";
      break;
    }
    if (c < 0x20 || c == 0x7f) {
      absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace

bundles::Bundle PackBundle(const std::map<std::string, std::string>& files,
                           const std::string& root, const std::string& shadow_root,
                           const BundleInfo& info) {
  bundles::Bundle bundle;
  bundle.set_format(kBundleFormat);
  bundle.set_root(root);
  bundle.set_shadow_root(shadow_root);
  for (const auto& [path, text] : files) {  // a map: sorted by path
    bundles::BundleFile* f = bundle.add_files();
    f->set_path(path);
    f->set_content(text);
  }
  bundle.set_created_unix_ms(absl::ToUnixMillis(info.created));
  bundle.set_author(info.author);
  bundle.set_message(info.message);
  bundle.set_dupready_version(kDupreadyVersion);
  bundle.set_content_hash(BundleContentHash(bundle));
  return bundle;
}

std::string BundleContentHash(const bundles::Bundle& bundle) {
  Sha256 h;
  Piece(&h, "dupready-bundle");
  Piece(&h, absl::StrCat(bundle.format()));
  Piece(&h, bundle.root());
  Piece(&h, bundle.shadow_root());
  Piece(&h, absl::StrCat(bundle.files_size()));
  for (const bundles::BundleFile& f : bundle.files()) {
    Piece(&h, f.path());
    Piece(&h, f.content());
  }
  return h.HexDigest();
}

absl::Status ValidateBundle(const bundles::Bundle& bundle, const Limits& limits) {
  if (bundle.format() != kBundleFormat) {
    return Invalid(absl::StrCat("format ", bundle.format(), "; this dupready (", kDupreadyVersion,
                                ") reads format ", kBundleFormat));
  }
  const int max_files = 2 * limits.max_files;
  if (bundle.files_size() > max_files)
    return Invalid(absl::StrCat(bundle.files_size(), " files; the limit is ", max_files));
  bool root_found = false, shadow_found = bundle.shadow_root().empty();
  for (int i = 0; i < bundle.files_size(); ++i) {
    const bundles::BundleFile& f = bundle.files(i);
    if (absl::Status s = CheckBundlePath(f.path()); !s.ok()) return s;
    if (i > 0 && !(bundle.files(i - 1).path() < f.path()))
      return Invalid(absl::StrCat("files are not sorted by path, or '", f.path(), "' repeats"));
    if (static_cast<int64_t>(f.content().size()) > limits.max_file_bytes) {
      return Invalid(absl::StrCat("'", f.path(), "' has ", f.content().size(),
                                  " bytes; the limit is ", limits.max_file_bytes));
    }
    root_found = root_found || f.path() == bundle.root();
    shadow_found = shadow_found || f.path() == bundle.shadow_root();
  }
  if (bundle.root().empty()) return Invalid("no root file");
  if (!root_found)
    return Invalid(absl::StrCat("the root '", bundle.root(), "' is not among its files"));
  if (!shadow_found) {
    return Invalid(
        absl::StrCat("the shadow root '", bundle.shadow_root(), "' is not among its files"));
  }
  for (const auto& [name, value, max] :
       {std::make_tuple("author", bundle.author(), kMaxBundleAuthorBytes),
        std::make_tuple("message", bundle.message(), kMaxBundleMessageBytes),
        std::make_tuple("dupready version", bundle.dupready_version(), size_t{64})}) {
    if (absl::Status s = CheckText(name, value, max); !s.ok()) return Invalid(s.message());
  }
  if (!bundle.previous().empty() && !IsValidNodeName(bundle.previous()))
    return Invalid("its previous bundle is not a node name");
  const std::string hash = BundleContentHash(bundle);
  if (bundle.content_hash() != hash) {
    return Invalid(absl::StrCat("the content hash does not match (recorded '",
                                Escaped(bundle.content_hash(), 64), "', computed ", hash, ")"));
  }
  return absl::OkStatus();
}

std::string EncodeBundle(const bundles::Bundle& bundle) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    bundle.SerializeToCodedStream(&coded);
  }
  return out;
}

absl::StatusOr<bundles::Bundle> DecodeBundle(absl::string_view bytes, const Limits& limits) {
  bundles::Bundle bundle;
  if (!bundle.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return Invalid(absl::StrCat("its ", bytes.size(), " bytes do not parse as a bundle"));
  if (absl::Status s = ValidateBundle(bundle, limits); !s.ok()) return s;
  return bundle;
}

FileReader BundleFileReader(const bundles::Bundle& bundle) {
  auto files = std::make_shared<std::map<std::string, std::string>>();
  for (const bundles::BundleFile& f : bundle.files()) files->emplace(f.path(), f.content());
  return [files](const std::string& path) -> absl::StatusOr<std::string> {
    if (!path.empty() && path[0] == '/') {
      return absl::NotFoundError(absl::StrCat(
          path, ": not in the bundle (files in a bundle refer to each other by relative paths)"));
    }
    auto it = files->find(path.empty() ? path : Normalize(path));
    if (it == files->end()) return absl::NotFoundError(absl::StrCat(path, ": not in the bundle"));
    return it->second;
  };
}

absl::StatusOr<LoadedBundle> LoadBundle(const bundles::Bundle& bundle, const Limits& limits) {
  const FileReader read = BundleFileReader(bundle);
  LoadedBundle out;
  absl::StatusOr<std::unique_ptr<const RuleSet>> rules = RuleSet::Load(bundle.root(), read, limits);
  if (!rules.ok()) {
    return absl::Status(rules.status().code(), absl::StrCat("rules: ", rules.status().message()));
  }
  out.rules = *std::move(rules);
  if (!bundle.shadow_root().empty()) {
    absl::StatusOr<std::unique_ptr<const RuleSet>> shadow =
        RuleSet::Load(bundle.shadow_root(), read, limits);
    if (!shadow.ok()) {
      return absl::Status(shadow.status().code(),
                          absl::StrCat("shadow rules: ", shadow.status().message()));
    }
    out.shadow = *std::move(shadow);
  }
  return out;
}

absl::StatusOr<bundles::Bundle> BuildBundle(const std::string& root_path,
                                            const std::string& shadow_path, const FileReader& read,
                                            const BundleInfo& info, const Limits& limits) {
  if (root_path.empty()) return absl::InvalidArgumentError("no rule file was given");
  if (absl::Status s = CheckText("author", info.author, kMaxBundleAuthorBytes); !s.ok()) return s;
  if (absl::Status s = CheckText("message", info.message, kMaxBundleMessageBytes); !s.ok())
    return s;
  // Every file the loads read, by the path the loader gave, with its text.
  std::map<std::string, std::string> seen;
  const FileReader recording = [&](const std::string& path) -> absl::StatusOr<std::string> {
    absl::StatusOr<std::string> text = read(path);
    if (!text.ok()) return text;
    auto [it, fresh] = seen.emplace(path, *text);
    if (!fresh && it->second != *text)
      return absl::UnavailableError(absl::StrCat(path, ": changed while it was being bundled"));
    return text;
  };
  for (const auto& [path, label] :
       {std::make_pair(root_path, "rules: "), std::make_pair(shadow_path, "shadow rules: ")}) {
    if (path.empty()) continue;
    absl::StatusOr<std::unique_ptr<const RuleSet>> loaded = RuleSet::Load(path, recording, limits);
    if (!loaded.ok()) {
      return absl::Status(loaded.status().code(), absl::StrCat(label, loaded.status().message()));
    }
  }
  // One text per file, whatever name it was reached by.
  std::map<std::string, std::string> by_normal_path;
  for (const auto& [path, text] : seen) {
    auto [it, fresh] = by_normal_path.emplace(Normalize(path), text);
    if (!fresh && it->second != text)
      return absl::UnavailableError(absl::StrCat(path, ": changed while it was being bundled"));
  }
  absl::StatusOr<size_t> base = CommonBase(by_normal_path);
  if (!base.ok()) return base.status();
  auto place = [&](const std::string& path) {
    return path.empty() ? std::string() : Relative(Normalize(path), *base);
  };

  std::map<std::string, std::string> files;
  for (const auto& [path, text] : by_normal_path) files.emplace(place(path), text);
  const bundles::Bundle bundle = PackBundle(files, place(root_path), place(shadow_path), info);
  if (absl::Status s = ValidateBundle(bundle, limits); !s.ok()) return s;
  absl::StatusOr<LoadedBundle> loaded = LoadBundle(bundle, limits);
  if (!loaded.ok()) {
    return absl::Status(
        loaded.status().code(),
        absl::StrCat("the files load, but not as a bundle: ", loaded.status().message()));
  }
  return bundle;
}

std::string DescribeBundle(const bundles::Bundle& bundle) {
  return absl::StrCat(
      bundle.content_hash().substr(0, 12), "  ",
      absl::FormatTime("%Y-%m-%d %H:%M:%S UTC", absl::FromUnixMillis(bundle.created_unix_ms()),
                       absl::UTCTimeZone()),
      "  ", bundle.author().empty() ? "(unknown)" : Escaped(bundle.author(), 40), "  ",
      Escaped(bundle.message(), 80));
}

}  // namespace dupready
