// printf formats: each line is compared with what glibc prints for the same call.
#include <bootbook.h>
#include <stdint.h>

int main(void) {
    printf("[%d|%5d|%-5d|%05d|%+d|% d]\n", 42, 42, 42, 42, 42, 42);
    printf("[%i|%ld|%lld|%hd|%hhd]\n", -7, -1234567890123L, 9223372036854775807LL, (short)-3, (signed char)200);
    printf("[%u|%lu|%x|%X|%#x|%o|%#o|%08x]\n", 3000000000u, 18446744073709551615UL, 0xbeef, 0xbeef, 255, 8, 8, 0xabc);
    printf("[%s|%10s|%-10s|%.3s|%c|%%]\n", "kite", "kite", "kite", "kitesurf", 'k');
    printf("[%p|%p]\n", (void *)0x1234, (void *)0);
    printf("[%f|%.2f|%10.3f|%-10.1f|%e|%.3E]\n", 3.14159265, 2.5, -1.0 / 3, 0.05, 123456.789, 0.000123);
    printf("[%g|%g|%g|%g|%.3g|%G]\n", 100000.0, 1000000.0, 0.0001, 0.00001, 3.14159, 1e-10);
    printf("[%.17g|%.17g|%.17g|%.17g]\n", 0.1, 1.0 / 3, 20000006.0, 1e300);
    printf("[%f|%e|%g|%.0f|%#.0f]\n", 0.0, 0.0, 0.0, 2.5, 3.0);
    printf("[%*d|%-*d|%.*f]\n", 6, 1, 6, 2, 2, 1.005);
    printf("[%zu|%jd|%td]\n", (size_t)12, (intmax_t)-5, (ptrdiff_t)7);
    char buf[8];
    int n = snprintf(buf, sizeof buf, "%s", "truncated text");
    printf("[%s|%d]\n", buf, n);
    return 0;
}
