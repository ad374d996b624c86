// Collects located issues and renders them compiler-style, with the offending line and a caret.
#include "engine/common/diagnostics.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace dupready {

std::string_view LineOf(std::string_view source, int line) {
  if (line < 1) return {};
  size_t begin = Utf8BomSize(source);
  for (int l = 1; l < line; ++l) {
    size_t nl = source.find('\n', begin);
    if (nl == std::string_view::npos) return {};
    begin = nl + 1;
  }
  size_t end = source.find('\n', begin);
  if (end == std::string_view::npos) end = source.size();
  std::string_view text = source.substr(begin, end - begin);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

void Diagnostics::Add(Severity severity, SourceLocation location, std::string message,
                      std::string_view source) {
  Issue issue;
  issue.severity = severity;
  issue.source_line = std::string(LineOf(source, location.line));
  issue.location = std::move(location);
  issue.message = std::move(message);
  if (severity == Severity::kError) ++errors_;
  issues_.push_back(std::move(issue));
}

std::string FormatIssue(const Issue& issue) {
  const SourceLocation& loc = issue.location;
  std::string out = loc.file.empty() ? std::string("<input>") : loc.file;
  if (loc.line > 0) absl::StrAppend(&out, ":", loc.line);
  if (loc.line > 0 && loc.column > 0) absl::StrAppend(&out, ":", loc.column);
  const char* sev = issue.severity == Severity::kError     ? "error"
                    : issue.severity == Severity::kWarning ? "warning"
                                                           : "note";
  absl::StrAppend(&out, ": ", sev, ": ", issue.message, "\n");
  if (!issue.source_line.empty()) {
    // A long line (minified JSON, say) is shown as a window around the column.
    constexpr int kWindow = 120;
    std::string_view line = issue.source_line;
    int column = loc.column;
    std::string prefix, suffix;
    if (static_cast<int>(line.size()) > kWindow) {
      int begin = column > kWindow / 2 ? column - 1 - kWindow / 2 : 0;
      begin = std::min(begin, static_cast<int>(line.size()) - kWindow);
      if (begin > 0) prefix = "...";
      if (begin + kWindow < static_cast<int>(line.size())) suffix = "...";
      line = line.substr(begin, kWindow);
      if (column > 0) column = column - begin + static_cast<int>(prefix.size());
    }
    absl::StrAppend(&out, "  ", prefix, absl::string_view(line.data(), line.size()), suffix, "\n");
    if (column > 0) {
      std::string shown = prefix + std::string(line);
      std::string pad;
      // Keep tabs so the caret lines up under tab-indented text.
      for (int i = 0; i + 1 < column && i < static_cast<int>(shown.size()); ++i)
        pad.push_back(shown[i] == '\t' ? '\t' : ' ');
      absl::StrAppend(&out, "  ", pad, "^\n");
    }
  }
  return out;
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Issue& i : issues_) out += FormatIssue(i);
  return out;
}

absl::Status Diagnostics::ToStatus() const {
  if (!has_errors()) return absl::OkStatus();
  std::string text = ToString();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return absl::InvalidArgumentError(text);
}

}  // namespace dupready
