#!/bin/sh
# The bare pipeline for the linux pack, by hand: the same compiler, flags and
# QEMU command bootbook uses, with nothing of bootbook in between. The benchmark
# times this next to bootbook to measure bootbook's own overhead.
#
#   bare-linux.sh build SRC.c OUT_DIR       compile + link + initramfs (cold path)
#   bare-linux.sh boot QEMU_ARGV...          boot (warm path: the image exists)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
case "$1" in
build)
  src=$2 out=$3
  mkdir -p "$out/root/dev" "$out/root/proc"
  cflags="-static -O2 -std=gnu11 -Wall -fno-pie -I $here/kernels/include"
  musl-gcc $cflags -c "$src" -o "$out/program.o"
  objcopy --redefine-sym main=bb_user_main "$out/program.o"
  musl-gcc $cflags -c "$here/kernels/linux/runtime/bootbook.c" -o "$out/runtime.o"
  musl-gcc -static -no-pie -Wl,--wrap=exit -o "$out/root/init" "$out/program.o" "$out/runtime.o" -lm
  # /dev/console comes from the kernel's built-in initramfs; the rest from cpio.
  (cd "$out/root" && find . | cpio -o -H newc --quiet >"$out/initramfs.cpio")
  ;;
boot)
  shift
  exec "$@" </dev/null
  ;;
esac
