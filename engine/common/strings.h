// Copyright 2026 The dupready Authors.
//
// strings.h: Debian's abseil (20220623) is built with its own absl::string_view, distinct from
// std::string_view, so absl::StrCat does not take a std::string_view. Av() bridges the two.

#ifndef DUPREADY_ENGINE_COMMON_STRINGS_H_
#define DUPREADY_ENGINE_COMMON_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace dupready {

inline absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_STRINGS_H_
