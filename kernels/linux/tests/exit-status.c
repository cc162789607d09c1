/* main's return value is the run's exit status. */
#include <bootbook.h>

int main(void) { return 7; }
