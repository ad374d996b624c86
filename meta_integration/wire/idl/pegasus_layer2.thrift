// The part of Pegasus's dsn.layer2.thrift (and the duplication enums of duplication.thrift)
// that dupready reads from a follower cluster's meta server. Field ids, types and
// requiredness match Pegasus; changing any of them breaks the wire format.
//
// The types from pegasus_base.thrift are encoded by hand (see pegasus_base_types.h); the
// structs below are ordinary generated Thrift code.

include "pegasus_base.thrift"

namespace cpp dupready.pegasus_wire

enum duplication_status {
  DS_INIT = 0,
  DS_PREPARE = 1,
  DS_APP = 2,
  DS_LOG = 3,
  DS_PAUSE = 4,
  DS_REMOVED = 5,
}

enum duplication_fail_mode {
  FAIL_SLOW = 0,
  FAIL_SKIP = 1,
  FAIL_FAST = 2,
}

struct partition_configuration {
  1: pegasus_base.gpid pid;
  2: i64 ballot;
  3: i32 max_replica_count;
  4: pegasus_base.rpc_address primary;
  5: list<pegasus_base.rpc_address> secondaries;
  6: list<pegasus_base.rpc_address> last_drops;
  7: i64 last_committed_decree;
  8: i32 partition_flags;
  9: optional pegasus_base.host_port hp_primary;
  10: optional list<pegasus_base.host_port> hp_secondaries;
  11: optional list<pegasus_base.host_port> hp_last_drops;
}

// RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX's argument.
struct query_cfg_request {
  1: string app_name;
  2: list<i32> partition_indices;
}

// RPC_CM_QUERY_PARTITION_CONFIG_BY_INDEX's result.
struct query_cfg_response {
  1: pegasus_base.error_code err;
  2: i32 app_id;
  3: i32 partition_count;
  4: bool is_stateful;
  5: list<partition_configuration> partitions;
}
