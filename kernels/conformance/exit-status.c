/* A non-zero return from main reaches the host as the run's exit status. */
#include <bootbook.h>

int main(void) {
    int status = (int)bb_param("status", 3);
    printf("returning %d\n", status);
    return status;
}
