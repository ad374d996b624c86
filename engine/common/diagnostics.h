// Copyright 2026 The dupready Authors.
//
// diagnostics.h: located issues in user input (rule files, snapshots, JSON).
//
// User mistakes are data: a loader returns the issues it found, each with a position and the
// offending line, and renders them compiler-style:
//
//   rules/site.rules:7:12: error: unknown fact 'primary_alvie'; did you mean 'primary_alive'?
//     require primary_alvie
//             ^
//
// A non-OK absl::Status is kept for the tool itself being unable to finish (a file that cannot
// be read); it carries the rendered issues as its message when a caller wants one string.

#ifndef DUPREADY_ENGINE_COMMON_DIAGNOSTICS_H_
#define DUPREADY_ENGINE_COMMON_DIAGNOSTICS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace dupready {

// A position in a named source. Lines and columns count from 1; 0 means "unknown".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class Severity { kError, kWarning, kNote };

struct Issue {
  Severity severity = Severity::kError;
  SourceLocation location;
  std::string message;
  std::string source_line;  // the whole offending line, without its newline; may be empty
};

// Issues in the order they were found.
class Diagnostics {
 public:
  // Adds an issue. `source` is the whole text the location points into (to copy the offending
  // line); pass an empty view when there is none.
  void Add(Severity severity, SourceLocation location, std::string message,
           std::string_view source = {});
  void Error(SourceLocation location, std::string message, std::string_view source = {}) {
    Add(Severity::kError, std::move(location), std::move(message), source);
  }
  void Warning(SourceLocation location, std::string message, std::string_view source = {}) {
    Add(Severity::kWarning, std::move(location), std::move(message), source);
  }

  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  const std::vector<Issue>& issues() const { return issues_; }

  // Renders every issue as "file:line:col: severity: message", then the line and a caret.
  std::string ToString() const;
  // OK when there are no errors; otherwise InvalidArgument carrying ToString().
  absl::Status ToStatus() const;

 private:
  std::vector<Issue> issues_;
  int errors_ = 0;
};

// Renders one issue (see Diagnostics::ToString).
std::string FormatIssue(const Issue& issue);

// Returns the text of line `line` (1-based) of `source`, without its newline (and, on line 1,
// without a UTF-8 byte order mark: columns count from the character after it).
std::string_view LineOf(std::string_view source, int line);

// 3 when `text` starts with a UTF-8 byte order mark (EF BB BF), else 0.
inline size_t Utf8BomSize(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_DIAGNOSTICS_H_
