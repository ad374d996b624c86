#!/bin/sh
# Debian's protoc (protobuf-compiler 3.21.12); it matches libprotobuf-dev, which -lprotobuf links.
exec /usr/bin/protoc "$@"
