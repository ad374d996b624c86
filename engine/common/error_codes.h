// Copyright 2026 The dupready Authors.
//
// error_codes.h: Pegasus's error codes. On the wire, and in rule files, an error code is its
// name ("ERR_NOT_ENOUGH_MEMBER"); its number is its index in Pegasus's table.
//
//   PegasusErrorCode("ERR_NOT_ENOUGH_MEMBER") == 19

#ifndef DUPREADY_ENGINE_COMMON_ERROR_CODES_H_
#define DUPREADY_ENGINE_COMMON_ERROR_CODES_H_

#include <string_view>

#include "absl/types/span.h"

namespace dupready {

// Every name Pegasus defines, indexed by numeric code (ERR_OK is 0).
absl::Span<const std::string_view> PegasusErrorNames();

// The numeric code of `name`, or -1 when Pegasus does not define it.
int PegasusErrorCode(std::string_view name);

// True when `name` has the shape of an error name: "ERR_" then [A-Z0-9_]+.
bool LooksLikeErrorName(std::string_view name);

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_ERROR_CODES_H_
