#!/bin/sh
# link.sh ARCH PREPARED OBJECT... - link a program with the kite kernel into
# kite.elf, in two passes: the first image only serves to list its functions
# (nm), which become the .ksyms table of the second, so crash reports can name
# functions. The table's section comes after all code, so both passes put
# every function at the same address (riscv64 links without relaxation for
# that). The result is stripped: the table is the only symbol information
# the image needs. ARCH is x86_64 (host tools) or riscv64 (riscv64-unknown-elf-*).
set -e
ARCH=$1
P=$2
shift 2
LDFLAGS="-nostdlib -static -T $P/kite.ld --build-id=none -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments"
case "$ARCH" in
riscv64)
    X=riscv64-unknown-elf-
    LIBGCC=$(${X}gcc -march=rv64imac -mabi=lp64 -print-libgcc-file-name) # the soft-float multilib
    ASFLAGS="-march=rv64imac_zicsr -mabi=lp64"
    LDFLAGS="$LDFLAGS --no-relax" ;;
x86_64)
    X=
    LIBGCC=$(gcc -print-libgcc-file-name)
    ASFLAGS=--64 ;;
*)
    echo "link.sh: unknown architecture $ARCH" >&2; exit 2 ;;
esac

${X}ld $LDFLAGS -o pass1.elf "$@" --whole-archive "$P/libkite.a" --no-whole-archive "$LIBGCC"
${X}nm -n pass1.elf | awk '
    BEGIN { n = 0 }
    $2 ~ /^[TtWw]$/ { addr[n] = $1; name[n] = $3; n++ }
    END {
        print ".section .ksyms,\"a\""
        print ".balign 8"
        print ".quad " n + 0
        for (i = 0; i < n; i++) printf ".quad 0x%s, .Lname%d\n", addr[i], i
        for (i = 0; i < n; i++) printf ".Lname%d: .asciz \"%s\"\n", i, name[i]
    }' > ksyms.S
${X}as $ASFLAGS -o ksyms.o ksyms.S
${X}ld $LDFLAGS -s -o kite.elf "$@" ksyms.o --whole-archive "$P/libkite.a" --no-whole-archive "$LIBGCC"
rm -f pass1.elf
