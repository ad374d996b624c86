// Copyright 2026 The dupready Authors.
//
// diagnostics.h: located issues in user input (rule files, snapshots, JSON).
//
// User mistakes are data: a loader returns the issues it found, each with a position and an
// excerpt of the offending line, and renders them compiler-style:
//
//   rules/site.rules:7:12: error: unknown fact 'primary_alvie'; did you mean 'primary_alive'?
//     require primary_alvie
//             ^
//
// A non-OK absl::Status is kept for the tool itself being unable to finish (a file that cannot
// be read); it carries the rendered issues as its message when a caller wants one string.
//
// Bounded whatever the input: an issue keeps at most kExcerptBytes of its line, cut from the
// source around the location's byte offset (never by scanning the source for the line), and
// a Diagnostics keeps at most max_issues() issues of each severity, counting the rest
// ("12 more errors not shown"). Rendering escapes control characters and ill-formed UTF-8
// (safe_text.h), so nothing from the input can drive the terminal it is printed on.

#ifndef DUPREADY_ENGINE_COMMON_DIAGNOSTICS_H_
#define DUPREADY_ENGINE_COMMON_DIAGNOSTICS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace dupready {

// A position in a named source. Lines and columns count from 1; 0 means "unknown".
// `offset` is the byte offset of line:column in the source (of the line's start when column is
// 0), or -1 when unknown: an issue shows an excerpt of its line only when it is known.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  int64_t offset = -1;
};

// At most this many bytes of the offending line are kept with an issue.
inline constexpr size_t kExcerptBytes = 120;

// A window of at most kExcerptBytes of the offending line around the location.
struct Excerpt {
  std::string text;         // the bytes as in the source, without the line end
  int caret = 0;            // 1-based byte of `text` the location points at; 0 for none
  bool cut_before = false;  // the line goes on before `text`
  bool cut_after = false;   // ... and after it
};

enum class Severity { kError, kWarning, kNote };

struct Issue {
  Severity severity = Severity::kError;
  SourceLocation location;
  std::string message;
  Excerpt excerpt;  // empty when the location has no offset
};

// Issues in the order they were found.
class Diagnostics {
 public:
  static constexpr int kDefaultMaxIssues = 50;

  // Adds an issue. `source` is the whole text the location points into (to cut the excerpt
  // from, at location.offset); pass an empty view when there is none. Beyond max_issues() of
  // its severity the issue is only counted.
  void Add(Severity severity, SourceLocation location, std::string message,
           std::string_view source = {});
  void Error(SourceLocation location, std::string message, std::string_view source = {}) {
    Add(Severity::kError, std::move(location), std::move(message), source);
  }
  void Warning(SourceLocation location, std::string message, std::string_view source = {}) {
    Add(Severity::kWarning, std::move(location), std::move(message), source);
  }

  bool has_errors() const { return errors_ > 0; }
  // Every error added, shown or not.
  int error_count() const { return errors_; }
  // The issues kept, at most max_issues() of each severity.
  const std::vector<Issue>& issues() const { return issues_; }

  // Keeps at most `n` issues of each severity from now on (at least 1).
  void set_max_issues(int n) { max_issues_ = n < 1 ? 1 : n; }
  int max_issues() const { return max_issues_; }
  // Issues of `severity` added but not kept.
  int hidden(Severity severity) const { return hidden_[static_cast<int>(severity)]; }
  // True when another issue of `severity` would only be counted: a caller may then skip
  // composing its message (Add still counts it).
  bool full(Severity severity) const { return kept_[static_cast<int>(severity)] >= max_issues_; }

  // Renders every issue kept as "file:line:col: severity: message", then the excerpt and a
  // caret; then "N more errors not shown" (and warnings, notes) when some were not kept.
  std::string ToString() const;
  // OK when there are no errors; otherwise InvalidArgument carrying ToString().
  absl::Status ToStatus() const;

 private:
  std::vector<Issue> issues_;
  int errors_ = 0;
  int max_issues_ = kDefaultMaxIssues;
  int kept_[3] = {0, 0, 0};    // per Severity
  int hidden_[3] = {0, 0, 0};  // per Severity
};

// Renders one issue (see Diagnostics::ToString), control characters and ill-formed UTF-8
// escaped.
std::string FormatIssue(const Issue& issue);

// The excerpt of the line holding source[offset], at most kExcerptBytes around it; `column`
// 0 means the location is a whole line (no caret). Reads O(kExcerptBytes) bytes of `source`.
Excerpt ExcerptAt(std::string_view source, int64_t offset, int column);

// "3 more errors not shown" and the like, or "" when nothing was hidden.
std::string HiddenSummary(const Diagnostics& diags);

// 3 when `text` starts with a UTF-8 byte order mark (EF BB BF), else 0.
inline size_t Utf8BomSize(std::string_view text) {
  return text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_DIAGNOSTICS_H_
