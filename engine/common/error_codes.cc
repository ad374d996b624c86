// The table of Pegasus error names, in Pegasus's order: a name's index is its numeric code.
// Read from Pegasus's error table (src/utils/error_code.h, 2026); names are facts, not code.
#include "engine/common/error_codes.h"

namespace dupready {
namespace {

constexpr std::string_view kNames[] = {
    "ERR_OK",
    "ERR_UNKNOWN",
    "ERR_SERVICE_NOT_FOUND",
    "ERR_SERVICE_ALREADY_RUNNING",
    "ERR_IO_PENDING",
    "ERR_TIMEOUT",
    "ERR_SERVICE_NOT_ACTIVE",
    "ERR_BUSY",
    "ERR_NETWORK_INIT_FAILED",
    "ERR_FORWARD_TO_OTHERS",
    "ERR_OBJECT_NOT_FOUND",
    "ERR_HANDLER_NOT_FOUND",
    "ERR_LEARN_FILE_FAILED",
    "ERR_GET_LEARN_STATE_FAILED",
    "ERR_INVALID_VERSION",
    "ERR_INVALID_PARAMETERS",
    "ERR_CAPACITY_EXCEEDED",
    "ERR_INVALID_STATE",
    "ERR_INACTIVE_STATE",
    "ERR_NOT_ENOUGH_MEMBER",
    "ERR_FILE_OPERATION_FAILED",
    "ERR_HANDLE_EOF",
    "ERR_WRONG_CHECKSUM",
    "ERR_INVALID_DATA",
    "ERR_INVALID_HANDLE",
    "ERR_INCOMPLETE_DATA",
    "ERR_VERSION_OUTDATED",
    "ERR_PATH_NOT_FOUND",
    "ERR_PATH_ALREADY_EXIST",
    "ERR_ADDRESS_ALREADY_USED",
    "ERR_STATE_FREEZED",
    "ERR_LOCAL_APP_FAILURE",
    "ERR_BIND_IOCP_FAILED",
    "ERR_NETWORK_START_FAILED",
    "ERR_NOT_IMPLEMENTED",
    "ERR_CHECKPOINT_FAILED",
    "ERR_WRONG_TIMING",
    "ERR_NO_NEED_OPERATE",
    "ERR_CORRUPTION",
    "ERR_TRY_AGAIN",
    "ERR_CLUSTER_NOT_FOUND",
    "ERR_CLUSTER_ALREADY_EXIST",
    "ERR_SERVICE_ALREADY_EXIST",
    "ERR_INJECTED",
    "ERR_REPLICATION_FAILURE",
    "ERR_APP_EXIST",
    "ERR_APP_NOT_EXIST",
    "ERR_BUSY_CREATING",
    "ERR_BUSY_DROPPING",
    "ERR_NETWORK_FAILURE",
    "ERR_UNDER_RECOVERY",
    "ERR_LEARNER_NOT_FOUND",
    "ERR_OPERATION_DISABLED",
    "ERR_EXPIRED",
    "ERR_LOCK_ALREADY_EXIST",
    "ERR_HOLD_BY_OTHERS",
    "ERR_RECURSIVE_LOCK",
    "ERR_NO_OWNER",
    "ERR_NODE_ALREADY_EXIST",
    "ERR_INCONSISTENT_STATE",
    "ERR_ARRAY_INDEX_OUT_OF_RANGE",
    "ERR_DIR_NOT_EMPTY",
    "ERR_FS_INTERNAL",
    "ERR_IGNORE_BAD_DATA",
    "ERR_APP_DROPPED",
    "ERR_MOCK_INTERNAL",
    "ERR_ZOOKEEPER_OPERATION",
    "ERR_CHILD_REGISTERED",
    "ERR_INGESTION_FAILED",
    "ERR_UNAUTHENTICATED",
    "ERR_KRB5_INTERNAL",
    "ERR_SASL_INTERNAL",
    "ERR_SASL_INCOMPLETE",
    "ERR_ACL_DENY",
    "ERR_SPLITTING",
    "ERR_PARENT_PARTITION_MISUSED",
    "ERR_CHILD_NOT_READY",
    "ERR_DISK_INSUFFICIENT",
    "ERR_RETRY_EXHAUSTED",
    "ERR_SYNC_RANGER_POLICIES_FAILED",
    "ERR_RANGER_PARSE_ACL",
    "ERR_RANGER_POLICIES_NO_NEED_UPDATE",
    "ERR_RDB_CORRUPTION",
    "ERR_DISK_IO_ERROR",
    "ERR_CURL_FAILED",
    "ERR_DUP_EXIST",
    "ERR_HTTP_ERROR",
    "ERR_NOT_MATCHED",
};

}  // namespace

absl::Span<const std::string_view> PegasusErrorNames() { return kNames; }

int PegasusErrorCode(std::string_view name) {
  for (size_t i = 0; i < sizeof(kNames) / sizeof(kNames[0]); ++i)
    if (kNames[i] == name) return static_cast<int>(i);
  return -1;
}

bool LooksLikeErrorName(std::string_view name) {
  if (name.size() < 5 || name.substr(0, 4) != "ERR_") return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace dupready
