// Smoke test for thrift_cc_library (//third_party:thrift.bzl).
namespace cpp dupready.smoke

const i32 SMOKE_VERSION = 7

enum Color {
  RED = 1,
  GREEN = 2,
}

struct Point {
  1: required i32 x;
  2: optional string label;
  3: list<i64> ids;
  4: Color color;
}

service SmokeService {
  Point echo(1: Point p);
}
