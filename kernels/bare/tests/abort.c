/* abort() ends the run as a crash with its reason. */
#include <bootbook.h>
#include <stdlib.h>

int main(void) {
    printf("calling abort\n");
    abort();
}
