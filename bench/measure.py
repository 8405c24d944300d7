"""How bench/engine.py measures: one pipeline child process (wall and CPU time, peak RSS of its
largest process and of its whole tree), the stage counts its log reports, and bare jieba over a
list of texts in this process. Reads /proc and the child's stderr; writes nothing."""
from __future__ import annotations

import os
import re
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.engine.tasks import STAGES

# How often the RSS of the child's process tree is sampled (seconds).
SAMPLE_EVERY = 0.2
_STAGE_COUNT = re.compile(r"\b(" + "|".join(STAGES) + r") (\d+) run/(\d+) cached")


@dataclass
class Measured:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and everything it waited for
    rss_mb: float  # peak RSS of the largest single process in the tree (wait4 ru_maxrss)
    tree_mb: float  # peak of the summed RSS of the whole tree, sampled every SAMPLE_EVERY s
    log: str  # the child's stderr
    other_cpu: float = 0.0  # CPU seconds other processes on the machine used meanwhile (noise)


class ChildFailed(RuntimeError):
    pass


def _ppid_and_rss(pid: str) -> tuple[int, int] | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    ppid = int(stat.rsplit(")", 1)[1].split()[1])
    rss = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return ppid, rss


def tree_rss_kb(root: int) -> int:
    """Summed RSS (kB) of process `root` and all its descendants, from /proc."""
    procs = {int(p): v for p in os.listdir("/proc") if p.isdigit() and (v := _ppid_and_rss(p))}
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen or pid not in procs:
            continue
        seen.add(pid)
        total += procs[pid][1]
        todo.extend(c for c, (ppid, _) in procs.items() if ppid == pid)
    return total


def _sample(pid: int, stop: threading.Event, peak: list[int]) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], tree_rss_kb(pid))
        stop.wait(SAMPLE_EVERY)


def _cpu(usage) -> float:
    return usage.ru_utime + usage.ru_stime


def machine_busy() -> float:
    """CPU seconds all processors have spent busy since boot (/proc/stat; 0 when unreadable)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    except (OSError, ValueError):
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq = fields
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run_child(cmd: list[str], *, cwd: Path, env: dict[str, str]) -> Measured:
    """Run `cmd` to the end; raises ChildFailed (with its stderr) when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy, own = machine_busy(), time.process_time()
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop, peak = threading.Event(), [0]
    sampler = threading.Thread(target=_sample, args=(proc.pid, stop, peak), daemon=True)
    sampler.start()
    log = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage: its tree's peak RSS
    wall = time.perf_counter() - t
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise ChildFailed(f"{' '.join(cmd)} exited {proc.returncode}:\n{log[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = _cpu(after) - _cpu(before)
    other = machine_busy() - busy - cpu - (time.process_time() - own)
    return Measured(wall, cpu, usage.ru_maxrss / 1024, peak[0] / 1024, log, max(0.0, other))


def stage_work(log: str) -> str:
    """What a run did per stage, from its log: 'up to date', or the articles each of parse,
    segment, figures, initiatives, features and cells ran for ('1/1/1/1/1/1 of 2786')."""
    if "everything up to date" in log:
        return "up to date"
    counts = {m[1]: (int(m[2]), int(m[3])) for m in _STAGE_COUNT.finditer(log)}
    if not counts:
        return "?"
    total = max(r + c for r, c in counts.values())
    return "/".join(str(counts.get(s, (0, 0))[0]) for s in STAGES) + f" of {total}"


def jieba_floor(texts: list[str]) -> tuple[float, float, int, float]:
    """(CPU seconds, wall seconds, tokens, other processes' CPU seconds meanwhile) of a fresh
    jieba.Tokenizer's lcut over `texts`; its dictionary is loaded before the clock starts."""
    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    tokens = 0
    busy, cpu, wall = machine_busy(), time.process_time(), time.perf_counter()
    for text in texts:
        tokens += len(tok.lcut(text))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return cpu, wall, tokens, max(0.0, machine_busy() - busy - cpu)
