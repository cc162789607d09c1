/* The usual string and memory functions of <string.h> work. Each check that
 * fails is printed and counted; the count is the exit status. */
#include <bootbook.h>

static int failures;
#define CHECK(cond) do { if (!(cond)) { printf("FAILED: %s\n", #cond); failures++; } } while (0)

int main(void) {
    char a[32], b[32];
    memset(a, 'x', sizeof a);
    CHECK(a[0] == 'x' && a[31] == 'x');
    strcpy(a, "hello");
    CHECK(strlen(a) == 5);
    CHECK(strcmp(a, "hello") == 0 && strcmp(a, "help") < 0 && strcmp("b", "a") > 0);
    CHECK(strncmp(a, "help", 3) == 0 && strncmp(a, "help", 4) != 0);
    memcpy(b, a, 6);
    CHECK(memcmp(a, b, 6) == 0);
    strcat(b, ", world");
    CHECK(strcmp(b, "hello, world") == 0);
    CHECK(strchr(b, 'o') == b + 4 && strrchr(b, 'o') == b + 8 && strchr(b, 'z') == NULL);
    CHECK(strstr(b, "wor") == b + 7 && strstr(b, "xyz") == NULL);
    memmove(b + 2, b, 5); /* overlapping, forwards */
    CHECK(memcmp(b, "hehello", 7) == 0);
    memmove(b, b + 2, 5); /* overlapping, backwards */
    CHECK(memcmp(b, "hello", 5) == 0);
    char n[8];
    strncpy(n, "abc", sizeof n);
    CHECK(n[3] == 0 && n[7] == 0);
    char s[64];
    int len = snprintf(s, sizeof s, "%s=%d", "n", 42);
    CHECK(len == 4 && strcmp(s, "n=42") == 0);
    CHECK(snprintf(s, 4, "%s", "truncated") == 9 && strcmp(s, "tru") == 0);
    printf("%d failures\n", failures);
    return failures;
}
