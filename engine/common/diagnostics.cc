// Collects located issues, each with a bounded excerpt of its line, and renders them
// compiler-style with a caret, escaped for a terminal.
#include "engine/common/diagnostics.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "engine/common/safe_text.h"
#include "engine/common/strings.h"

namespace dupready {
namespace {

// A message longer than this is cut: it may quote input (a name, a value) of any length.
constexpr size_t kMaxMessageBytes = 1024;

constexpr const char* kSeverityNames[] = {"error", "warning", "note"};

// Moves `at` back to the start of a UTF-8 character, by at most 3 bytes.
size_t CharStart(std::string_view s, size_t at) {
  for (int k = 0; k < 3 && at > 0 && at < s.size() &&
                  (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80;
       ++k)
    --at;
  return at;
}

// The characters a terminal shows for `text` (one per character; escapes as written), as
// blanks, tabs kept: what goes before a caret under `text`.
std::string PadFor(std::string_view text) {
  std::string pad;
  ScanText(text, [&](const TextPiece& p) {
    if (p.kind == TextPiece::Kind::kPlain) {
      for (char c : p.text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) pad.push_back(' ');
    } else if (p.kind == TextPiece::Kind::kControl && p.code_point == '\t') {
      pad.push_back('\t');
    } else {
      pad.append(SafeText(p.text).size(), ' ');
    }
  });
  return pad;
}

}  // namespace

Excerpt ExcerptAt(std::string_view source, int64_t offset, int column) {
  Excerpt e;
  if (offset < 0 || static_cast<uint64_t>(offset) > source.size()) return e;
  const size_t at = static_cast<size_t>(offset);
  // The line's start and end, each looked for at most kExcerptBytes away.
  const size_t floor = at > kExcerptBytes ? at - kExcerptBytes : 0;
  size_t line_begin = at;
  while (line_begin > floor && source[line_begin - 1] != '\n') --line_begin;
  const bool begin_found = line_begin == 0 || source[line_begin - 1] == '\n';
  // Line 1 starts after a byte order mark, as its columns do.
  if (line_begin == 0) line_begin = std::min(at, Utf8BomSize(source));
  const size_t reach = std::min(source.size(), at + kExcerptBytes);
  const void* nl = std::memchr(source.data() + at, '\n', reach - at);
  const bool end_found = nl != nullptr || reach == source.size();
  const size_t line_end =
      nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - source.data()) : reach;
  // The whole line when it fits; else a window around the location, as far right as the line
  // allows.
  size_t begin = line_begin, end = line_end;
  if (!begin_found || !end_found || line_end - line_begin > kExcerptBytes) {
    begin = std::max(line_begin, at > kExcerptBytes / 2 ? at - kExcerptBytes / 2 : 0);
    if (end_found && line_end - begin < kExcerptBytes)
      begin = std::max(line_begin, line_end > kExcerptBytes ? line_end - kExcerptBytes : 0);
    begin = CharStart(source, begin);
    end = std::min(line_end, begin + kExcerptBytes);
    if (end < line_end || !end_found) end = std::max(begin, CharStart(source, end));
  }
  e.cut_before = begin > line_begin || !begin_found;
  e.cut_after = end < line_end || !end_found;
  if (!e.cut_after && end > begin && source[end - 1] == '\r') --end;
  e.text = std::string(source.substr(begin, end - begin));
  if (column > 0) e.caret = static_cast<int>(at - begin) + 1;
  return e;
}

void Diagnostics::Add(Severity severity, SourceLocation location, std::string message,
                      std::string_view source) {
  const int s = static_cast<int>(severity);
  if (severity == Severity::kError) ++errors_;
  if (kept_[s] >= max_issues_) {
    ++hidden_[s];
    return;
  }
  ++kept_[s];
  Issue issue;
  issue.severity = severity;
  issue.excerpt = ExcerptAt(source, location.offset, location.column);
  issue.location = std::move(location);
  bool cut = false;
  const std::string_view shown = CutText(message, kMaxMessageBytes, &cut);
  if (cut) message = absl::StrCat(Av(shown), "...");
  issue.message = std::move(message);
  issues_.push_back(std::move(issue));
}

std::string FormatIssue(const Issue& issue) {
  const SourceLocation& loc = issue.location;
  std::string head = loc.file.empty() ? std::string("<input>") : loc.file;
  if (loc.line > 0) absl::StrAppend(&head, ":", loc.line);
  if (loc.line > 0 && loc.column > 0) absl::StrAppend(&head, ":", loc.column);
  absl::StrAppend(&head, ": ", kSeverityNames[static_cast<int>(issue.severity)], ": ",
                  issue.message);
  std::string out = SafeText(head);
  out.push_back('\n');
  const Excerpt& e = issue.excerpt;
  if (e.text.empty() && !e.cut_before && !e.cut_after) return out;
  const std::string prefix = e.cut_before ? "..." : "";
  absl::StrAppend(&out, "  ", prefix, SafeText(e.text), e.cut_after ? "..." : "", "\n");
  if (e.caret > 0) {
    const size_t before = std::min(e.text.size(), static_cast<size_t>(e.caret - 1));
    absl::StrAppend(&out, "  ", std::string(prefix.size(), ' '),
                    PadFor(std::string_view(e.text).substr(0, before)), "^\n");
  }
  return out;
}

std::string HiddenSummary(const Diagnostics& diags) {
  std::string out;
  for (Severity s : {Severity::kError, Severity::kWarning, Severity::kNote}) {
    const int n = diags.hidden(s);
    if (n > 0)
      absl::StrAppend(&out, n, " more ", kSeverityNames[static_cast<int>(s)], n == 1 ? "" : "s",
                      " not shown\n");
  }
  return out;
}

std::string Diagnostics::ToString() const {
  std::string out;
  for (const Issue& i : issues_) out += FormatIssue(i);
  out += HiddenSummary(*this);
  return out;
}

absl::Status Diagnostics::ToStatus() const {
  if (!has_errors()) return absl::OkStatus();
  std::string text = ToString();
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return absl::InvalidArgumentError(text);
}

}  // namespace dupready
