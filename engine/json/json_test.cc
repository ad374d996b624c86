// Tests for the strict JSON reader: golden located errors, limits, decoding and quoting.
#include "engine/json/json.h"

#include <random>
#include <string>

#include "gtest/gtest.h"

namespace dupready {
namespace {

// Parses `text`, expecting failure; returns the rendered diagnostics.
std::string ErrorOf(std::string_view text, const JsonLimits& limits = JsonLimits()) {
  Diagnostics diags;
  std::optional<JsonValue> v = ParseJson(text, "t.json", &diags, limits);
  EXPECT_FALSE(v.has_value()) << text;
  EXPECT_EQ(diags.error_count(), 1) << text;
  return diags.ToString();
}

JsonValue ParseOk(std::string_view text) {
  Diagnostics diags;
  std::optional<JsonValue> v = ParseJson(text, "t.json", &diags);
  EXPECT_TRUE(v.has_value()) << diags.ToString();
  EXPECT_EQ(diags.issues().size(), 0u);
  return v ? *std::move(v) : JsonValue();
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

bool Accepts(std::string_view text, const JsonLimits& limits) {
  Diagnostics diags;
  return ParseJson(text, "t.json", &diags, limits).has_value() && !diags.has_errors();
}

struct GoldenCase {
  std::string input;
  std::string expected;
};

TEST(JsonParseTest, GoldenErrors) {
  const GoldenCase cases[] = {
      {"", "t.json:1:1: error: empty input; expected a JSON value\n"},
      {"{\"a\":1 \"b\":2}",
       "t.json:1:8: error: expected ',' or '}' after object member\n"
       "  {\"a\":1 \"b\":2}\n"
       "         ^\n"},
      {"[1 2]", "t.json:1:4: error: expected ',' or ']' after array element\n  [1 2]\n     ^\n"},
      {"{\"a\":[1,2}",
       "t.json:1:10: error: expected ',' or ']' after array element\n"
       "  {\"a\":[1,2}\n"
       "           ^\n"},
      {"\"abc", "t.json:1:1: error: unterminated string\n  \"abc\n  ^\n"},
      {"{\"a\": \"x\n\"}",
       "t.json:1:7: error: unterminated string (a line break in a string must be written \\n)\n"
       "  {\"a\": \"x\n"
       "        ^\n"},
      {"[1] x",
       "t.json:1:5: error: unexpected trailing characters after the JSON value\n"
       "  [1] x\n      ^\n"},
      {"{\"a\":1}}",
       "t.json:1:8: error: unexpected trailing characters after the JSON value\n"
       "  {\"a\":1}}\n         ^\n"},
      {"{\"a\":1,\"a\":2}",
       "t.json:1:8: error: duplicate key 'a'; first defined at 1:2\n"
       "  {\"a\":1,\"a\":2}\n         ^\n"},
      {"{\"a\":1,\"\\u0061\":2}",  // keys compare decoded
       "t.json:1:8: error: duplicate key 'a'; first defined at 1:2\n"
       "  {\"a\":1,\"\\u0061\":2}\n         ^\n"},
      {"[1,]", "t.json:1:3: error: trailing comma before ']'\n  [1,]\n    ^\n"},
      {"{\"a\":1,\n}", "t.json:1:7: error: trailing comma before '}'\n  {\"a\":1,\n        ^\n"},
      {"[01]", "t.json:1:2: error: numbers cannot have leading zeros\n  [01]\n   ^\n"},
      {"[1.]", "t.json:1:4: error: expected a digit after '.'\n  [1.]\n     ^\n"},
      {"[-]", "t.json:1:3: error: expected a digit after '-'\n  [-]\n    ^\n"},
      {"[1e]", "t.json:1:4: error: expected a digit in the exponent\n  [1e]\n     ^\n"},
      {"[+1]", "t.json:1:2: error: expected a JSON value, got '+'\n  [+1]\n   ^\n"},
      {"[True]",
       "t.json:1:2: error: invalid literal 'True'; did you mean 'true'?\n  [True]\n   ^\n"},
      {"[NaN]", "t.json:1:2: error: invalid literal 'NaN'\n  [NaN]\n   ^\n"},
      {"{'a':1}",
       "t.json:1:2: error: object keys must be strings in double quotes\n  {'a':1}\n   ^\n"},
      {"{1:2}", "t.json:1:2: error: object keys must be strings in double quotes\n  {1:2}\n   ^\n"},
      {"['a']", "t.json:1:2: error: strings must be quoted with '\"', not \"'\"\n  ['a']\n   ^\n"},
      {"{\"a\" 1}", "t.json:1:6: error: expected ':' after object key\n  {\"a\" 1}\n       ^\n"},
      {"{,}", "t.json:1:2: error: expected a string key after '{', got ','\n  {,}\n   ^\n"},
      {"{\"a\":1,]",
       "t.json:1:8: error: expected a string key after ',', got ']'\n"
       "  {\"a\":1,]\n         ^\n"},
      {"{\"a\":}", "t.json:1:6: error: expected a JSON value, got '}'\n  {\"a\":}\n       ^\n"},
      {"[", "t.json:1:2: error: unexpected end of input; '[' at 1:1 is not closed\n  [\n   ^\n"},
      {"[1,\n",  // the end of input is on an empty line 2: no source line to show
       "t.json:2:1: error: unexpected end of input; '[' at 1:1 is not closed\n"},
      {"{\"a\":",
       "t.json:1:6: error: unexpected end of input; '{' at 1:1 is not closed\n"
       "  {\"a\":\n       ^\n"},
      {"\"\\x\"", "t.json:1:2: error: invalid escape 'x' in string\n  \"\\x\"\n   ^\n"},
      {"\"\\u12\"",
       "t.json:1:2: error: invalid \\u escape: expected 4 hex digits\n  \"\\u12\"\n   ^\n"},
      {"\"\\uD800\"",
       "t.json:1:2: error: unpaired surrogate \\uD800 in string\n  \"\\uD800\"\n   ^\n"},
      {"\"\\uD800\\u0041\"",
       "t.json:1:2: error: unpaired surrogate \\uD800 in string\n  \"\\uD800\\u0041\"\n   ^\n"},
      {"\"ok\\uDC00\"",
       "t.json:1:4: error: unpaired surrogate \\uDC00 in string\n  \"ok\\uDC00\"\n     ^\n"},
      {"\"a\tb\"",
       "t.json:1:3: error: control character 0x09 in string must be escaped\n"
       "  \"a\tb\"\n    ^\n"},
      {"@", "t.json:1:1: error: expected a JSON value, got '@'\n  @\n  ^\n"},
      {"\x01", "t.json:1:1: error: expected a JSON value, got byte 0x01\n  \\x01\n  ^\n"},
      {"{\n  \"a\": 1,\n  \"b\" 2\n}",
       "t.json:3:7: error: expected ':' after object key\n  \x20 \"b\" 2\n        ^\n"},
      {"\r\n[1,\r\n 2 3]",  // CRLF: the '\r' is not part of the shown line
       "t.json:3:4: error: expected ',' or ']' after array element\n   2 3]\n     ^\n"},
  };
  for (const GoldenCase& c : cases) EXPECT_EQ(ErrorOf(c.input), c.expected) << c.input;
}

TEST(JsonParseTest, RejectsInvalidUtf8InStrings) {
  const char* cases[] = {
      "\"\xC3\x28\"",          // bad continuation byte
      "\"\xC0\xAF\"",          // overlong '/'
      "\"\xE0\x80\xAF\"",      // overlong, three bytes
      "\"\xED\xA0\x80\"",      // a UTF-16 surrogate written as UTF-8
      "\"\xF4\x90\x80\x80\"",  // above U+10FFFF
      "\"\xFF\"",              // never valid
      "\"\xE2\x82\"",          // truncated by the closing quote
  };
  for (const char* c : cases) {
    std::string text = c;
    EXPECT_EQ(FirstLine(ErrorOf(text)), "t.json:1:2: error: invalid UTF-8 in string") << text;
  }
}

TEST(JsonParseTest, LimitsAreLocatedErrors) {
  const auto with = [](auto field, auto value) {
    JsonLimits limits;
    limits.*field = value;
    return limits;
  };
  const struct {
    JsonLimits limits;
    const char* accepted;  // within the limit; nullptr for none
    const char* refused;
    const char* error;
  } kCases[] = {
      {with(&JsonLimits::max_input_bytes, 4), nullptr, "[1,2]",
       "t.json:1:1: error: input is 5 bytes; the limit is 4\n"},
      {with(&JsonLimits::max_depth, 2), "[[1],{\"a\":2},[]]", "[[[1]]]",
       "t.json:1:3: error: nesting is deeper than 2 levels\n  [[[1]]]\n    ^\n"},
      {with(&JsonLimits::max_string_bytes, 3), "[\"abc\",123]", "[\"abcd\"]",
       "t.json:1:2: error: string is longer than 3 bytes\n  [\"abcd\"]\n   ^\n"},
      {with(&JsonLimits::max_values, 3), "[1,2]", "[1,2,3]",
       "t.json:1:6: error: document has more than 3 values\n  [1,2,3]\n       ^\n"},
  };
  for (const auto& c : kCases) {
    if (c.accepted != nullptr) EXPECT_TRUE(Accepts(c.accepted, c.limits)) << c.accepted;
    EXPECT_EQ(ErrorOf(c.refused, c.limits), c.error) << c.refused;
  }

  const JsonLimits strings = with(&JsonLimits::max_string_bytes, 3);
  // Decoded bytes count: two escaped e-acutes are 4 bytes of UTF-8.
  EXPECT_EQ(FirstLine(ErrorOf("{\"\\u00e9\\u00e9\":1}", strings)),
            "t.json:1:2: error: string is longer than 3 bytes");
  EXPECT_EQ(ErrorOf("1234", strings),
            "t.json:1:1: error: number is longer than 3 characters\n  1234\n  ^\n");
}

TEST(JsonParseTest, DeepNestingIsRejectedWithoutRecursion) {
  const std::string deep(100000, '[');
  EXPECT_EQ(FirstLine(ErrorOf(deep)), "t.json:1:65: error: nesting is deeper than 64 levels");

  JsonLimits huge;
  huge.max_depth = 1 << 30;  // clamped to kMaxJsonDepth
  EXPECT_EQ(FirstLine(ErrorOf(deep, huge)),
            "t.json:1:10001: error: nesting is deeper than 10000 levels");

  // Exactly the limit is fine, and destroying the result is bounded by it too.
  const std::string ok = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(ParseOk(ok).is_array());
  EXPECT_NE(ErrorOf("[" + ok + "]").find("deeper than 64"), std::string::npos);
}

TEST(JsonParseTest, ValuesRememberTheirPositions) {
  const JsonValue doc = ParseOk("{\n  \"name\": \"x\",\n  \"list\": [1, true,\n   null]\n}");
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc.line(), 1);
  EXPECT_EQ(doc.column(), 1);
  ASSERT_EQ(doc.members().size(), 2u);
  const JsonMember& name = doc.members()[0];
  EXPECT_EQ(name.key, "name");
  EXPECT_EQ(name.line, 2);
  EXPECT_EQ(name.column, 3);
  EXPECT_EQ(name.value.line(), 2);
  EXPECT_EQ(name.value.column(), 11);
  const JsonValue* list = doc.Find("list");
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->column(), 11);
  ASSERT_EQ(list->items().size(), 3u);
  EXPECT_EQ(list->items()[1].line(), 3);
  EXPECT_EQ(list->items()[1].column(), 15);
  EXPECT_TRUE(list->items()[1].bool_value());
  EXPECT_EQ(list->items()[2].line(), 4);
  EXPECT_EQ(list->items()[2].column(), 4);
  EXPECT_TRUE(list->items()[2].is_null());
  EXPECT_EQ(doc.Find("missing"), nullptr);
  EXPECT_EQ(list->Find("name"), nullptr);  // not an object
}

TEST(JsonParseTest, ObjectsKeepKeyOrder) {
  const JsonValue doc = ParseOk("{\"z\":1,\"a\":2,\"m\":{}}");
  ASSERT_EQ(doc.members().size(), 3u);
  EXPECT_EQ(doc.members()[0].key, "z");
  EXPECT_EQ(doc.members()[1].key, "a");
  EXPECT_EQ(doc.members()[2].key, "m");
  EXPECT_TRUE(doc.members()[2].value.is_object());
  EXPECT_TRUE(doc.members()[2].value.members().empty());
}

TEST(JsonParseTest, FindsDuplicatesInLargeObjects) {
  std::string text = "{";
  for (int i = 0; i < 40; ++i) text += "\"k" + std::to_string(i) + "\":0,";
  EXPECT_EQ(ParseOk(text + "\"last\":1}").members().size(), 41u);
  EXPECT_EQ(FirstLine(ErrorOf(text + "\"k3\":1}")),
            "t.json:1:" + std::to_string(text.size() + 1) +
                ": error: duplicate key 'k3'; first defined at 1:23");  // 2 + 3 * 7
}

TEST(JsonParseTest, DecodesStrings) {
  EXPECT_EQ(ParseOk(R"("\"\\\/\b\f\n\r\t")").string_value(), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(ParseOk(R"("caf\u00e9")").string_value(), "caf\xC3\xA9");
  EXPECT_EQ(ParseOk(R"("\u20AC")").string_value(), "\xE2\x82\xAC");
  EXPECT_EQ(ParseOk(R"("\uD83D\uDE00")").string_value(), "\xF0\x9F\x98\x80");
  EXPECT_EQ(ParseOk("\"raw \xF0\x9F\x98\x80 \xC3\xA9\"").string_value(),
            "raw \xF0\x9F\x98\x80 \xC3\xA9");
  EXPECT_EQ(ParseOk(R"("a\u0000b")").string_value(), std::string("a\0b", 3));
  EXPECT_EQ(ParseOk("\"\x7F\"").string_value(), "\x7F");  // DEL is not a control char here
}

TEST(JsonParseTest, NumbersKeepTheirTextAndConvertExactly) {
  int64_t i = 0;
  EXPECT_EQ(ParseOk("1.50E+3").number_text(), "1.50E+3");
  EXPECT_FALSE(ParseOk("1.50E+3").AsInt64(&i));
  EXPECT_FALSE(ParseOk("1.0").AsInt64(&i));
  EXPECT_FALSE(ParseOk("1e2").AsInt64(&i));
  EXPECT_TRUE(ParseOk("-0").AsInt64(&i));
  EXPECT_EQ(i, 0);
  EXPECT_TRUE(ParseOk("9223372036854775807").AsInt64(&i));
  EXPECT_EQ(i, INT64_MAX);
  EXPECT_TRUE(ParseOk("-9223372036854775808").AsInt64(&i));
  EXPECT_EQ(i, INT64_MIN);
  EXPECT_FALSE(ParseOk("9223372036854775808").AsInt64(&i));
  EXPECT_FALSE(ParseOk("-9223372036854775809").AsInt64(&i));
  EXPECT_FALSE(ParseOk("\"12\"").AsInt64(&i));
}

TEST(JsonParseTest, AcceptsScalarsAtTopLevelAndABom) {
  EXPECT_TRUE(ParseOk(" true ").bool_value());
  EXPECT_FALSE(ParseOk("false").bool_value());
  EXPECT_TRUE(ParseOk("null").is_null());
  EXPECT_TRUE(ParseOk("\xEF\xBB\xBF[]").is_array());
  EXPECT_EQ(JsonTypeName(ParseOk("{}").type()), std::string("object"));
  EXPECT_EQ(JsonTypeName(JsonType::kBool), std::string("boolean"));
}

TEST(JsonParseTest, MangledInputNeverCrashesAndFailsWithOneError) {
  const std::string base =
      "{\"a\": [1, -2.5e3, \"x\\u00e9\\n\", true, null], \"b\": {\"c\": {}, \"d\": []}}";
  const std::string alphabet = "{}[],:\"\\0123456789.eE+-tfnul \n\t\x01\x80\xC3\xFF";
  std::mt19937 rng(12345);
  for (int round = 0; round < 20000; ++round) {
    std::string text = base;
    const int edits = 1 + rng() % 4;
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % (text.size() + 1);
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          text.insert(at, 1, c);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = c;
      }
    }
    Diagnostics diags;
    std::optional<JsonValue> v = ParseJson(text, "fuzz.json", &diags);
    EXPECT_EQ(diags.error_count(), v ? 0 : 1) << text;
    for (const Issue& issue : diags.issues()) {
      EXPECT_GE(issue.location.line, 1);
      EXPECT_GE(issue.location.column, 1);
    }
  }
}

TEST(JsonQuoteTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonQuote(""), "\"\"");
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuote("\n\t\r\b\f"), "\"\\n\\t\\r\\b\\f\"");
  EXPECT_EQ(JsonQuote(std::string("\x01\x1F\0", 3)), "\"\\u0001\\u001f\\u0000\"");
  EXPECT_EQ(JsonQuote("caf\xC3\xA9 /"), "\"caf\xC3\xA9 /\"");
  EXPECT_EQ(JsonQuote("bad\xFF\xC3"), "\"bad\\ufffd\\ufffd\"");
}

TEST(JsonQuoteTest, RoundTripsThroughTheParser) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) all.push_back(static_cast<char>(c));
  all += "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
  EXPECT_EQ(ParseOk(JsonQuote(all)).string_value(), all);
}

TEST(QuoteForMessageTest, KeepsMessagesShortAndPrintable) {
  EXPECT_EQ(QuoteForMessage("ballot"), "'ballot'");
  EXPECT_EQ(QuoteForMessage("it's"), "\"it's\"");
  EXPECT_EQ(QuoteForMessage("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(QuoteForMessage(std::string(50, 'x')), "\"" + std::string(40, 'x') + "...\"");
}

}  // namespace
}  // namespace dupready
