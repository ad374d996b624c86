// Copyright 2026 The dupready Authors.
//
// bounded_file.h: reading rule files (and other small inputs) from disk, whole and bounded,
// and a bounded read of a stream (standard input).
//
//   FileReader read = DiskFileReader(Limits().max_file_bytes);
//   absl::StatusOr<std::unique_ptr<const RuleSet>> rules = RuleSet::Load(path, read);
//
// A file is read in one go into memory before anything parses it, so a reload never sees a
// file half old and half new from its own reads: the loader validates complete texts and the
// caller swaps only a complete, valid rule set (see plugin_checker.h).

#ifndef DUPREADY_META_INTEGRATION_IO_BOUNDED_FILE_H_
#define DUPREADY_META_INTEGRATION_IO_BOUNDED_FILE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "engine/loader/loader.h"

namespace dupready {

// Reads all of `path`. Errors name the file and the reason: NotFound, PermissionDenied,
// FailedPrecondition (a directory or other non-regular file), ResourceExhausted when the
// file has more than `max_bytes` (checked with fstat before reading, and again while
// reading, since a file may grow), Unavailable for other I/O errors and for a file that
// changed while being read (its size or modification time differs after the read, or the
// bytes read are not its size). Thread-safe.
//
// What it cannot see is a file caught between a writer's truncate and its write: such a file
// is complete as far as the file system knows. Install rule files by writing a temporary file
// and renaming it over the old one (as editors and configuration tools do), which is atomic.
absl::StatusOr<std::string> ReadWholeFileBounded(const std::string& path, int64_t max_bytes);

// Reads the open descriptor `fd` (a pipe, usually standard input) to its end. Refuses with
// ResourceExhausted, naming `name`, as soon as more than `max_bytes` have arrived (nothing past
// max_bytes + 1 is read or kept); Unavailable, naming `name`, for a read error. Does not
// close `fd`. Thread-compatible.
absl::StatusOr<std::string> ReadStreamBounded(int fd, const std::string& name, int64_t max_bytes);

// A FileReader over ReadWholeFileBounded. Thread-safe.
FileReader DiskFileReader(int64_t max_bytes);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_IO_BOUNDED_FILE_H_
