/* Returning 0 from main is a successful run. */
#include <bootbook.h>

int main(void) {
    printf("returning 0\n");
    return 0;
}
