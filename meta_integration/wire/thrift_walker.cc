// Copyright 2026 The dupready Authors.
//
// The bounded walk's shared steps: error messages with path and offset, and skipping unknown
// values within PegasusWireLimits.

#include "meta_integration/wire/thrift_walker.h"

#include "absl/strings/str_cat.h"

namespace dupready {
namespace wire_internal {

uint64_t MinBytes(uint8_t type) {
  switch (type) {
    case kBool:
    case kByte: return 1;
    case kI16: return 2;
    case kI32: return 4;
    case kDouble:
    case kI64: return 8;
    case kString: return 4;  // the length
    case kStruct: return 1;  // STOP
    case kMap: return 6;     // key type, value type, size
    case kSet:
    case kList: return 5;  // element type, size
    default: return 0;
  }
}

std::string TypeName(uint8_t type) {
  switch (type) {
    case kStop: return "stop";
    case kBool: return "bool";
    case kByte: return "byte";
    case kDouble: return "double";
    case kI16: return "i16";
    case kI32: return "i32";
    case kI64: return "i64";
    case kString: return "string";
    case kStruct: return "struct";
    case kMap: return "map";
    case kSet: return "set";
    case kList: return "list";
    default: return absl::StrCat("invalid type ", type);
  }
}

bool ThriftWalker::CheckMessageSize() {
  if (len_ == 0) {
    status_ = absl::DataLossError(absl::StrCat(root_name_, ": empty input"));
    return false;
  }
  if (len_ > limits_.max_message_bytes) {
    status_ = absl::InvalidArgumentError(absl::StrCat(
        root_name_, ": message of ", len_, " bytes exceeds the limit of ", limits_.max_message_bytes));
    return false;
  }
  return true;
}

bool ThriftWalker::CheckNoTrailingData() {
  if (pos_ == len_) return true;
  return Fail(absl::StatusCode::kInvalidArgument, pos_,
              absl::StrCat("trailing data (", len_ - pos_, " bytes) after the end of the struct"));
}

std::string ThriftWalker::Path() const {
  std::string path = root_name_;
  for (int i = 0; i < path_len_; ++i) {
    const Step& step = path_[i];
    if (step.key_at >= 0) {
      absl::StrAppend(&path, "[", KeyText(step), "]");
    } else if (step.index >= 0) {
      absl::StrAppend(&path, "[", step.index, "]", step.suffix);
    } else if (step.field_name != nullptr) {
      absl::StrAppend(&path, ".", step.field_name);
    } else {
      absl::StrAppend(&path, ".<field ", step.field_id, ">");
    }
  }
  return path;
}

// How a known map's key appears in paths: an i32 as a number, a short string of
// [A-Za-z0-9_.:-] in quotes, anything else by its position ("#2"). The key's bytes were read
// whole before the step was named by it.
std::string ThriftWalker::KeyText(const Step& step) const {
  const size_t at = static_cast<size_t>(step.key_at);
  if (step.key_form == KeyForm::kI32) return absl::StrCat(static_cast<int32_t>(Load32(data_ + at)));
  const size_t n = step.key_form == KeyForm::kString ? Load32(data_ + at) : 0;
  bool printable = n > 0 && n <= 64;
  for (size_t i = 0; printable && i < n; ++i) {
    const char c = static_cast<char>(data_[at + 4 + i]);
    printable = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '.' || c == ':' || c == '-';
  }
  if (!printable) return absl::StrCat("#", step.index);
  return absl::StrCat("\"", std::string(reinterpret_cast<const char*>(data_ + at + 4), n), "\"");
}

bool ThriftWalker::Fail(absl::StatusCode code, size_t offset, const std::string& what) {
  status_ = absl::Status(code, absl::StrCat(Path(), ": ", what, " at offset ", offset));
  return false;
}

bool ThriftWalker::TakeFailed(size_t n, const char* what) {
  return Fail(absl::StatusCode::kDataLoss, pos_,
              absl::StrCat(what, " needs ", n, " bytes but only ", remaining(), " remain"));
}

bool ThriftWalker::DepthFailed() {
  return Fail(absl::StatusCode::kInvalidArgument, pos_,
              absl::StrCat("nesting deeper than ", max_depth_, " levels"));
}

bool ThriftWalker::StringFailed(const char* what, size_t at, int32_t size) {
  if (size < 0) {
    return Fail(absl::StatusCode::kInvalidArgument, at,
                absl::StrCat(what, " has negative length ", size));
  }
  if (static_cast<uint64_t>(size) > remaining()) {
    return Fail(absl::StatusCode::kDataLoss, at,
                absl::StrCat(what, " of ", size, " bytes exceeds the remaining ", remaining(),
                             " bytes"));
  }
  return Fail(absl::StatusCode::kInvalidArgument, at,
              absl::StrCat(what, " of ", size, " bytes exceeds the limit of ",
                           limits_.max_string_bytes));
}

bool ThriftWalker::CountFailed(const char* what, size_t at, uint64_t min_elem_bytes,
                               int32_t limit, int32_t count) {
  if (count < 0) {
    return Fail(absl::StatusCode::kInvalidArgument, at,
                absl::StrCat(what, " has negative size ", count));
  }
  if (static_cast<uint64_t>(count) * min_elem_bytes > remaining()) {
    return Fail(absl::StatusCode::kDataLoss, at,
                absl::StrCat(what, " of ", count, " elements exceeds the remaining ", remaining(),
                             " bytes"));
  }
  return Fail(absl::StatusCode::kInvalidArgument, at,
              absl::StrCat(what, " of ", count, " elements exceeds the limit of ", limit));
}

bool ThriftWalker::HostTypeFailed(uint64_t type, const char* what, size_t at) {
  return Fail(absl::StatusCode::kInvalidArgument, at,
              absl::StrCat(what, " of host type ", type, type == 2 ? " (group)" : "",
                           ", only 0 (invalid) and 1 (IPv4) are allowed"));
}

bool ThriftWalker::ElementTypeFailed(uint8_t want, size_t at) {
  return Fail(absl::StatusCode::kInvalidArgument, at,
              absl::StrCat("list of ", TypeName(data_[at]), ", expected a list of ",
                           TypeName(want)));
}

bool ThriftWalker::Skip(uint8_t type, int level, size_t header_at) {
  switch (type) {
    case kBool: return Take(1, "bool");
    case kByte: return Take(1, "byte");
    case kI16: return Take(2, "i16");
    case kI32: return Take(4, "i32");
    case kDouble: return Take(8, "double");
    case kI64: return Take(8, "i64");
    case kString: return ReadString("string");
    case kStruct: return SkipStruct(level);
    case kList:
    case kSet:
    case kMap: return SkipContainer(type, level);
    default:
      return Fail(absl::StatusCode::kInvalidArgument, header_at,
                  absl::StrCat("invalid Thrift type ", type));
  }
}

bool ThriftWalker::SkipStruct(int level) {
  return Fields(
      level,
      [this](uint8_t, int16_t id) {
        PushField(nullptr, id);
        return false;  // every field skipped
      },
      [](int16_t) { return true; });
}

bool ThriftWalker::SkipContainer(uint8_t type, int level) {
  const size_t at = pos_;
  const bool is_map = type == kMap;
  const char* what = is_map ? "map" : type == kSet ? "set" : "list";
  if (!Take(is_map ? 6 : 5, is_map ? "map header" : type == kSet ? "set header" : "list header")) {
    return false;
  }
  const uint8_t first = data_[at];
  const uint8_t second = is_map ? data_[at + 1] : uint8_t{kBool};  // kBool: a placeholder
  if (MinBytes(first) == 0 || MinBytes(second) == 0) {
    return Fail(absl::StatusCode::kInvalidArgument, at,
                absl::StrCat(what, " of invalid element type ",
                             MinBytes(first) == 0 ? first : second));
  }
  const uint64_t min_elem = MinBytes(first) + (is_map ? MinBytes(second) : 0);
  int32_t count = 0;
  if (!Count(what, at, at + (is_map ? 2 : 1), min_elem, limits_.max_container_elements, &count) ||
      !DepthCheck(level)) {
    return false;
  }
  for (int32_t i = 0; i < count; ++i) {
    PushIndex(i, is_map ? ".key" : "");
    if (!Skip(first, level + 1, pos_)) return false;
    if (is_map) {
      path_[path_len_ - 1].suffix = ".value";
      if (!Skip(second, level + 1, pos_)) return false;
    }
    Pop();
  }
  return true;
}

}  // namespace wire_internal
}  // namespace dupready
