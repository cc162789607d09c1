// Facts about the host that go into every record, and the TSC frequency the
// Linux pack needs on its command line (microvm has no PIT/HPET to calibrate
// against: without tsc_early_khz the kernel marks the TSC unstable and hangs).
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, hostname, release, type } from 'node:os';
import type { Clock } from './runners/qemu/config.js';

function cpuinfo(field: string): string | undefined {
  try {
    const m = new RegExp(`^${field}\\s*:\\s*(.+)$`, 'm').exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return m?.[1]?.trim();
  } catch {
    return undefined;
  }
}

export function hostFacts() {
  return { hostname: hostname(), os: `${type()} ${release()}`, cpu: cpuinfo('model name') ?? 'unknown', cores: availableParallelism() };
}

/** The host's TSC rate in kHz: what the guest's rdtsc counts in under TCG's real clock. */
export function hostTscKhz(): number {
  const sys = '/sys/devices/system/cpu/cpu0/tsc_freq_khz';
  if (existsSync(sys)) {
    const v = Number(readFileSync(sys, 'utf8').trim());
    if (v > 0) return v;
  }
  const mhz = Number(cpuinfo('cpu MHz'));
  return mhz > 0 ? Math.round(mhz * 1000) : 2_000_000;
}

/**
 * Template variables about the clock, for pack command lines. Under icount
 * (shift=0) one guest instruction is one virtual nanosecond, so the counter
 * runs at 1 GHz in guest time whatever the host is.
 */
export function clockVars(clock: Clock): Record<string, string> {
  const khz = clock === 'icount' ? 1_000_000 : hostTscKhz();
  // Loops per jiffy at HZ=250 (Debian's kernels), so the kernel skips delay-loop calibration.
  return { 'clock.tsc_khz': String(khz), 'clock.lpj': String(khz * 4), clock };
}
