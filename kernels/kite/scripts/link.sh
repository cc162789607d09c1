#!/bin/sh
# link.sh PREPARED OBJECT... - link a program with the kite kernel into
# kite.elf, in two passes: the first image only serves to list its functions
# (nm), which become the .ksyms table of the second, so crash reports can name
# functions. The table's section comes after all code, so both passes put
# every function at the same address. The result is stripped: the table is
# the only symbol information the image needs.
set -e
P=$1
shift
LIBGCC=$(gcc -print-libgcc-file-name)
LDFLAGS="-nostdlib -static -T $P/kite.ld --build-id=none -z max-page-size=4096 -z noexecstack --no-warn-rwx-segments"

ld $LDFLAGS -o pass1.elf "$@" --whole-archive "$P/libkite.a" --no-whole-archive "$LIBGCC"
nm -n pass1.elf | awk '
    BEGIN { n = 0 }
    $2 ~ /^[TtWw]$/ { addr[n] = $1; name[n] = $3; n++ }
    END {
        print ".section .ksyms,\"a\""
        print ".balign 8"
        print ".quad " n + 0
        for (i = 0; i < n; i++) printf ".quad 0x%s, .Lname%d\n", addr[i], i
        for (i = 0; i < n; i++) printf ".Lname%d: .asciz \"%s\"\n", i, name[i]
    }' > ksyms.S
as --64 -o ksyms.o ksyms.S
ld $LDFLAGS -s -o kite.elf "$@" ksyms.o --whole-archive "$P/libkite.a" --no-whole-archive "$LIBGCC"
rm -f pass1.elf
