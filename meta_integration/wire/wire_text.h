// Copyright 2026 The dupready Authors.
//
// wire_text.h: what text from a remote cluster may contain before dupready keeps it. A hostile
// or broken remote must not smuggle control characters or quotes into logs and JSON.
// Kept apart from pegasus_convert (which links the snapshot proto) so the plugin, which must
// not register the snapshot proto in its host process, can use it.

#ifndef DUPREADY_META_INTEGRATION_WIRE_WIRE_TEXT_H_
#define DUPREADY_META_INTEGRATION_WIRE_WIRE_TEXT_H_

#include <cstddef>
#include <string_view>

namespace dupready {

inline constexpr size_t kMaxErrorNameBytes = 256;
inline constexpr size_t kMaxHostBytes = 255;

// An error name: 1 to 256 bytes of [A-Za-z0-9_].
bool IsSafeErrorName(std::string_view name);

// A host: 1 to 255 bytes of [A-Za-z0-9._-].
bool IsSafeHost(std::string_view host);

inline constexpr size_t kMaxNameBytes = 256;

// A table or cluster name: 1 to 256 bytes of [A-Za-z0-9_.:-] (Pegasus's table names are
// letters, digits, '_', '.' and ':'; cluster names in its config often carry '-').
bool IsSafeName(std::string_view name);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_WIRE_TEXT_H_
