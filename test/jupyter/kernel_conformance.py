"""jupyter_kernel_test (Debian's python3-jupyter-kernel-test) against the bootbook
ZeroMQ kernel, for the linux and kite kernelspecs installed by
`bootbook jupyter install`. Run by test/jupyter/clients.test.ts as

    JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 -m unittest -v kernel_conformance

Each sample is something a bootbook cell really does:
- stdout: the guest's console (the program's printf) is the cell's stdout stream;
- stderr: the compiler's warnings for the cell go to its stderr stream
  ("line 3: warning: unused variable 'unused'"), as a compiler writes them;
- error: a directive naming a pack that does not exist (a DirectiveError, the only output);
- execute_result: the run record (text/plain, text/html and the bootbook run MIME type);
- display_data: the build/boot progress display (bootbook's progress MIME type);
- completion, is_complete and inspection: directives and bootbook.h functions.
History is not offered (cells are whole programs): its tests are skipped.
"""
import unittest

import jupyter_kernel_test as jkt

HELLO = '#include <bootbook.h>\nint main(void) {\n    printf("hello, world\\n");\n    return 0;\n}\n'
WARNING = '#include <bootbook.h>\nint main(void) {\n    int unused;\n    printf("ok\\n");\n    return 0;\n}\n'


class BootbookKernelTests:
    language_name = "c"
    file_extension = ".c"
    code_hello_world = HELLO
    code_stderr = WARNING
    code_generate_error = "%target no-such-pack\n#include <bootbook.h>\nint main(void) { return 0; }\n"
    code_execute_result = [
        {"code": HELLO, "mime": "text/plain"},
        {"code": HELLO, "mime": "application/vnd.bootbook.run+json"},
    ]
    code_display_data = [{"code": HELLO, "mime": "application/vnd.bootbook.progress+json"}]
    completion_samples = [
        {"text": "%ta", "matches": {"%target"}},
        {"text": "%target ki", "matches": {"kite"}},
        {"text": "%clock i", "matches": {"icount"}},
        {"text": "int main(void) { bb_metr", "matches": {"bb_metric"}},
    ]
    complete_code_samples = ["int main(void) { return 0; }", "%param n=3\nint main(void) { return 0; }\n"]
    incomplete_code_samples = ["int main(void) {", "int main(void) {\n    /* still open"]
    invalid_code_samples = ["}", "int main(void) { return 0; }}"]
    code_inspect_sample = "bb_metric"


class LinuxX86_64(BootbookKernelTests, jkt.KernelTests):
    kernel_name = "bootbook-linux-x86_64"


class KiteX86_64(BootbookKernelTests, jkt.KernelTests):
    kernel_name = "bootbook-kite-x86_64"


if __name__ == "__main__":
    unittest.main()
