// Parses strict JSON (RFC 8259) into a DOM of located values with an explicit stack instead of
// recursion (the quoter is in json_quote.cc).
#include "engine/json/json.h"

#include <algorithm>
#include <climits>
#include <unordered_set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "engine/common/safe_text.h"
#include "engine/common/suggest.h"
#include "engine/json/utf8.h"

namespace dupready {
namespace {

using json_internal::AppendUtf8;
using json_internal::kEscapedChars;
using json_internal::kEscapeLetters;


bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "'x'" for a printable ASCII character, "byte 0xNN" otherwise.
std::string Describe(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7F) return absl::StrCat("'", std::string(1, c), "'");
  return absl::StrFormat("byte 0x%02X", u);
}

}  // namespace

const char* JsonTypeName(JsonType type) {
  static constexpr const char* kNames[] = {"null",   "boolean", "number",
                                           "string", "array",   "object"};
  return kNames[static_cast<int>(type)];
}

bool JsonValue::AsInt64(int64_t* out) const {
  if (type_ != JsonType::kNumber) return false;
  if (text_.find_first_of(".eE") != std::string::npos) return false;
  return absl::SimpleAtoi(text_, out);  // false on overflow
}

SourceLocation LocationOf(std::string_view file, const JsonValue& v) {
  return SourceLocation{std::string(file), v.line(), v.column(), v.offset()};
}

SourceLocation LocationOf(std::string_view file, const JsonMember& m) {
  return SourceLocation{std::string(file), m.line, m.column, m.offset};
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const JsonMember& m : members_)
    if (m.key == key) return &m.value;
  return nullptr;
}

// The parser proper. One instance parses one document.
class JsonParserImpl {
 public:
  JsonParserImpl(std::string_view text, std::string_view filename, Diagnostics* diags,
                 const JsonLimits& limits)
      : text_(text),
        filename_(filename),
        diags_(diags),
        limits_(limits),
        max_depth_(std::max(0, std::min(limits.max_depth, kMaxJsonDepth))) {}

  std::optional<JsonValue> Run() {
    JsonValue value;
    if (!ParseDocument(&value)) return std::nullopt;
    return value;
  }

 private:
  // An open array or object. For objects, `pending` holds the key whose value comes next.
  struct Frame {
    JsonValue container;
    JsonMember pending;
    std::unordered_set<std::string> keys;  // filled once an object has kLinearKeySearch keys
  };
  static constexpr size_t kLinearKeySearch = 16;

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }
  int ColumnOf(size_t offset) const {
    const size_t col = offset - line_start_ + 1;
    return col > INT_MAX ? INT_MAX : static_cast<int>(col);
  }
  // Adds an error at `line`:`column`, byte `offset`; returns false.
  bool FailAt(int line, int column, size_t offset, std::string message) {
    diags_->Error(SourceLocation{std::string(filename_), line, column, static_cast<int64_t>(offset)},
                  std::move(message), text_);
    return false;
  }
  // Adds an error at `offset`, which must be on the current line; returns false.
  bool Fail(size_t offset, std::string message) {
    return FailAt(line_, ColumnOf(offset), offset, std::move(message));
  }
  bool ParseDocument(JsonValue* out);
  void SkipWhitespace();
  // Starts the value at pos_: parses a scalar into *scalar, or opens a container on stack_
  // (setting *opened).
  bool StartValue(JsonValue* scalar, bool* opened);
  bool ParseString(std::string* out);
  bool ParseNumber(JsonValue* v);
  bool ParseLiteral(JsonValue* v);
  // Parses `"key" :` into the top frame's `pending`; `after` names what came before.
  bool ParseKey(const char* after);
  bool FailUnclosed(const Frame& frame);
  // Whether the object on top of the stack is the value of a top-level key named in
  // limits_.repeated_keys_under.
  bool RepeatsAllowed() const {
    if (stack_.size() != 2 || !stack_[0].container.is_object()) return false;
    const std::vector<std::string>& under = limits_.repeated_keys_under;
    return std::find(under.begin(), under.end(), stack_[0].pending.key) != under.end();
  }
  JsonValue Pop() {
    JsonValue v = std::move(stack_.back().container);
    stack_.pop_back();
    return v;
  }

  const std::string_view text_;
  const std::string_view filename_;
  Diagnostics* const diags_;
  const JsonLimits& limits_;
  const int max_depth_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;  // offset of the first byte of line_
  size_t values_ = 0;
  std::vector<Frame> stack_;
};

void JsonParserImpl::SkipWhitespace() {
  while (pos_ < text_.size()) {
    const char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
    } else if (c == '\n') {
      ++pos_;
      if (line_ < INT_MAX) ++line_;
      line_start_ = pos_;
    } else {
      break;
    }
  }
}

bool JsonParserImpl::FailUnclosed(const Frame& frame) {
  const JsonValue& c = frame.container;
  return Fail(pos_, absl::StrFormat("unexpected end of input; '%c' at %d:%d is not closed",
                                    c.is_array() ? '[' : '{', c.line(), c.column()));
}

bool JsonParserImpl::ParseDocument(JsonValue* out) {
  if (text_.size() > limits_.max_input_bytes) {
    diags_->Error(
        SourceLocation{std::string(filename_), 1, 1},
        absl::StrCat("input is ", text_.size(), " bytes; the limit is ", limits_.max_input_bytes));
    return false;
  }
  // A byte order mark is skipped; columns on line 1 count from the character after it.
  pos_ = line_start_ = Utf8BomSize(text_);
  SkipWhitespace();
  if (AtEnd()) return Fail(pos_, "empty input; expected a JSON value");
  JsonValue value;
  for (;;) {
    // Here a value starts at pos_.
    bool opened = false;
    if (!StartValue(&value, &opened)) return false;
    if (opened) {
      Frame& top = stack_.back();
      const bool is_array = top.container.is_array();
      SkipWhitespace();
      if (AtEnd()) return FailUnclosed(top);
      if (Peek() != (is_array ? ']' : '}')) {
        if (!is_array && !ParseKey("'{'")) return false;
        continue;  // parse the first element or member value
      }
      ++pos_;
      value = Pop();
    }
    // `value` is complete: add it to the enclosing container, closing containers as we go,
    // until one expects another value.
    for (;;) {
      if (stack_.empty()) {
        SkipWhitespace();
        if (!AtEnd()) return Fail(pos_, "unexpected trailing characters after the JSON value");
        *out = std::move(value);
        return true;
      }
      Frame& top = stack_.back();
      const bool is_array = top.container.is_array();
      if (is_array) {
        top.container.items_.push_back(std::move(value));
      } else {
        top.pending.value = std::move(value);
        top.container.members_.push_back(std::move(top.pending));
        top.pending = JsonMember();
      }
      SkipWhitespace();
      if (AtEnd()) return FailUnclosed(top);
      const char close = is_array ? ']' : '}';
      if (Peek() == close) {
        ++pos_;
        value = Pop();
        continue;
      }
      if (Peek() != ',') {
        return Fail(pos_, is_array ? "expected ',' or ']' after array element"
                                   : "expected ',' or '}' after object member");
      }
      const int comma_line = line_;
      const size_t comma_offset = pos_;
      const int comma_column = ColumnOf(pos_++);
      SkipWhitespace();
      if (!AtEnd() && Peek() == close) {
        return FailAt(comma_line, comma_column, comma_offset,
                      absl::StrCat("trailing comma before '", std::string(1, close), "'"));
      }
      if (AtEnd()) return FailUnclosed(top);
      if (!is_array && !ParseKey("','")) return false;
      break;
    }
  }
}

bool JsonParserImpl::StartValue(JsonValue* scalar, bool* opened) {
  const size_t start = pos_;
  if (++values_ > limits_.max_values)
    return Fail(start, absl::StrCat("document has more than ", limits_.max_values, " values"));
  JsonValue v;
  v.line_ = line_;
  v.column_ = ColumnOf(start);
  v.offset_ = static_cast<int64_t>(start);
  const char c = Peek();
  if (c == '[' || c == '{') {
    if (static_cast<int>(stack_.size()) >= max_depth_)
      return Fail(start, absl::StrCat("nesting is deeper than ", max_depth_, " levels"));
    ++pos_;
    v.type_ = c == '[' ? JsonType::kArray : JsonType::kObject;
    stack_.emplace_back();
    stack_.back().container = std::move(v);
    *opened = true;
    return true;
  }
  bool ok;
  if (c == '"') {
    v.type_ = JsonType::kString;
    ok = ParseString(&v.text_);
  } else if (c == '-' || IsDigit(c)) {
    ok = ParseNumber(&v);
  } else if (IsWordChar(c)) {
    ok = ParseLiteral(&v);
  } else if (c == '\'') {
    ok = Fail(start, "strings must be quoted with '\"', not \"'\"");
  } else {
    ok = Fail(start, absl::StrCat("expected a JSON value, got ", Describe(c)));
  }
  if (ok) *scalar = std::move(v);
  return ok;
}

bool JsonParserImpl::ParseKey(const char* after) {
  SkipWhitespace();
  if (AtEnd()) return FailUnclosed(stack_.back());
  if (Peek() != '"') {
    if (IsWordChar(Peek()) || Peek() == '\'')
      return Fail(pos_, "object keys must be strings in double quotes");
    return Fail(pos_,
                absl::StrCat("expected a string key after ", after, ", got ", Describe(Peek())));
  }
  Frame& top = stack_.back();
  top.pending.line = line_;
  top.pending.column = ColumnOf(pos_);
  top.pending.offset = static_cast<int64_t>(pos_);
  const size_t key_start = pos_;
  if (!ParseString(&top.pending.key)) return false;
  // Small objects are searched; large ones get a hash set so hostile input stays linear.
  std::vector<JsonMember>& members = top.container.members_;
  bool duplicate = false;
  if (RepeatsAllowed()) {
    // Kept as they come: no search.
  } else if (members.size() < kLinearKeySearch) {
    for (const JsonMember& m : members) duplicate = duplicate || m.key == top.pending.key;
  } else {
    if (top.keys.empty())
      for (const JsonMember& m : members) top.keys.insert(m.key);
    duplicate = !top.keys.insert(top.pending.key).second;
  }
  if (duplicate) {
    for (const JsonMember& m : members) {
      if (m.key != top.pending.key) continue;
      return Fail(key_start, absl::StrFormat("duplicate key %s; first defined at %d:%d",
                                             QuoteForMessage(m.key), m.line, m.column));
    }
  }
  SkipWhitespace();
  if (AtEnd()) return FailUnclosed(top);
  if (Peek() != ':') return Fail(pos_, "expected ':' after object key");
  ++pos_;
  SkipWhitespace();
  if (AtEnd()) return FailUnclosed(top);
  return true;
}

bool JsonParserImpl::ParseString(std::string* out) {
  const size_t start = pos_++;  // the opening quote
  out->clear();
  for (;;) {
    const size_t run = pos_;
    while (pos_ < text_.size()) {
      const auto u = static_cast<unsigned char>(text_[pos_]);
      if (u < 0x20 || u == '"' || u == '\\' || u >= 0x80) break;
      ++pos_;
    }
    out->append(text_.data() + run, pos_ - run);
    if (out->size() > limits_.max_string_bytes)
      return Fail(start,
                  absl::StrCat("string is longer than ", limits_.max_string_bytes, " bytes"));
    if (AtEnd()) return Fail(start, "unterminated string");
    const char c = Peek();
    const auto u = static_cast<unsigned char>(c);
    if (c == '"') {
      ++pos_;
      return true;
    }
    if (c == '\n' || c == '\r')
      return Fail(start, "unterminated string (a line break in a string must be written \\n)");
    if (u < 0x20)
      return Fail(pos_, absl::StrFormat("control character 0x%02X in string must be escaped", u));
    if (u >= 0x80) {
      const int len = Utf8SequenceLength(text_.substr(pos_));
      if (len == 0) return Fail(pos_, "invalid UTF-8 in string");
      out->append(text_.data() + pos_, len);
      pos_ += len;
      continue;
    }
    // A backslash escape.
    const size_t esc = pos_++;
    if (AtEnd()) return Fail(start, "unterminated string");
    const char e = text_[pos_++];
    if (const size_t k = kEscapeLetters.find(e); k != std::string_view::npos) {
      out->push_back(kEscapedChars[k]);
      continue;
    }
    if (e != 'u') return Fail(esc, absl::StrCat("invalid escape ", Describe(e), " in string"));
    // \uXXXX, possibly the first half of a surrogate pair.
    const auto read_hex4 = [&](size_t at, uint32_t* cp) {
      if (at + 4 > text_.size()) return false;
      *cp = 0;
      for (size_t i = at; i < at + 4; ++i) {
        const int h = HexValue(text_[i]);
        if (h < 0) return false;
        *cp = *cp * 16 + h;
      }
      return true;
    };
    uint32_t cp;
    if (!read_hex4(pos_, &cp)) return Fail(esc, "invalid \\u escape: expected 4 hex digits");
    pos_ += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      uint32_t low;
      if (text_.substr(pos_, 2) != "\\u" || !read_hex4(pos_ + 2, &low) || low < 0xDC00 ||
          low > 0xDFFF)
        return Fail(esc, absl::StrFormat("unpaired surrogate \\u%04X in string", cp));
      pos_ += 6;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return Fail(esc, absl::StrFormat("unpaired surrogate \\u%04X in string", cp));
    }
    AppendUtf8(cp, out);
  }
}

bool JsonParserImpl::ParseNumber(JsonValue* v) {
  const size_t start = pos_;
  const auto digits = [&] {
    while (!AtEnd() && IsDigit(Peek())) ++pos_;
  };
  if (Peek() == '-') ++pos_;
  if (AtEnd() || !IsDigit(Peek())) return Fail(pos_, "expected a digit after '-'");
  if (Peek() == '0') {
    ++pos_;
    if (!AtEnd() && IsDigit(Peek())) return Fail(start, "numbers cannot have leading zeros");
  } else {
    digits();
  }
  if (!AtEnd() && Peek() == '.') {
    ++pos_;
    if (AtEnd() || !IsDigit(Peek())) return Fail(pos_, "expected a digit after '.'");
    digits();
  }
  if (!AtEnd() && (Peek() == 'e' || Peek() == 'E')) {
    ++pos_;
    if (!AtEnd() && (Peek() == '+' || Peek() == '-')) ++pos_;
    if (AtEnd() || !IsDigit(Peek())) return Fail(pos_, "expected a digit in the exponent");
    digits();
  }
  if (pos_ - start > limits_.max_string_bytes)
    return Fail(start,
                absl::StrCat("number is longer than ", limits_.max_string_bytes, " characters"));
  v->type_ = JsonType::kNumber;
  v->text_.assign(text_.data() + start, pos_ - start);
  return true;
}

bool JsonParserImpl::ParseLiteral(JsonValue* v) {
  const size_t start = pos_;
  while (!AtEnd() && IsWordChar(Peek())) ++pos_;
  const std::string_view word = text_.substr(start, pos_ - start);
  if (word == "true" || word == "false") {
    v->type_ = JsonType::kBool;
    v->bool_ = word == "true";
    return true;
  }
  if (word == "null") {
    v->type_ = JsonType::kNull;
    return true;
  }
  std::string message = absl::StrCat("invalid literal ", QuoteForMessage(word));
  const std::string guess = Suggest(word, {"true", "false", "null"});
  if (!guess.empty()) absl::StrAppend(&message, "; did you mean '", guess, "'?");
  return Fail(start, std::move(message));
}

std::optional<JsonValue> ParseJson(std::string_view text, std::string_view filename,
                                   Diagnostics* diags, const JsonLimits& limits) {
  return JsonParserImpl(text, filename, diags, limits).Run();
}

}  // namespace dupready
