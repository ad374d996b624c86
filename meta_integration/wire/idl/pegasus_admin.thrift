// The meta server's administrative RPCs that dupready uses to list a source cluster's
// duplications:
//   RPC_CM_LIST_DUPLICATION    duplication_list_request -> duplication_list_response
//   RPC_CM_LIST_APPS           configuration_list_apps_request -> configuration_list_apps_response
//   RPC_CM_QUERY_DUPLICATION   duplication_query_request -> duplication_query_response
// (Pegasus declares them in duplication.thrift, meta_admin.thrift, dsn.layer2.thrift and
// utils.thrift.) Field ids, types, defaults and requiredness match Pegasus; changing any of
// them breaks the wire format.
//
// Fields dupready never reads are left out on purpose, each noted where it would be: the
// generated reader skips an undeclared field without allocating for it, so a reply full of
// per-partition progress costs no memory. The wire check (pegasus_wire_check.cc) knows those
// fields too, and bounds them like every other.

include "pegasus_base.thrift"
include "pegasus_layer2.thrift"

namespace cpp dupready.pegasus_wire

// How a name matches a pattern (utils.thrift). Pegasus's meta implements every type but
// PMT_MATCH_REGEX, which it answers with ERR_NOT_IMPLEMENTED.
enum pattern_match_type {
  PMT_INVALID = 0,
  PMT_MATCH_ALL = 1,
  PMT_MATCH_EXACT = 2,
  PMT_MATCH_ANYWHERE = 3,
  PMT_MATCH_PREFIX = 4,
  PMT_MATCH_POSTFIX = 5,
  PMT_MATCH_REGEX = 6,
}

// A table's status (dsn.layer2.thrift).
enum app_status {
  AS_INVALID = 0,
  AS_AVAILABLE = 1,
  AS_CREATING = 2,
  AS_CREATE_FAILED = 3,
  AS_DROPPING = 4,
  AS_DROP_FAILED = 5,
  AS_DROPPED = 6,
  AS_RECALLING = 7,
}

enum duplication_mode {
  FULL = 0,
  INCREMENTAL = 1,
}

// A table as RPC_CM_LIST_APPS describes it (dsn.layer2.thrift).
struct app_info {
  1: app_status status = app_status.AS_INVALID;
  2: string app_type;
  3: string app_name;
  4: i32 app_id;
  5: i32 partition_count;
  // 6: map<string, string> envs (not read)
  7: bool is_stateful;
  8: i32 max_replica_count;
  9: i64 expire_second;
  10: i64 create_second;
  11: i64 drop_second;
  12: optional bool duplicating = false;
  13: i32 init_partition_count = -1;
  14: optional bool is_bulk_loading = false;
  15: optional bool atomic_idempotent = false;
}

// RPC_CM_LIST_APPS's argument (meta_admin.thrift). A meta too old for the pattern fields
// ignores them.
struct configuration_list_apps_request {
  1: app_status status = app_status.AS_INVALID;
  2: optional string app_name_pattern;
  3: optional pattern_match_type match_type;
}

// RPC_CM_LIST_APPS's result.
struct configuration_list_apps_response {
  1: pegasus_base.error_code err;
  2: list<app_info> infos;
  3: optional string hint_message;
}

// One duplication of a table (duplication.thrift). remote_app_name and remote_replica_count
// exist since Pegasus 2.6; before, the follower table had the source table's name.
struct duplication_entry {
  1: i32 dupid;
  2: pegasus_layer2.duplication_status status;
  3: string remote;
  4: i64 create_ts;
  // 5: optional map<i32, i64> progress (not read)
  7: optional pegasus_layer2.duplication_fail_mode fail_mode;
  8: optional string remote_app_name;
  9: optional i32 remote_replica_count;
  10: optional duplication_mode mode;
  // 11: optional map<i32, duplication_partition_state> partition_states (not read), where
  //     duplication_partition_state is {1: i64 confirmed_decree, 2: i64 last_committed_decree}
}

// The duplications of one table, as RPC_CM_LIST_DUPLICATION lists them.
struct duplication_app_state {
  1: i32 appid;
  2: map<i32, duplication_entry> duplications;  // dupid -> entry
  3: string app_name;
  4: i32 partition_count;
}

// RPC_CM_LIST_DUPLICATION's argument.
struct duplication_list_request {
  1: string app_name_pattern;
  2: pattern_match_type match_type;
}

// RPC_CM_LIST_DUPLICATION's result: every available table the pattern matches, with or
// without duplications.
struct duplication_list_response {
  1: pegasus_base.error_code err;
  2: string hint_message;
  3: map<string, duplication_app_state> app_states;  // app name -> its duplications
}

// RPC_CM_QUERY_DUPLICATION's argument: one table.
struct duplication_query_request {
  1: string app_name;
}

// RPC_CM_QUERY_DUPLICATION's result (field 2 is not used by Pegasus).
struct duplication_query_response {
  1: pegasus_base.error_code err;
  3: i32 appid;
  4: list<duplication_entry> entry_list;
}
