// Copyright 2026 The dupready Authors.
//
// json.h: a strict RFC 8259 JSON reader for untrusted input, and a string quoter for writers.
//
// Every value remembers where it starts (1-based line and byte column) so later stages can
// report "file:line:col" against the original text. Objects keep their members in document
// order along with each key's position; a repeated key is an error (unless the caller names
// the one section where its producer repeats keys). Numbers keep their literal
// text, so nothing is lost to a double before the caller decides what type it wants.
//
//   Diagnostics diags;
//   std::optional<JsonValue> doc = ParseJson(text, "snap.json", &diags);
//   if (!doc) return diags.ToStatus();
//
// The parser is not recursive, checks every limit in JsonLimits as it goes, and stops at the
// first error (JSON offers no reliable place to resume).

#ifndef DUPREADY_ENGINE_JSON_JSON_H_
#define DUPREADY_ENGINE_JSON_JSON_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/common/diagnostics.h"

namespace dupready {

enum class JsonType { kNull, kBool, kNumber, kString, kArray, kObject };

// "null", "boolean", "number", "string", "array" or "object".
const char* JsonTypeName(JsonType type);

// Bounds on what ParseJson accepts. Exceeding one is a located error, never a crash.
struct JsonLimits {
  size_t max_input_bytes = size_t{64} << 20;
  // Containers nested in one another; `[[1]]` has depth 2. Values above kMaxJsonDepth are
  // treated as kMaxJsonDepth, since destroying a JsonValue recurses once per level.
  int max_depth = 64;
  // Bytes of a decoded string or key, and characters of a number literal.
  size_t max_string_bytes = size_t{1} << 20;
  // Values in the whole document, containers included.
  size_t max_values = size_t{1} << 20;
  // Keys of the top-level object whose value, when an object, may repeat its own keys: all
  // its members are kept in order (Find gives the first). Everywhere else, and when empty,
  // a repeated key is an error. (The Pegasus shell repeats keys in its "nodes" section.)
  std::vector<std::string> repeated_keys_under;
};
inline constexpr int kMaxJsonDepth = 10000;

struct JsonMember;

// One JSON value and the position of its first character. A default-constructed JsonValue is
// null at line 0, column 0. Accessors for the wrong type are programming errors; their results
// are unspecified (empty) but safe.
class JsonValue {
 public:
  JsonValue() = default;

  JsonType type() const { return type_; }
  int line() const { return line_; }
  int column() const { return column_; }
  // Byte offset of the value's first character in the text (-1 for a default JsonValue).
  int64_t offset() const { return offset_; }

  bool is_null() const { return type_ == JsonType::kNull; }
  bool is_bool() const { return type_ == JsonType::kBool; }
  bool is_number() const { return type_ == JsonType::kNumber; }
  bool is_string() const { return type_ == JsonType::kString; }
  bool is_array() const { return type_ == JsonType::kArray; }
  bool is_object() const { return type_ == JsonType::kObject; }

  // REQUIRES: is_bool().
  bool bool_value() const { return bool_; }
  // REQUIRES: is_number(). The literal exactly as written, e.g. "-12", "1.5e3".
  const std::string& number_text() const { return text_; }
  // REQUIRES: is_string(). The decoded value, valid UTF-8 (it may contain NUL from \u0000).
  const std::string& string_value() const { return text_; }
  // REQUIRES: is_array(). The elements in order.
  const std::vector<JsonValue>& items() const { return items_; }
  // REQUIRES: is_object(). The members in document order; keys are distinct (except under
  // JsonLimits::repeated_keys_under).
  const std::vector<JsonMember>& members() const { return members_; }

  // Stores the number into *out and returns true iff this is a number written as an integer
  // (no fraction, no exponent) that fits in int64_t. "-0" is 0; "1.0" and "1e2" are rejected.
  bool AsInt64(int64_t* out) const;
  // The value of member `key` of an object, or nullptr (also for non-objects). Linear time.
  const JsonValue* Find(std::string_view key) const;

 private:
  friend class JsonParserImpl;

  JsonType type_ = JsonType::kNull;
  int line_ = 0;
  int column_ = 0;
  int64_t offset_ = -1;
  bool bool_ = false;
  std::string text_;  // the number's literal or the string's decoded bytes
  std::vector<JsonValue> items_;
  std::vector<JsonMember> members_;
};

struct JsonMember {
  std::string key;  // decoded
  int line = 0;     // position of the key's opening quote
  int column = 0;
  int64_t offset = -1;
  JsonValue value;
};

// Where `v` (or member `m`'s key) is in `file`, for Diagnostics.
SourceLocation LocationOf(std::string_view file, const JsonValue& v);
SourceLocation LocationOf(std::string_view file, const JsonMember& m);

// Parses `text`, a whole JSON document. On success returns the top-level value and adds
// nothing to *diags. On failure returns nullopt after adding exactly one error, located in
// `filename`, to *diags. A leading UTF-8 byte order mark is skipped.
std::optional<JsonValue> ParseJson(std::string_view text, std::string_view filename,
                                   Diagnostics* diags, const JsonLimits& limits = JsonLimits());

// Returns `s` as a JSON string literal, quotes included: '"' and '\' are escaped, control
// characters (C0, DEL, C1 and the bidi controls, as engine/common/safe_text.h classifies them)
// become \n, \t, ... or \u00XX, other bytes of valid UTF-8 are kept as they are, and each
// byte of invalid UTF-8 becomes \ufffd, so the result is always valid JSON and valid UTF-8.
std::string JsonQuote(std::string_view s);

// Quotes `s` for an error message: 'abc' when it is at most 40 bytes of printable ASCII
// without a "'", otherwise JsonQuote of its first 40 bytes, with "..." inside the quotes if
// it was cut. Keeps hostile keys from filling or garbling a terminal.
std::string QuoteForMessage(std::string_view s);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_JSON_JSON_H_
