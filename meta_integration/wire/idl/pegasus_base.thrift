// The four Pegasus base types that travel in a non-Thrift "dialect". They are declared here as
// empty structs, exactly as Pegasus's IDL does, so that a field of these types gets a STRUCT
// field header on the wire. No code is generated from this file: pegasus_base_types.h (hand
// written, same name the Thrift compiler would produce) supplies classes whose read()/write()
// produce the real values, which are NOT structs:
//   error_code:  a string, the error's name ("ERR_OK")
//   gpid:        an i64, low 32 bits app_id, high 32 bits partition_index
//   rpc_address: an i64, bits 0-1 type, bits 16-31 port, bits 32-63 IPv4 (host order)
//   host_port:   a string host, an i16 port (signed on the wire), a byte type

namespace cpp dupready.pegasus_wire

struct error_code {}
struct gpid {}
struct rpc_address {}
struct host_port {}
