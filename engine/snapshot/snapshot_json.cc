// Reads and writes the JSON form of a FollowerSnapshot, mapping JSON keys to proto fields by
// reflection; fields of type dupready.Address use the "host:port" string form.
#include "engine/snapshot/snapshot_json.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/common/suggest.h"
#include "engine/json/json.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace dupready {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Full names of fields that must be present.
bool IsRequired(const FieldDescriptor* field) {
  static const std::set<std::string>* const kRequired = new std::set<std::string>{
      "dupready.FollowerSnapshot.duplication",      "dupready.FollowerSnapshot.rpc_err",
      "dupready.FollowerSnapshot.response",         "dupready.PartitionConfig.pidx",
      "dupready.PartitionConfig.max_replica_count",
  };
  return kRequired->count(field->full_name()) > 0;
}

// Fields holding a Pegasus error name.
bool IsErrorName(const FieldDescriptor* field) {
  return field->full_name() == "dupready.FollowerSnapshot.rpc_err" ||
         field->full_name() == "dupready.QueryConfigResponse.err";
}

bool LooksLikeErrorName(std::string_view s) {
  if (s.size() <= 4 || s.substr(0, 4) != "ERR_") return false;
  for (char c : s.substr(4))
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

bool IsAddress(const FieldDescriptor* field) {
  return field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
         field->message_type() == Address::descriptor();
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

bool IsV6Char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

// Walks a parsed JSON document into a message, collecting located errors.
class SnapshotReader {
 public:
  SnapshotReader(std::string_view text, std::string_view filename, Diagnostics* diags)
      : text_(text), filename_(filename), diags_(diags) {}

  // Reads object `obj` into `msg`, whose fields are all unset.
  void ReadMessage(const JsonValue& obj, Message* msg);
  void Error(SourceLocation at, std::string message);
  void Error(const JsonValue& at, std::string message) {
    Error(LocationOf(filename_, at), std::move(message));
  }
  int errors() const { return errors_; }
  // After `obj` was read into `resp` without errors: reports a negative or repeated pidx at
  // the partition's "pidx".
  void CheckPartitionIndices(const JsonValue& obj, const QueryConfigResponse& resp);

 private:
  // Reads `v`, the value of `field` (an element of it when `element`), into `msg`.
  void ReadOne(const FieldDescriptor* field, const JsonValue& v, bool element, Message* msg);
  // Checks `v` is an integer in [lo, hi]; reports and returns nullopt otherwise.
  std::optional<int64_t> Integer(const std::string& name, const JsonValue& v, int64_t lo,
                                 int64_t hi, const char* type_name);

  const std::string_view text_;
  const std::string_view filename_;
  Diagnostics* const diags_;
  int errors_ = 0;
};

void SnapshotReader::Error(SourceLocation at, std::string message) {
  ++errors_;
  if (errors_ <= kMaxSnapshotErrors) {
    diags_->Error(std::move(at), std::move(message), text_);
  } else if (errors_ == kMaxSnapshotErrors + 1) {
    diags_->Add(Severity::kNote, SourceLocation{std::string(filename_), 0, 0},
                absl::StrCat("too many errors; stopped after ", kMaxSnapshotErrors));
  }
}

void SnapshotReader::CheckPartitionIndices(const JsonValue& obj, const QueryConfigResponse& resp) {
  const JsonValue* list = obj.Find("partitions");
  if (list == nullptr || !list->is_array() ||
      list->items().size() != static_cast<size_t>(resp.partitions_size()))
    return;
  std::unordered_map<int32_t, const JsonValue*> first;  // pidx -> where it was first listed
  for (int i = 0; i < resp.partitions_size(); ++i) {
    const int32_t pidx = resp.partitions(i).pidx();
    const JsonValue* at = list->items()[static_cast<size_t>(i)].Find("pidx");
    if (at == nullptr) continue;  // a missing pidx was reported already
    if (pidx < 0) {
      Error(*at, absl::StrCat("'pidx' ", pidx, " is negative: partition indices start at 0"));
      continue;
    }
    auto [it, fresh] = first.emplace(pidx, at);
    if (!fresh) {
      Error(*at, absl::StrCat("partition ", pidx, " is listed twice; first at ", std::string(filename_), ":",
                              it->second->line(), ":", it->second->column()));
    }
  }
}

// "'ballot'" or "elements of 'secondaries'", the subject of a type error.
std::string Subject(const FieldDescriptor* field, bool element) {
  return element ? absl::StrCat("elements of '", field->name(), "'")
                 : absl::StrCat("'", field->name(), "'");
}

std::optional<int64_t> SnapshotReader::Integer(const std::string& name, const JsonValue& v,
                                               int64_t lo, int64_t hi, const char* type_name) {
  if (!v.is_number()) {
    Error(v, absl::StrCat(name, " must be an integer, got ", JsonTypeName(v.type())));
    return std::nullopt;
  }
  const std::string& text = v.number_text();
  const std::string shown = text.size() <= 40 ? text : text.substr(0, 40) + "...";
  int64_t x = 0;
  if (text.find_first_of(".eE") != std::string::npos) {
    Error(v, absl::StrCat(name, " must be an integer, got ", shown));
    return std::nullopt;
  }
  if (!v.AsInt64(&x) || x < lo || x > hi) {
    Error(v, absl::StrCat(name, " is out of range for ", type_name, ": ", shown));
    return std::nullopt;
  }
  return x;
}

void SnapshotReader::ReadOne(const FieldDescriptor* field, const JsonValue& v, bool element,
                             Message* msg) {
  const Reflection* r = msg->GetReflection();
  const std::string name = Subject(field, element);
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      std::optional<int64_t> x = Integer(name, v, std::numeric_limits<int32_t>::min(),
                                         std::numeric_limits<int32_t>::max(), "int32");
      if (!x) return;
      element ? r->AddInt32(msg, field, *x) : r->SetInt32(msg, field, *x);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      std::optional<int64_t> x = Integer(name, v, std::numeric_limits<int64_t>::min(),
                                         std::numeric_limits<int64_t>::max(), "int64");
      if (!x) return;
      element ? r->AddInt64(msg, field, *x) : r->SetInt64(msg, field, *x);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      std::optional<int64_t> x =
          Integer(name, v, 0, std::numeric_limits<uint32_t>::max(), "uint32");
      if (!x) return;
      element ? r->AddUInt32(msg, field, *x) : r->SetUInt32(msg, field, *x);
      return;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (!v.is_bool()) {
        Error(v, absl::StrCat(name, " must be true or false, got ", JsonTypeName(v.type())));
        return;
      }
      element ? r->AddBool(msg, field, v.bool_value()) : r->SetBool(msg, field, v.bool_value());
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      if (!v.is_string()) {
        Error(v, absl::StrCat(name, " must be a string, got ", JsonTypeName(v.type())));
        return;
      }
      if (IsErrorName(field) && !LooksLikeErrorName(v.string_value())) {
        Error(v, absl::StrCat(name, " must be a Pegasus error name such as 'ERR_OK', got ",
                              QuoteForMessage(v.string_value())));
        return;
      }
      element ? r->AddString(msg, field, v.string_value())
              : r->SetString(msg, field, v.string_value());
      return;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* sub = element ? r->AddMessage(msg, field) : r->MutableMessage(msg, field);
      if (IsAddress(field)) {
        if (!v.is_string()) {
          Error(v, absl::StrCat(name, " must be an address string (\"host:port\" or \"\"), got ",
                                JsonTypeName(v.type())));
          return;
        }
        absl::Status s = ParseAddress(v.string_value(), static_cast<Address*>(sub));
        if (!s.ok()) Error(v, std::string(s.message()));
        return;
      }
      if (!v.is_object()) {
        Error(v, absl::StrCat(name, " must be an object, got ", JsonTypeName(v.type())));
        return;
      }
      ReadMessage(v, sub);
      return;
    }
    default:
      Error(v, absl::StrCat(name, " has a type the snapshot reader does not support"));
      return;
  }
}

void SnapshotReader::ReadMessage(const JsonValue& obj, Message* msg) {
  const Descriptor* d = msg->GetDescriptor();
  std::vector<bool> seen(d->field_count(), false);
  for (const JsonMember& m : obj.members()) {
    const FieldDescriptor* field = d->FindFieldByName(m.key);
    if (field == nullptr) {
      std::vector<std::string_view> names;
      std::string list;
      for (int i = 0; i < d->field_count(); ++i) {
        names.push_back(d->field(i)->name());
        absl::StrAppend(&list, i > 0 ? ", " : "", d->field(i)->name());
      }
      std::string message = absl::StrCat("unknown key ", QuoteForMessage(m.key));
      const std::string guess = Suggest(m.key, names);
      if (!guess.empty()) {
        absl::StrAppend(&message, "; did you mean '", guess, "'?");
      } else {
        absl::StrAppend(&message, "; expected one of: ", list);
      }
      Error(LocationOf(filename_, m), std::move(message));
      continue;
    }
    seen[field->index()] = true;
    if (!field->is_repeated()) {
      ReadOne(field, m.value, /*element=*/false, msg);
    } else if (!m.value.is_array()) {
      Error(m.value, absl::StrCat("'", field->name(), "' must be an array, got ",
                                  JsonTypeName(m.value.type())));
    } else {
      for (const JsonValue& item : m.value.items()) ReadOne(field, item, /*element=*/true, msg);
    }
  }
  for (int i = 0; i < d->field_count(); ++i) {
    if (seen[i]) continue;
    const FieldDescriptor* field = d->field(i);
    if (IsRequired(field)) {
      Error(obj, absl::StrCat("missing required key '", field->name(), "'"));
    } else if (!field->is_repeated() && field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      msg->GetReflection()->MutableMessage(msg, field);  // present and empty
    }
  }
}

// Appends `msg` to *out. Messages with a repeated message field (other than addresses) and the
// top level take one line per key, with such repeated fields one element per line; all others
// are written on one line.
void WriteMessage(const Message& msg, int indent, std::string* out);

bool IsMultiLine(const Descriptor* d) {
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_repeated() && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsAddress(f))
      return true;
  }
  return false;
}

void WriteOne(const Message& msg, const FieldDescriptor* f, int index, int indent,
              std::string* out) {
  const Reflection* r = msg.GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(out, rep ? r->GetRepeatedInt32(msg, f, index) : r->GetInt32(msg, f));
      return;
    case FieldDescriptor::CPPTYPE_INT64:
      absl::StrAppend(out, rep ? r->GetRepeatedInt64(msg, f, index) : r->GetInt64(msg, f));
      return;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(out, rep ? r->GetRepeatedUInt32(msg, f, index) : r->GetUInt32(msg, f));
      return;
    case FieldDescriptor::CPPTYPE_BOOL:
      out->append((rep ? r->GetRepeatedBool(msg, f, index) : r->GetBool(msg, f)) ? "true"
                                                                                 : "false");
      return;
    case FieldDescriptor::CPPTYPE_STRING:
      out->append(JsonQuote(rep ? r->GetRepeatedString(msg, f, index) : r->GetString(msg, f)));
      return;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& sub = rep ? r->GetRepeatedMessage(msg, f, index) : r->GetMessage(msg, f);
      if (IsAddress(f)) {
        out->append(JsonQuote(FormatAddress(static_cast<const Address&>(sub))));
      } else {
        WriteMessage(sub, indent, out);
      }
      return;
    }
    default:
      out->append("null");  // not in snapshot.proto; the reader would reject it
  }
}

void WriteMessage(const Message& msg, int indent, std::string* out) {
  const Descriptor* d = msg.GetDescriptor();
  const bool multi = indent == 0 || IsMultiLine(d);
  const std::string pad(indent + 2, ' ');
  out->append(multi ? "{\n" : "{");
  bool first = true;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    // A context value the snapshot does not give stays out: written, it would be given.
    if (f->has_optional_keyword() && !msg.GetReflection()->HasField(msg, f)) continue;
    if (!first) out->append(multi ? ",\n" : ", ");
    first = false;
    if (multi) out->append(pad);
    absl::StrAppend(out, JsonQuote(f->name()), ": ");
    if (!f->is_repeated()) {
      WriteOne(msg, f, 0, indent + 2, out);
      continue;
    }
    const int n = msg.GetReflection()->FieldSize(msg, f);
    const bool one_per_line =
        multi && f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && !IsAddress(f) && n > 0;
    out->append(one_per_line ? "[\n" : "[");
    for (int j = 0; j < n; ++j) {
      if (j > 0) out->append(one_per_line ? ",\n" : ", ");
      if (one_per_line) out->append(pad).append("  ");
      WriteOne(msg, f, j, indent + 4, out);
    }
    if (one_per_line) out->append("\n").append(pad);
    out->append("]");
  }
  if (multi) out->append("\n").append(indent, ' ');
  out->append("}");
}

}  // namespace

bool ParseSnapshotJson(std::string_view text, std::string_view filename, FollowerSnapshot* out,
                       Diagnostics* diags) {
  out->Clear();
  std::optional<JsonValue> doc = ParseJson(text, filename, diags);
  if (!doc) return false;
  SnapshotReader reader(text, filename, diags);
  if (!doc->is_object()) {
    reader.Error(*doc,
                 absl::StrCat("a snapshot must be a JSON object, got ", JsonTypeName(doc->type())));
    return false;
  }
  reader.ReadMessage(*doc, out);
  if (reader.errors() == 0) reader.CheckPartitionIndices(*doc->Find("response"), out->response());
  return reader.errors() == 0;
}

bool ReadResponseJson(const JsonValue& obj, std::string_view text, std::string_view filename,
                      QueryConfigResponse* out, Diagnostics* diags) {
  out->Clear();
  SnapshotReader reader(text, filename, diags);
  if (!obj.is_object()) {
    reader.Error(obj, absl::StrCat("a reply must be a JSON object, got ", JsonTypeName(obj.type())));
    return false;
  }
  reader.ReadMessage(obj, out);
  if (reader.errors() == 0) reader.CheckPartitionIndices(obj, *out);
  return reader.errors() == 0;
}

absl::StatusOr<FollowerSnapshot> ParseSnapshotJson(std::string_view text,
                                                   std::string_view filename) {
  FollowerSnapshot snap;
  Diagnostics diags;
  if (!ParseSnapshotJson(text, filename, &snap, &diags)) return diags.ToStatus();
  return snap;
}

std::string SnapshotToJson(const FollowerSnapshot& snap) {
  std::string out;
  WriteMessage(snap, 0, &out);
  out.push_back('\n');
  return out;
}

absl::Status ParseAddress(std::string_view text, Address* out) {
  out->Clear();
  if (text.empty()) return absl::OkStatus();
  const auto fail = [&](const char* why) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid address ", QuoteForMessage(text), ": ", why));
  };
  std::string_view host;
  std::string_view rest;  // ":port"
  if (text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return fail("missing ']' after the IPv6 host");
    host = text.substr(1, close - 1);
    rest = text.substr(close + 1);
    if (host.find(':') == std::string_view::npos)
      return fail("an IPv6 host in brackets must contain ':'");
    for (char c : host)
      if (!IsV6Char(c)) return fail("an IPv6 host may contain only hex digits, ':' and '.'");
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail("expected \"host:port\" or \"\"");
    host = text.substr(0, colon);
    rest = text.substr(colon);
    if (host.find(':') != std::string_view::npos)
      return fail("an IPv6 host must be in brackets, as in \"[::1]:34801\"");
    if (host.empty()) return fail("the host is empty");
    for (char c : host)
      if (!IsHostChar(c)) return fail("a host may contain only letters, digits, '.', '-' and '_'");
  }
  if (rest.empty() || rest.front() != ':') return fail("expected ':' and a port after the host");
  const std::string_view port = rest.substr(1);
  uint32_t value = 0;
  bool ok = !port.empty() && port.size() <= 5;
  for (char c : port) {
    ok = ok && c >= '0' && c <= '9';
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  if (!ok || value > 65535) return fail("the port must be a number from 0 to 65535");
  out->set_host(std::string(host));
  out->set_port(value);
  return absl::OkStatus();
}

std::string FormatAddress(const Address& address) {
  if (address.host().empty()) return "";
  if (address.host().find(':') != std::string::npos)
    return absl::StrCat("[", address.host(), "]:", address.port());
  return absl::StrCat(address.host(), ":", address.port());
}

}  // namespace dupready
