#include <bootbook.h>

int main(void) {
    int x = 1;
    return x + undeclared_variable;
}
