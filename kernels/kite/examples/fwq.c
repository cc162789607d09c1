// Fixed work quantum (FWQ): do the same small amount of work over and over
// and record how long each quantum took. Any quantum longer than the others
// was interrupted: the spikes are the kernel's noise (timer ticks, here).
// Compare hz=0 (tickless) with hz=1000.
#include <bootbook.h>
#include <kite.h>

#define MAX_SAMPLES 4096

int main(void) {
    long samples = bb_param("samples", 1000), work = bb_param("work", 20000);
    if (samples > MAX_SAMPLES) samples = MAX_SAMPLES;
    static uint64_t took[MAX_SAMPLES];
    for (long s = 0; s < samples; s++) {
        uint64_t c0 = bb_cycles();
        volatile long x = 0;
        for (long i = 0; i < work; i++) x += i;
        took[s] = bb_cycles() - c0;
    }
    uint64_t min = took[0], max = took[0], sum = 0;
    for (long s = 0; s < samples; s++) {
        if (took[s] < min) min = took[s];
        if (took[s] > max) max = took[s];
        sum += took[s];
    }
    long noisy = 0;
    for (long s = 0; s < samples; s++) noisy += took[s] > min + min / 10;
    bb_metric("quantum_min", (double)min, "cycles");
    bb_metric("quantum_mean", (double)sum / (double)samples, "cycles");
    bb_metric("quantum_max", (double)max, "cycles");
    bb_metric("noisy_quanta", (double)noisy, "");
    for (long s = 0; s < samples && s < bb_param("trace", 0); s++) bb_metric("quantum", (double)took[s], "cycles");
    return 0;
}
