"""What the platform costs when nothing happens: CPU per process, as a share of one core,
over a quiet period with the whole local stack up (the five services, the embedded servers,
the simulated POD, the gateway) and no traffic at all.

CPU time is read from /proc/<pid>/stat (utime + stime, and cutime + cstime of reaped
children) of every process in each child's session, at the start and at the end of the
window. The machine is shared, so two yardsticks are measured in the same window: an idle
`sleep` process started here (0 % unless the accounting is wrong) and the whole machine's
busy time from /proc/stat (what our processes do not explain is someone else's).

    .venv/bin/python benchmarks/idle.py [--seconds 60] [--settle-seconds 20]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import time
from dataclasses import dataclass


from bench_stack import bench_stack
from devstack import SERVICES, LocalStack

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BASELINE = "sleep (baseline)"
# A scheduled POD sync is work, not idling: keep it out of the window (the bridge's exchange
# loop keeps devstack's interval: it is what an idle local stack does).
NO_SCHEDULED_SYNC = "3600"


@dataclass(frozen=True)
class IdleResult:
    seconds: float
    cpu_percent: dict[str, float]   # process name -> % of one core over the window
    machine_busy_percent: float      # all cores together, in % of one core
    cores: int

    @property
    def ours_percent(self) -> float:
        return sum(v for k, v in self.cpu_percent.items() if k != BASELINE)


def _stat_fields(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as f:
        text = f.read()
    return text[text.rindex(")") + 2:].split()  # after "pid (comm) "; comm may hold spaces


def session_cpu_seconds(session_id: int) -> float:
    """CPU seconds of every live process in a session (our children each lead their own),
    with the reaped children they waited for."""
    ticks = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = _stat_fields(int(entry))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        # fields[0] is field 3 (state): session is field 6, utime..cstime are fields 14-17.
        if int(fields[3]) == session_id:
            ticks += sum(int(v) for v in fields[11:15])
    return ticks / CLOCK_TICKS


def machine_busy_seconds() -> float:
    with open("/proc/stat") as f:
        cpu = [int(v) for v in f.readline().split()[1:]]
    idle, iowait = cpu[3], cpu[4]
    return (sum(cpu[:8]) - idle - iowait) / CLOCK_TICKS  # user..steal; guest is inside user


def measure(processes: dict[str, int], seconds: float) -> IdleResult:
    """processes: name -> session id (the pid of a process started with a new session)."""
    before = {name: session_cpu_seconds(sid) for name, sid in processes.items()}
    machine_before, started = machine_busy_seconds(), time.monotonic()
    time.sleep(seconds)
    after = {name: session_cpu_seconds(sid) for name, sid in processes.items()}
    elapsed = time.monotonic() - started
    machine = (machine_busy_seconds() - machine_before) / elapsed * 100
    return IdleResult(seconds=elapsed, machine_busy_percent=machine, cores=os.cpu_count() or 1,
                      cpu_percent={n: (after[n] - before[n]) / elapsed * 100 for n in processes})


def start_whole_stack(stack: LocalStack) -> None:
    """Everything `make run` starts, on the bench stack's servers (already up)."""
    stack.start_pod()
    stack.start_services()
    stack.start_gateway()


def wait_consumers_joined(stack: LocalStack, settle_seconds: float) -> None:
    """Healthy means connected to Kafka; the consumer groups' joins and first fetches, the
    relays' first passes and the servers' snapshot writes after startup take a little longer."""
    for spec in SERVICES:
        stack.wait_healthy(spec.name)
    time.sleep(settle_seconds)


def idle_cpu(stack: LocalStack, seconds: float, settle_seconds: float) -> IdleResult:
    """Start the whole stack, let it settle, measure, and stop the services again."""
    start_whole_stack(stack)
    baseline = subprocess.Popen(["sleep", str(int(seconds + settle_seconds + 60))], start_new_session=True)
    try:
        wait_consumers_joined(stack, settle_seconds)
        sessions = {name: process.pid for name, process in stack.processes.items()}
        sessions[BASELINE] = baseline.pid
        return measure(sessions, seconds)
    finally:
        baseline.kill()
        baseline.wait()
        for name in ["gateway", *reversed([s.name for s in SERVICES]), "pod"]:
            if name in stack.processes:
                stack.processes[name].stop()


def report_rows(result: IdleResult, target_percent: float) -> list[tuple[str, str, str]]:
    service_names = {s.name for s in SERVICES}
    rows = []
    for name, percent in result.cpu_percent.items():
        what = "service" if name in service_names else "yardstick" if name == BASELINE else "server"
        if name in service_names:
            what += f" (target < {target_percent:g}%)" + (" over" if percent >= target_percent else "")
        rows.append((f"4 idle CPU {name}", f"{percent:.1f} %", what))
    rows += [
        ("4 idle CPU all of ours", f"{result.ours_percent:.1f} %", "sum of the processes above, % of one core"),
        ("4 idle CPU whole machine", f"{result.machine_busy_percent:.1f} %",
         f"/proc/stat busy, {result.cores} cores = {result.cores * 100} %; the rest is others' work"),
    ]
    return rows


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    parser.add_argument("--keep-run-dir", action="store_true", help="keep data and service logs afterwards")
    return parser.parse_args()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--idle-seconds", type=float, default=60.0, help="length of the quiet window")
    parser.add_argument("--idle-settle-seconds", type=float, default=20.0,
                        help="wait after every service is healthy before the window starts")
    parser.add_argument("--idle-target", type=float, default=3.0, help="per-service target, %% of one core")


def main() -> None:
    args = parse_args()
    os.environ.setdefault("POD_SYNC_INTERVAL_SECONDS", NO_SCHEDULED_SYNC)
    with bench_stack("oi-bench-idle-", keep_run_dir=args.keep_run_dir) as stack:
        print(f"4. idle: the whole stack, {args.idle_seconds:g}s without traffic", flush=True)
        result = idle_cpu(stack, args.idle_seconds, args.idle_settle_seconds)
    from run import table  # the same table as the other figures

    print(f"\n{table([('figure', 'value', 'what'), *report_rows(result, args.idle_target)])}\n\n"
          f"({result.cores} CPUs, window {result.seconds:.0f}s)")


if __name__ == "__main__":
    main()
