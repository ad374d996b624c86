// Bundles from in-memory rule texts, for tests.
#include "meta_integration/bundles/testing/bundle_testing.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "meta_integration/io/bounded_file.h"

namespace dupready {

namespace {
constexpr char kDir[] = "/in-memory/";
}  // namespace

absl::StatusOr<bundles::Bundle> BundleFromTexts(const std::map<std::string, std::string>& files,
                                                const std::string& root, const std::string& shadow,
                                                const std::string& message) {
  FileReader read = [files](const std::string& path) -> absl::StatusOr<std::string> {
    if (path.rfind(kDir, 0) == 0) {
      auto it = files.find(path.substr(sizeof(kDir) - 1));
      if (it != files.end()) return it->second;
    }
    return absl::NotFoundError(path + ": no such file");
  };
  BundleInfo info;
  info.author = "test";
  info.message = message;
  return BuildBundle(kDir + root, shadow.empty() ? "" : kDir + shadow, read, info, Limits());
}

absl::StatusOr<bundles::Bundle> BundleFromFiles(const std::string& root, const std::string& shadow,
                                                const std::string& message) {
  char cwd[4096];
  if (::getcwd(cwd, sizeof(cwd)) == nullptr) return absl::InternalError("getcwd failed");
  auto absolute = [&](const std::string& p) { return p.empty() ? p : absl::StrCat(cwd, "/", p); };
  BundleInfo info;
  info.author = "test";
  info.message = message;
  return BuildBundle(absolute(root), absolute(shadow), DiskFileReader(Limits().max_file_bytes),
                     info, Limits());
}

bundles::Bundle UncheckedBundle(const std::string& text, const std::string& message) {
  BundleInfo info;
  info.author = "operator";
  info.message = message;
  return PackBundle({{"root.rules", text}}, "root.rules", "", info);
}

}  // namespace dupready
