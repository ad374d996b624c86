#!/usr/bin/env bash
# Applies the patch series to Apache Pegasus at the recorded commit and parses the patched
# files with `g++ -fsyntax-only`, against Pegasus's own headers, thrift 0.9.3's headers and
# compiler (what Pegasus builds with, compiled here from apache/thrift's tag), Debian's
# packages for the other third-party headers, and one stand-in: thrift's config.h. Pegasus's
# full third-party stack (its own builds of rocksdb, boost, fmt 10, ...) is not used, so this
# proves the files parse and type-check, not that Pegasus links or its tests pass.
#
# usage: syntax_check.sh PEGASUS_GIT_DIR THRIFT_GIT_DIR WORK_DIR
#   PEGASUS_GIT_DIR: a clone (bare is fine) of apache/incubator-pegasus holding the commit below
#   THRIFT_GIT_DIR:  a clone of apache/thrift holding the tag 0.9.3
#   WORK_DIR:        scratch space, emptied first
# Needs: git, g++, cmake, make, flex, bison, and the Debian packages libboost-dev, libfmt-dev,
# rapidjson-dev, nlohmann-json3-dev, librocksdb-dev, libgtest-dev.
set -euo pipefail

readonly PEGASUS_COMMIT=db756dcdf24e2af6169659a67548501ed61f106c
readonly here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
(($# == 3)) || { sed -n '2,16p' "$0" >&2; exit 2; }
pegasus_git="$(cd "$1" && pwd)"
thrift_git="$(cd "$2" && pwd)"
work="$3"
rm -rf "$work"
mkdir -p "$work"
work="$(cd "$work" && pwd)"

echo "== Pegasus at $PEGASUS_COMMIT, with the series applied"
git clone -q "$pegasus_git" "$work/pegasus"
git -C "$work/pegasus" checkout -q "$PEGASUS_COMMIT"
git -C "$work/pegasus" apply --check -v "$here"/patches/*.patch
git -C "$work/pegasus" apply "$here"/patches/*.patch

echo "== thrift 0.9.3: headers, and the compiler (C++ generator only)"
mkdir -p "$work/thrift"
git --git-dir="$thrift_git" archive refs/tags/0.9.3 compiler/cpp lib/cpp/src | tar -x -C "$work/thrift"
# Pegasus patches thrift before building it (thirdparty/CMakeLists.txt); the library's hunks.
(cd "$work/thrift" &&
   git apply --include='lib/cpp/*' "$work/pegasus/thirdparty/fix_thrift_build_and_link_errors.patch")
# The stand-in: the config.h thrift's CMake would write on Linux.
cat >"$work/thrift/lib/cpp/src/thrift/config.h" <<'EOF'
#define HAVE_ARPA_INET_H 1
#define HAVE_FCNTL_H 1
#define HAVE_INTTYPES_H 1
#define HAVE_NETDB_H 1
#define HAVE_NETINET_IN_H 1
#define HAVE_STDINT_H 1
#define HAVE_UNISTD_H 1
#define HAVE_PTHREAD_H 1
#define HAVE_SYS_TIME_H 1
#define HAVE_SYS_PARAM_H 1
#define HAVE_SYS_RESOURCE_H 1
#define HAVE_SYS_SOCKET_H 1
#define HAVE_SYS_STAT_H 1
#define HAVE_SYS_UN_H 1
#define HAVE_SYS_POLL_H 1
#define HAVE_SYS_SELECT_H 1
#define HAVE_SCHED_H 1
#define HAVE_STRINGS_H 1
#define HAVE_GETTIMEOFDAY 1
#define HAVE_STRERROR_R 1
#define STRERROR_R_CHAR_P 1
#define ARITHMETIC_RIGHT_SHIFT 1
#define SIGNED_RIGHT_SHIFT_IS 1
EOF
off=()
for lang in c_glib java as3 haxe csharp py rb perl php erl cocoa st ocaml hs xsd html js json \
            javame delphi go d lua gv; do
  off+=("-DTHRIFT_COMPILER_${lang^^}=OFF")
done
mkdir -p "$work/thrift/build"
(cd "$work/thrift/build" && cmake -S ../compiler/cpp -B . "${off[@]}" -DCMAKE_BUILD_TYPE=Release \
   >"$work/thrift-cmake.log" 2>&1 && make -j2 >"$work/thrift-make.log" 2>&1) ||
  { echo "building the thrift compiler failed; see $work/thrift-*.log" >&2; exit 1; }
thrift="$work/thrift/build/thrift"

echo "== Pegasus's generated Thrift code"
gen="$work/gen"
mkdir -p "$gen/common/serialization_helper"
cd "$work/pegasus"
# What src/*/CMakeLists.txt generate with thrift_generate_cpp.
for idl in idl/backup.thrift idl/bulk_load.thrift idl/command.thrift idl/duplication.thrift \
           idl/meta_admin.thrift idl/metadata.thrift idl/partition_split.thrift \
           idl/replica_admin.thrift idl/security.thrift idl/utils.thrift \
           src/common/consensus.thrift src/common/duplication_internal.thrift \
           src/failure_detector/fd.thrift src/nfs/nfs.thrift src/rpc/request_meta.thrift; do
  "$thrift" -gen cpp:moveable_types --out "$gen" -I idl "$idl" >/dev/null
done
# The hand-written dsn_types.h stands for the generated one.
rm -f "$gen"/dsn_types.* "$gen"/dsn_constants.* "$gen"/dsn.layer2_*
# What build_tools/compile_thrift.py does for dsn.layer2: a valid include guard, rpc/serialization.h
# instead of dsn_types.h, the header under common/serialization_helper/.
mkdir -p "$work/layer2"
"$thrift" -gen cpp:moveable_types --out "$work/layer2" idl/dsn.layer2.thrift >/dev/null
awk 'BEGIN { added = 0 }
     /^#include/ && !added { print "#include \"rpc/serialization.h\""; added = 1 }
     /^#include "dsn_types.h"/ { next }
     { gsub(/dsn\.layer2_TYPES_H/, "dsn_layer2_TYPES_H"); print }' \
  "$work/layer2/dsn.layer2_types.h" >"$gen/common/serialization_helper/dsn.layer2_types.h"

echo "== g++ -fsyntax-only"
# Pegasus's flags (cmake_modules/BaseFunctions.cmake), with -DMOCK_TEST as its tests build.
flags=(-std=c++17 -fsyntax-only -Wall -Werror -Wno-sign-compare -Wno-strict-aliasing
       -Wuninitialized -Wno-unused-variable -Wno-deprecated-declarations -Wno-attributes
       -Wno-misleading-indentation -D__STDC_FORMAT_MACROS -DDSN_BUILD_TYPE=Release
       -DDSN_BUILD_HOSTNAME=localhost -DMOCK_TEST
       -Isrc -Isrc/common/serialization_helper -Isrc/include -I"$gen"
       -I"$gen/common/serialization_helper" -I"$work/thrift/lib/cpp/src")
failed=0
for f in src/meta/duplication/dup_readiness_plugin.cpp \
         src/meta/duplication/meta_duplication_service.cpp \
         src/meta/test/meta_duplication_service_test.cpp \
         src/meta/meta_service.cpp \
         src/meta/test/meta_test_base.cpp; do
  if g++ "${flags[@]}" -D__FILENAME__="\"$(basename "$f")\"" "$f"; then
    echo "ok: $f"
  else
    echo "FAILED: $f"
    failed=1
  fi
done
exit "$failed"
