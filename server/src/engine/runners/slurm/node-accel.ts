// KVM on the node. When the user asked for `auto` and the pack allows kvm, the
// accelerator is chosen by the job on the node that boots the guest, not on the
// machine that submitted it: nodes differ (some have /dev/kvm, some do not, some
// run nested KVM). The same rule as the local probe (qemu/accel.ts): /dev/kvm
// existing is not enough, because a nested KVM can emulate ring-0 code and be
// far slower than TCG, so the node boots the ring-0 probe under both and keeps
// the faster. The answer is kept per node for a day (in the user's bootbook
// cache as the job sees it), and the job writes what it chose to the task's
// `accel` file, which the runner records.
import { shellQuote } from '../qemu/config.js';

/** The word in a task's argv that the node's choice replaces (`-accel X [-cpu Y]`). */
export const ACCEL_MARK = '__BB_ACCEL_ARGS__';
const MACHINE = 'microvm,x-option-roms=off,rtc=off,pit=off,pic=off,acpi=off';
const KVM_CPUS = ['host', 'host,-arch-capabilities', 'kvm64'];
const CACHE_MINUTES = 24 * 60;

export interface NodeAccel {
  accel: 'tcg' | 'kvm';
  cpu?: string;
  reason: string;
  node: string;
}

/**
 * accel.sh QEMU TCG_CPU PROBE_ELF OUT: decides, writes "accel|cpu|node|reason" to
 * OUT, and prints `-accel X [-cpu Y]` for the run script. Never fails: tcg works
 * everywhere, and the reason says why it was chosen.
 */
export function nodeAccelScript(): string {
  return `#!/bin/sh
q=$1; tcgcpu=$2; probe=$3; out=$4
node=\${SLURMD_NODENAME:-$(hostname)}
cache=\${BOOTBOOK_CACHE:-\${XDG_CACHE_HOME:-$HOME/.cache}/bootbook}/node-accel
f=$cache/$node
decide() { # accel cpu reason
  echo "$1|$2|$node|$3" > "$out"
  if [ -n "$2" ]; then echo "-accel $1 -cpu $2"; else echo "-accel $1"; fi
}
if [ -n "$(find "$f" -mmin -${CACHE_MINUTES} 2>/dev/null)" ] && IFS='|' read -r a c r < "$f"; then
  decide "$a" "$c" "$r (measured on $node within the last day)"; exit 0
fi
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
  decide tcg "$tcgcpu" "/dev/kvm is not usable on $node"; exit 0
fi
# Milliseconds of one probe boot (exit status 1 = the probe's clean exit), or a failure word.
boot() { # limit-ms accel [cpu]
  s=$(date +%s%N)
  timeout -k 1 "$(awk "BEGIN{print $1/1000}")" "$q" -M ${MACHINE} -accel "$2" \${3:+-cpu "$3"} -nodefaults -nographic -monitor none -serial none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$probe" >/dev/null 2>&1
  rc=$?; e=$(date +%s%N)
  case $rc in 1) echo $(( (e - s) / 1000000 ));; 124|137) echo slow;; *) echo "fail$rc";; esac
}
t=$(boot 10000 tcg)
case $t in *[!0-9]*) decide tcg "$tcgcpu" "the tcg probe did not boot on $node ($t)"; exit 0;; esac
limit=$(( t * 20 > 2000 ? t * 20 : 2000 ))
k=; kcpu=
for c in ${KVM_CPUS.join(' ')}; do
  k=$(boot $limit kvm "$c"); kcpu=$c
  case $k in fail*) continue;; *) break;; esac
done
mkdir -p "$cache" 2>/dev/null
keep() { echo "$1|$2|$3" > "$f.$$" 2>/dev/null && mv "$f.$$" "$f" 2>/dev/null; decide "$1" "$2" "$3"; }
case $k in
  slow) keep tcg "$tcgcpu" "kvm over $limit ms vs tcg $t ms for the ring-0 probe on $node: tcg is faster there (nested KVM emulates guest kernel code)";;
  fail*|'') keep tcg "$tcgcpu" "no CPU model boots under kvm on $node";;
  *) if [ "$k" -lt "$t" ]; then keep kvm "$kcpu" "kvm $k ms vs tcg $t ms for the ring-0 probe on $node: kvm is faster"
     else keep tcg "$tcgcpu" "kvm $k ms vs tcg $t ms for the ring-0 probe on $node: tcg is faster there"; fi;;
esac
`;
}

/** The run script's line that asks the node, given the staged accel.sh and probe. */
export function askNode(accelSh: string, qemu: string, tcgCpu: string | undefined, probe: string): string {
  return `BB_ACCEL_ARGS=$(sh ${shellQuote([accelSh, qemu, tcgCpu ?? '', probe])} accel)`;
}

/** The task's `accel` file: "kvm|host|n2|reason". */
export function parseNodeAccel(text: string | undefined): NodeAccel | undefined {
  const line = text?.trim().split('\n')[0];
  if (!line) return undefined;
  const [accel, cpu, node, ...reason] = line.split('|');
  if (accel !== 'tcg' && accel !== 'kvm') return undefined;
  return { accel, ...(cpu ? { cpu } : {}), node: node ?? '', reason: reason.join('|') };
}

/** argv with `-accel X [-cpu Y]` replaced by the mark; the node's words go there. */
export function markAccel(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '-accel') {
      out.push(ACCEL_MARK);
      i++;
      if (argv[i + 1] === '-cpu') i += 2;
      continue;
    }
    out.push(argv[i]!);
  }
  return out;
}

/** The argv the node ran: the mark replaced by its choice (for the record). */
export function unmarkAccel(argv: readonly string[], a: NodeAccel): string[] {
  return argv.flatMap((w) => (w === ACCEL_MARK ? ['-accel', a.accel, ...(a.cpu ? ['-cpu', a.cpu] : [])] : [w]));
}
