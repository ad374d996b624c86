// Copyright 2026 The dupready Authors.
//
// files.h: reading whole files with a size bound, for the CLI's rule files and inputs.

#ifndef DUPREADY_TOOLS_CLI_FILES_H_
#define DUPREADY_TOOLS_CLI_FILES_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "engine/loader/loader.h"

namespace dupready {

// Reads all of `path`. Fails with NotFound, PermissionDenied, FailedPrecondition (a directory),
// or ResourceExhausted when the file is larger than `max_bytes` (checked before reading it all).
absl::StatusOr<std::string> ReadWholeFile(const std::string& path, int64_t max_bytes);

// A FileReader for rule files on disk, bounded by `max_bytes` per file.
FileReader DiskFileReader(int64_t max_bytes);

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_FILES_H_
