#!/bin/sh
# Prepare the linux pack: fetch Debian's distribution kernel (linux-image-amd64)
# without installing it, and unpack the uncompressed vmlinux from its bzImage.
# Why uncompressed: under TCG the bzImage's own xz decompression costs 4-5 s of
# every boot; decompressing once here and booting vmlinux through its PVH note
# takes that out of every run.
#
# In:  BB_OUT (empty directory for the outputs), BB_ARCH (x86_64)
# Out: $BB_OUT/vmlinux, $BB_OUT/version (the kernel release and package version)
set -eu
: "${BB_OUT:?BB_OUT must name the output directory}"
work=$(mktemp -d "${BB_OUT}/.work.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The meta-package names the current kernel package (linux-image-6.1.0-NN-amd64).
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
if [ -z "$pkg" ]; then
  echo "linux pack: apt does not know linux-image-amd64; run 'apt-get update' (as root) and retry" >&2
  exit 2
fi
cd "$work"
if ! apt-get download "$pkg" >download.log 2>&1; then
  cat download.log >&2
  echo "linux pack: could not download $pkg with apt-get download" >&2
  exit 2
fi
deb=$(ls ./*.deb)
dpkg-deb --fsys-tarfile "$deb" | tar -x --wildcards './boot/vmlinuz-*'
bz=$(ls boot/vmlinuz-*)
release=${bz#boot/vmlinuz-}

# The kernel proper is the xz stream inside the bzImage: find its magic (FD 37 7A 58 5A 00).
off=$(LC_ALL=C grep -obUaP '\xFD7zXZ\x00' "$bz" | head -n1 | cut -d: -f1)
if [ -z "$off" ]; then
  echo "linux pack: no xz stream in $bz (kernel compressed another way?)" >&2
  exit 2
fi
# xz stops at the end of its stream and complains about the trailing bytes: expected.
tail -c +"$((off + 1))" "$bz" | xz -dc >"$BB_OUT/vmlinux" 2>/dev/null || true
if ! head -c 4 "$BB_OUT/vmlinux" | grep -q 'ELF'; then
  echo "linux pack: the decompressed kernel is not an ELF file" >&2
  exit 2
fi
version=$(dpkg-deb -f "$deb" Version)
printf '%s (Debian %s %s)\n' "$release" "$pkg" "$version" >"$BB_OUT/version"
