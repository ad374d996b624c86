// Copyright 2026 The dupready Authors.
//
// file_reader.h: how the engine reads rule files. The engine never touches the disk itself:
// whoever loads rules passes a FileReader (a disk reader, files held in memory, a test's map).
//
//   FileReader read = [](const std::string& path) -> absl::StatusOr<std::string> {
//     if (path == "site.rules") return std::string("extend \"default.rules\"\n...");
//     return absl::NotFoundError(path);
//   };

#ifndef DUPREADY_ENGINE_LOADER_FILE_READER_H_
#define DUPREADY_ENGINE_LOADER_FILE_READER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"

namespace dupready {

// Returns the whole content of the file at `path`, or NotFound/PermissionDenied/... .
using FileReader = std::function<absl::StatusOr<std::string>(const std::string& path)>;

}  // namespace dupready

#endif  // DUPREADY_ENGINE_LOADER_FILE_READER_H_
