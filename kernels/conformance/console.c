/* The console is captured: ordinary printf output reaches the host in order,
 * with the usual conversions formatted as C's printf does. */
#include <bootbook.h>

int main(void) {
    printf("conformance: console line 1\n");
    printf("ints %d %i %u %ld %lu|%5d|%-5d|%05d|%x %X %#x\n", -42, 7, 3000000000u, -1234567890123L, 18446744073709551615UL, 42, 42, 42, 255, 255, 255);
    printf("strings %s|%8s|%-8s|%.3s|%c%c\n", "abc", "right", "left", "truncate", 'o', 'k');
    printf("floats %.2f %g %.3e\n", 3.14159, 0.5, 12345.678);
    printf("no newline at first, ");
    printf("then the rest\n");
    for (int i = 0; i < 100; i++) printf("line %03d of a longer output\n", i);
    printf("conformance: console end\n");
    return 0;
}
