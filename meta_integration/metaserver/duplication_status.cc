// Pegasus's duplication status machine: allowed transitions, alter-then-persist, JSON form.
#include "meta_integration/metaserver/duplication_status.h"

#include <cstdint>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "engine/common/diagnostics.h"
#include "engine/json/json.h"

namespace dupready {
namespace {

constexpr const char* kStatusNames[] = {"DS_INIT", "DS_PREPARE", "DS_APP",
                                        "DS_LOG",  "DS_PAUSE",   "DS_REMOVED"};
constexpr const char* kFailModeNames[] = {"FAIL_SLOW", "FAIL_SKIP", "FAIL_FAST"};

}  // namespace

const char* DupStatusName(DupStatus status) {
  int i = static_cast<int>(status);
  return i >= 0 && i < 6 ? kStatusNames[i] : "DS_UNKNOWN";
}

const char* DupFailModeName(DupFailMode mode) {
  int i = static_cast<int>(mode);
  return i >= 0 && i < 3 ? kFailModeNames[i] : "FAIL_UNKNOWN";
}

bool ParseDupStatus(std::string_view name, DupStatus* out) {
  for (int i = 0; i < 6; ++i) {
    if (name == kStatusNames[i]) {
      *out = static_cast<DupStatus>(i);
      return true;
    }
  }
  return false;
}

bool ParseDupFailMode(std::string_view name, DupFailMode* out) {
  for (int i = 0; i < 3; ++i) {
    if (name == kFailModeNames[i]) {
      *out = static_cast<DupFailMode>(i);
      return true;
    }
  }
  return false;
}

bool IsValidAlteration(DupStatus from, DupStatus to) {
  using S = DupStatus;
  return to == from || (from == S::kInit && to == S::kPrepare) ||
         (from == S::kPrepare && to == S::kApp) ||
         (to == S::kLog && (from == S::kApp || from == S::kPause || from == S::kInit)) ||
         (from == S::kLog && to == S::kPause) || to == S::kRemoved;
}

Duplication::Duplication(DupContext context, DupStatus status, DupFailMode fail_mode)
    : context_(std::move(context)),
      status_(status),
      fail_mode_(fail_mode),
      next_status_(status),
      next_fail_mode_(fail_mode) {}

std::string_view Duplication::AlterStatus(DupStatus to, DupFailMode fail_mode) {
  if (altering_) return kErrBusy;
  if (status_ == DupStatus::kRemoved) return kErrObjectNotFound;
  if (!IsValidAlteration(status_, to)) return kErrInvalidParameters;
  if (status_ == to && fail_mode_ == fail_mode) return kErrOk;
  altering_ = true;
  next_status_ = to;
  next_fail_mode_ = fail_mode;
  return kErrOk;
}

bool Duplication::PersistStatus() {
  if (!altering_) return false;
  altering_ = false;
  status_ = next_status_;
  fail_mode_ = next_fail_mode_;
  return true;
}

void Duplication::AbortAlteration() {
  altering_ = false;
  next_status_ = status_;
  next_fail_mode_ = fail_mode_;
}

std::string Duplication::StorePath() const {
  return absl::StrCat("/duplication/", context_.app_name, "/", context_.dup_id);
}

std::string Duplication::ToJson() const {
  const DupStatus status = altering_ ? next_status_ : status_;
  const DupFailMode mode = altering_ ? next_fail_mode_ : fail_mode_;
  return absl::StrCat(
      "{\"dup_id\":", context_.dup_id, ",\"app_name\":", JsonQuote(context_.app_name),
      ",\"remote_cluster_name\":", JsonQuote(context_.remote_cluster_name),
      ",\"remote_app_name\":", JsonQuote(context_.remote_app_name),
      ",\"partition_count\":", context_.partition_count,
      ",\"remote_replica_count\":", context_.remote_replica_count, ",\"status\":\"",
      DupStatusName(status), "\",\"fail_mode\":\"", DupFailModeName(mode), "\"}");
}

absl::StatusOr<Duplication> Duplication::FromJson(std::string_view json, std::string_view name) {
  Diagnostics diags;
  std::optional<JsonValue> doc = ParseJson(json, name, &diags);
  if (!doc) return diags.ToStatus();
  auto error = [&](const JsonValue& at, const std::string& msg) {
    diags.Error(LocationOf(name, at), msg, json);
    return diags.ToStatus();
  };
  if (!doc->is_object()) return error(*doc, "a duplication must be a JSON object");
  DupContext ctx;
  DupStatus status = DupStatus::kInit;
  DupFailMode mode = DupFailMode::kSlow;
  for (const JsonMember& m : doc->members()) {
    const JsonValue& v = m.value;
    int64_t n = 0;
    std::string* text = m.key == "app_name"              ? &ctx.app_name
                        : m.key == "remote_cluster_name" ? &ctx.remote_cluster_name
                        : m.key == "remote_app_name"     ? &ctx.remote_app_name
                                                         : nullptr;
    int32_t* number = m.key == "dup_id"                 ? &ctx.dup_id
                      : m.key == "partition_count"      ? &ctx.partition_count
                      : m.key == "remote_replica_count" ? &ctx.remote_replica_count
                                                        : nullptr;
    if (text != nullptr) {
      if (!v.is_string()) return error(v, absl::StrCat("'", m.key, "' must be a string"));
      *text = v.string_value();
    } else if (number != nullptr) {
      if (!v.AsInt64(&n) || n < 0 || n > INT32_MAX)
        return error(v, absl::StrCat("'", m.key, "' must be an integer in [0, 2^31)"));
      *number = static_cast<int32_t>(n);
    } else if (m.key == "status") {
      if (!v.is_string() || !ParseDupStatus(v.string_value(), &status))
        return error(v, "'status' must be one of DS_INIT .. DS_REMOVED");
    } else if (m.key == "fail_mode") {
      if (!v.is_string() || !ParseDupFailMode(v.string_value(), &mode))
        return error(v, "'fail_mode' must be FAIL_SLOW, FAIL_SKIP or FAIL_FAST");
    } else {
      return error(v, absl::StrCat("unknown key ", QuoteForMessage(m.key)));
    }
  }
  return Duplication(std::move(ctx), status, mode);
}

}  // namespace dupready
