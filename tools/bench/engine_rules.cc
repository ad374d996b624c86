// Reads the shipped rule files once and serves them, with the generated overlay, from memory.
#include "tools/bench/engine_rules.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tools/bench/overlay_gen.h"

namespace dupready {
namespace bench {
namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return true;
}

}  // namespace

std::string RuleFiles::PathOf(RuleSetKind kind) {
  switch (kind) {
    case RuleSetKind::kDefault:
      return "rules/default.rules";
    case RuleSetKind::kStrict:
      return "rules/strict.rules";
    case RuleSetKind::kOverlay200:
      return "rules/overlay200.rules";
  }
  return "";
}

absl::StatusOr<RuleFiles> RuleFiles::Read() {
  RuleFiles files;
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  for (const char* name : kShippedFiles) {
    std::string text;
    if (!ReadFile(name, &text) &&
        !(workspace && ReadFile(std::string(workspace) + "/" + name, &text))) {
      return absl::NotFoundError(std::string("cannot read ") + name +
                                 " (run through bazel, or from the workspace root)");
    }
    files.files_[name] = std::move(text);
  }
  files.files_[PathOf(RuleSetKind::kOverlay200)] = OverlayRules(kOverlayRules, "default.rules");
  return files;
}

FileReader RuleFiles::reader() const {
  return [this](const std::string& path) -> absl::StatusOr<std::string> {
    auto it = files_.find(path);
    if (it == files_.end()) return absl::NotFoundError("no such rule file: " + path);
    return it->second;
  };
}

Limits BenchLimits() {
  Limits limits;
  limits.max_check_cost = 0;
  limits.max_rules = 1 << 20;
  limits.max_nodes = int64_t{1} << 24;
  return limits;
}

absl::StatusOr<std::unique_ptr<const RuleSet>> LoadEngineRules(RuleSetKind kind,
                                                               const RuleFiles& files) {
  return RuleSet::Load(RuleFiles::PathOf(kind), files.reader(), BenchLimits());
}

}  // namespace bench
}  // namespace dupready
