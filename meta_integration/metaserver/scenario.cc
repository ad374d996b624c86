// Reads meta_sim scenarios: strict keys, ranges and shapes, located errors, replies encoded.
#include "meta_integration/metaserver/scenario.h"

#include <map>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/diagnostics.h"
#include "engine/common/error_codes.h"
#include "engine/common/suggest.h"
#include "engine/json/json.h"
#include "engine/snapshot/snapshot_json.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"

namespace dupready {
namespace {

constexpr int kMaxRepeat = 1000;

class Reader {
 public:
  Reader(std::string_view text, std::string_view filename) : text_(text), file_(filename) {}

  Diagnostics& diags() { return diags_; }

  void Error(const JsonValue& at, const std::string& msg) {
    diags_.Error(LocationOf(file_, at), msg, text_);
  }
  void ErrorAtKey(const JsonMember& m, const std::string& msg) {
    diags_.Error(LocationOf(file_, m), msg, text_);
  }

  // Reports keys of `obj` not in `known`, with a suggestion.
  void CheckKeys(const JsonValue& obj, std::initializer_list<std::string_view> known) {
    std::vector<std::string_view> names(known);
    for (const JsonMember& m : obj.members()) {
      bool found = false;
      for (std::string_view k : names) found = found || m.key == k;
      if (found) continue;
      std::string s = Suggest(m.key, names);
      ErrorAtKey(m, absl::StrCat("unknown key ", QuoteForMessage(m.key),
                                 s.empty() ? "" : absl::StrCat("; did you mean '", s, "'?")));
    }
  }

  bool Object(const JsonValue& v, const char* what) {
    if (v.is_object()) return true;
    Error(v, absl::StrCat(what, " must be an object, got ", JsonTypeName(v.type())));
    return false;
  }

  void String(const JsonValue& obj, const char* key, std::string* out, bool required = false) {
    const JsonValue* v = obj.Find(key);
    if (v == nullptr) {
      if (required) Error(obj, absl::StrCat("missing key '", key, "'"));
      return;
    }
    if (!v->is_string()) {
      Error(*v, absl::StrCat("'", key, "' must be a string, got ", JsonTypeName(v->type())));
      return;
    }
    *out = v->string_value();
  }

  template <typename T>
  void Int(const JsonValue& obj, const char* key, int64_t lo, int64_t hi, T* out,
           bool required = false) {
    const JsonValue* v = obj.Find(key);
    if (v == nullptr) {
      if (required) Error(obj, absl::StrCat("missing key '", key, "'"));
      return;
    }
    int64_t n;
    if (!v->AsInt64(&n) || n < lo || n > hi) {
      Error(*v, absl::StrCat("'", key, "' must be an integer in [", lo, ", ", hi, "]"));
      return;
    }
    *out = static_cast<T>(n);
  }

  void ErrorName(const JsonValue& obj, const char* key, std::string* out) {
    const JsonValue* v = obj.Find(key);
    String(obj, key, out);
    if (v != nullptr && v->is_string() && !LooksLikeErrorName(*out))
      Error(*v, absl::StrCat("'", key, "' must be a Pegasus error name (ERR_...)"));
  }

  // A reply object (the shape of a snapshot's "response") -> the bytes a current server
  // sends; false after reporting errors.
  bool Reply(const JsonValue& v, std::string* bytes, int* partitions) {
    QueryConfigResponse resp;
    if (!ReadResponseJson(v, text_, file_, &resp, &diags_)) return false;
    if (resp.err().empty()) resp.set_err("ERR_OK");  // as Pegasus reads a reply without err
    absl::StatusOr<pegasus_wire::query_cfg_response> reply = ProtoToReply(resp);
    absl::StatusOr<std::string> encoded =
        reply.ok() ? EncodeQueryCfgResponse(*reply) : absl::StatusOr<std::string>(reply.status());
    if (!encoded.ok()) {
      Error(v, std::string(encoded.status().message()));
      return false;
    }
    *bytes = *std::move(encoded);
    *partitions = resp.partitions_size();
    return true;
  }

 private:
  std::string_view text_;
  std::string_view file_;
  Diagnostics diags_;
};

void ReadDuplication(Reader& r, const JsonValue& v, Scenario* out) {
  if (!r.Object(v, "'duplication'")) return;
  r.CheckKeys(v, {"dup_id", "app_name", "remote_cluster_name", "remote_app_name",
                  "partition_count", "remote_replica_count", "status", "fail_mode"});
  DupContext& c = out->dup;
  r.Int(v, "dup_id", 0, INT32_MAX, &c.dup_id);
  r.String(v, "app_name", &c.app_name, /*required=*/true);
  r.String(v, "remote_cluster_name", &c.remote_cluster_name, true);
  c.remote_app_name = c.app_name;  // Pegasus's default
  r.String(v, "remote_app_name", &c.remote_app_name);
  r.Int(v, "partition_count", 1, INT32_MAX, &c.partition_count, true);
  r.Int(v, "remote_replica_count", 0, INT32_MAX, &c.remote_replica_count);
  if (const JsonValue* s = v.Find("status")) {
    if (!s->is_string() || !ParseDupStatus(s->string_value(), &out->status))
      r.Error(*s, "'status' must be one of DS_INIT, DS_PREPARE, DS_APP, DS_LOG, DS_PAUSE, "
                  "DS_REMOVED");
  }
  if (const JsonValue* m = v.Find("fail_mode")) {
    if (!m->is_string() || !ParseDupFailMode(m->string_value(), &out->fail_mode))
      r.Error(*m, "'fail_mode' must be FAIL_SLOW, FAIL_SKIP or FAIL_FAST");
  }
}

// The steps on rule bundles in ZooKeeper (push, push_unchecked, rollback, wait); `value` is
// the value of the one such key `v` has.
template <typename Only>
void ReadBundleStep(Reader& r, const JsonValue& v, const JsonValue& value, Only only,
                    ScenarioStep* step) {
  auto path = [&](const char* key, std::string* out) {
    if (value.is_string() && !value.string_value().empty()) {
      *out = value.string_value();
    } else {
      r.Error(value, absl::StrCat("'", key, "' must be a rules file path"));
    }
  };
  if (v.Find("push") != nullptr) {
    step->kind = ScenarioStep::Kind::kPush;
    only({"repeat", "truncate"}, "push");
    path("push", &step->rules_path);
    r.String(v, "shadow", &step->shadow_path);
    r.String(v, "message", &step->message);
  } else if (v.Find("push_unchecked") != nullptr) {
    step->kind = ScenarioStep::Kind::kPushUnchecked;
    only({"repeat", "truncate", "shadow", "message"}, "push_unchecked");
    path("push_unchecked", &step->rules_path);
  } else if (v.Find("rollback") != nullptr) {
    step->kind = ScenarioStep::Kind::kRollback;
    only({"repeat", "truncate", "shadow", "message"}, "rollback");
    if (value.is_string() && !value.string_value().empty()) {
      step->rollback_to = value.string_value();
    } else if (!value.is_bool() || !value.bool_value()) {
      r.Error(value, "'rollback' must be true (the previous bundle) or a bundle name");
    }
  } else {
    step->kind = ScenarioStep::Kind::kWait;
    only({"repeat", "truncate", "shadow", "message"}, "wait");
    if (value.is_string() && !value.string_value().empty() &&
        value.string_value().find('\n') == std::string::npos) {
      step->wait_for = value.string_value();
    } else {
      r.Error(value, "'wait' must name what it waits for, on one line");
    }
  }
}

void ReadStep(Reader& r, const JsonValue& v,
              const std::map<std::string, std::pair<std::string, int>>& replies, Scenario* out) {
  if (!r.Object(v, "a step")) return;
  r.CheckKeys(v, {"check", "rpc_err", "repeat", "truncate", "alter", "persist_fails", "reload",
                  "shadow", "note", "at_ms", "push", "push_unchecked", "message", "rollback",
                  "wait"});
  ScenarioStep step;
  step.line = v.line();
  r.String(v, "note", &step.note);
  r.Int(v, "at_ms", 0, INT64_MAX, &step.at_ms);
  const JsonValue* check = v.Find("check");
  const JsonValue* alter = v.Find("alter");
  const JsonValue* fails = v.Find("persist_fails");
  const JsonValue* reload = v.Find("reload");
  const JsonValue* bundle_step = nullptr;  // push, push_unchecked, rollback or wait
  int bundle_steps = 0;
  for (const char* key : {"push", "push_unchecked", "rollback", "wait"}) {
    if (const JsonValue* x = v.Find(key)) {
      bundle_step = x;
      ++bundle_steps;
    }
  }
  const bool is_check = check != nullptr || v.Find("rpc_err") != nullptr;
  if (is_check + (alter != nullptr) + (fails != nullptr) + (reload != nullptr) + bundle_steps !=
      1) {
    r.Error(v, "a step needs exactly one of 'check' (or 'rpc_err'), 'alter', 'persist_fails', "
               "'reload', 'push', 'push_unchecked', 'rollback', 'wait'");
    return;
  }
  auto only = [&](std::initializer_list<const char*> keys, const char* kind) {
    for (const char* k : keys) {
      if (const JsonValue* x = v.Find(k))
        r.Error(*x, absl::StrCat("'", k, "' does not apply to ", kind, " steps"));
    }
  };
  if (is_check) {
    step.kind = ScenarioStep::Kind::kCheck;
    r.ErrorName(v, "rpc_err", &step.rpc_err);
    r.Int(v, "repeat", 1, kMaxRepeat, &step.repeat);
    r.Int(v, "truncate", 0, INT32_MAX, &step.truncated_to);
    only({"shadow", "message"}, "check");
    if (check != nullptr && check->is_string()) {
      auto it = replies.find(check->string_value());
      if (it == replies.end()) {
        r.Error(*check, absl::StrCat("no reply named ", QuoteForMessage(check->string_value()),
                                     " in 'replies'"));
      } else {
        step.reply_name = it->first;
        step.reply = it->second.first;
        step.partitions = it->second.second;
      }
    } else if (check != nullptr && !r.Reply(*check, &step.reply, &step.partitions)) {
      return;
    } else if (check != nullptr) {
      step.reply_name = "inline";
    } else if (step.rpc_err == "ERR_OK") {
      r.Error(v, "a check whose RPC succeeded needs a reply ('check')");
    }
    if (step.truncated_to >= 0 && static_cast<size_t>(step.truncated_to) < step.reply.size())
      step.reply.resize(static_cast<size_t>(step.truncated_to));
  } else if (bundle_step != nullptr) {
    ReadBundleStep(r, v, *bundle_step, only, &step);
  } else if (alter != nullptr) {
    step.kind = ScenarioStep::Kind::kAlter;
    only({"repeat", "truncate", "shadow", "message"}, "alter");
    if (!alter->is_string() || !ParseDupStatus(alter->string_value(), &step.alter_to))
      r.Error(*alter, "'alter' must be a status name, e.g. \"DS_PREPARE\"");
  } else if (fails != nullptr) {
    step.kind = ScenarioStep::Kind::kPersistFails;
    only({"repeat", "truncate", "shadow", "message"}, "persist_fails");
    r.Int(v, "persist_fails", 0, 1000000, &step.persist_fails);
  } else {
    step.kind = ScenarioStep::Kind::kReload;
    only({"repeat", "truncate", "message"}, "reload");
    if (reload->is_bool() && reload->bool_value()) {
      step.reload_same = true;
      only({"shadow"}, "'reload': true");
    } else if (reload->is_string() && !reload->string_value().empty()) {
      step.rules_path = reload->string_value();
      r.String(v, "shadow", &step.shadow_path);
    } else {
      r.Error(*reload, "'reload' must be true (the same files) or a rules file path");
    }
  }
  out->steps.push_back(std::move(step));
}

}  // namespace

absl::StatusOr<Scenario> ParseScenario(std::string_view text, std::string_view filename) {
  Reader r(text, filename);
  std::optional<JsonValue> doc = ParseJson(text, filename, &r.diags());
  if (!doc) return r.diags().ToStatus();
  Scenario out;
  if (!r.Object(*doc, "a scenario")) return r.diags().ToStatus();
  r.CheckKeys(*doc, {"description", "duplication", "required_stable_checks", "replies", "steps"});
  r.String(*doc, "description", &out.description);
  r.Int(*doc, "required_stable_checks", 1, 1000000, &out.required_stable_checks);
  if (const JsonValue* d = doc->Find("duplication")) ReadDuplication(r, *d, &out);
  else r.Error(*doc, "missing key 'duplication'");

  std::map<std::string, std::pair<std::string, int>> replies;  // name -> (bytes, partitions)
  if (const JsonValue* named = doc->Find("replies"); named != nullptr && r.Object(*named, "'replies'")) {
    for (const JsonMember& m : named->members()) {
      std::pair<std::string, int> reply;
      if (r.Reply(m.value, &reply.first, &reply.second)) replies[m.key] = std::move(reply);
    }
  }
  const JsonValue* steps = doc->Find("steps");
  if (steps == nullptr) r.Error(*doc, "missing key 'steps'");
  else if (!steps->is_array()) r.Error(*steps, "'steps' must be an array");
  else
    for (const JsonValue& s : steps->items()) ReadStep(r, s, replies, &out);
  if (r.diags().has_errors()) return r.diags().ToStatus();
  return out;
}

}  // namespace dupready
