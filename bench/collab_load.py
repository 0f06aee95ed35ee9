"""Load on a shared deployment: units saving and submitting, reviewers reading, on PostgreSQL.

--units simulated units (default 200), each edited by two writers of the same agency in two
worker processes at once (every save adds 1 to one cell of the version it loaded; on a conflict
the writer reloads and tries again, as a person would), then approved and submitted to one
collection round; meanwhile --reviewers threads (default 5) read the round's dashboard and,
now and then, the live roll-up. At the end:

* no lost write: each report's cell grew by exactly the number of saves that succeeded, and its
  version counter by the same number (a silent overwrite would lose an increment);
* no silent overwrite: every refused save was a ``SaveConflict`` naming who saved;
* the audit log verifies;

and the p50/p95 latency of each operation is printed. Without --database a throw-away
PostgreSQL is started on 127.0.0.1 (as the tests do: tests/db/postgres.py).

    .venv/bin/python bench/collab_load.py [--units 200] [--saves 5] [--reviewers 5] [--database URL]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.collab import rounds, signoff
from assistant.collab.accounts import add_user
from assistant.collab.auditlog import verify
from assistant.collab.people import Actor, Role
from assistant.collab.reports import SaveConflict, create_report, load_report, save_report
from assistant.collab.status import UnitState
from assistant.db import Database, open_database
from assistant.rollup import RosterUnit, UnitKind
from testdata.synth import synthetic_report

YEAR = 2023
GOVERNMENT = "临川市人民政府"
CELL = "t2.normative.issued"
T = TypeVar("T")


def unit_name(i: int) -> str:
    return f"临川市第{i:03d}局"


def timed(times: dict[str, list[float]], op: str, func: Callable[[], T]) -> T:
    start = time.perf_counter()
    try:
        return func()
    finally:
        times[op].append(time.perf_counter() - start)


def writer(url: str, worker: int, units: int, saves: int, seed: int) -> dict[str, Any]:
    """One worker process: for every unit, ``saves`` successful +1 saves as that unit's writer
    number ``worker``; then approve and submit the units whose number has its parity."""
    db = open_database(url, upgrade=False, pool_size=4)
    rng = random.Random(seed)
    times: dict[str, list[float]] = defaultdict(list)
    done = conflicts = unnamed = 0
    order = list(range(units))
    try:
        for _round_of_saves in range(saves):
            rng.shuffle(order)
            for i in order:
                actor = Actor(name=f"w{worker}-{i}", role=Role.WRITER, agency=unit_name(i))
                report_id = i + 1
                while True:
                    stored = timed(times, "load", lambda a=actor, r=report_id: load_report(db, a, r))
                    report = stored.report.model_copy(deep=True)
                    report.set_cell(CELL, int(report.cells[CELL] or 0) + 1)
                    try:
                        timed(times, "save", lambda a=actor, r=report_id, s=stored, p=report:
                              save_report(db, a, r, p, expected_version=s.version))
                        done += 1
                        break
                    except SaveConflict as exc:
                        conflicts += 1
                        unnamed += "保存冲突" not in str(exc) or exc.theirs.updated_by not in str(exc)
        admin = Actor.local(f"审核人{worker}")
        for i in range(worker, units, 2):
            timed(times, "send", lambda r=i + 1: signoff.send_for_approval(db, admin, r))
            timed(times, "approve", lambda r=i + 1: signoff.approve(db, admin, r, secrecy_reviewed=True))
            timed(times, "submit", lambda r=i + 1: rounds.submit_to_round(db, admin, 1, r))
    finally:
        db.dispose()
    return {"saves": done, "conflicts": conflicts, "unnamed": unnamed, "times": dict(times)}


def _writer_entry(args: tuple[str, int, int, int, int]) -> dict[str, Any]:
    return writer(*args)


def setup(db: Database, units: int, reviewers: int) -> list[Actor]:
    admin = Actor.local("基准测试")
    for i in range(units):
        create_report(db, admin, synthetic_report(random.Random(i), agency=unit_name(i), year=YEAR, scale=10))
    names = [add_user(db, admin, f"reviewer{k}", "bench-password-1", Role.ROUND_REVIEWER).name
             for k in range(reviewers)]
    roster = [RosterUnit(name=unit_name(i), kind=UnitKind.DEPARTMENT, row=i + 2) for i in range(units)]
    rounds.create_round(db, admin, name=GOVERNMENT, year=YEAR, roster=roster, reviewers=names)
    from assistant.collab.accounts import get_actor

    return [get_actor(db, name) for name in names]


def reviewer_loop(db: Database, actor: Actor, stop: threading.Event, times: dict[str, list[float]]) -> None:
    reads = 0
    while not stop.is_set():
        timed(times, "dashboard", lambda: rounds.dashboard(db, actor, 1))
        reads += 1
        if reads % 10 == 0:
            timed(times, "rollup", lambda: rounds.live_rollup(db, actor, 1))
        time.sleep(0.05)


def percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def run(url: str, units: int, saves: int, reviewer_count: int) -> int:
    db = open_database(url, pool_size=reviewer_count + 2)
    try:
        started = time.perf_counter()
        reviewers = setup(db, units, reviewer_count)
        print(f"准备：{units} 个单位的报告、{reviewer_count} 个汇总审核人，{time.perf_counter() - started:.1f} 秒")
        read_times: dict[str, list[float]] = defaultdict(list)
        stop = threading.Event()
        threads = [threading.Thread(target=reviewer_loop, args=(db, r, stop, read_times)) for r in reviewers]
        for t in threads:
            t.start()
        started = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            results = pool.map(_writer_entry, [(url, w, units, saves, 100 + w) for w in (0, 1)])
        wall = time.perf_counter() - started
        stop.set()
        for t in threads:
            t.join()

        ok = True
        succeeded = sum(r["saves"] for r in results)
        admin = Actor.local("基准测试")
        lost = []
        for i in range(units):
            stored = load_report(db, admin, i + 1)
            initial = synthetic_report(random.Random(i), agency=unit_name(i), year=YEAR, scale=10).cells[CELL] or 0
            if stored.report.cells[CELL] != int(initial) + 2 * saves or stored.version != 1 + 2 * saves:
                lost.append(unit_name(i))
        board = rounds.dashboard(db, reviewers[0], 1)
        submitted = board.count(UnitState.SUBMITTED) + board.count(UnitState.HAS_ERRORS)
        check = verify(db)
        print(f"写入：{succeeded} 次保存成功（应为 {2 * units * saves}），{sum(r['conflicts'] for r in results)} 次冲突"
              f"（未写明修改人的 {sum(r['unnamed'] for r in results)} 次），{wall:.1f} 秒")
        print(f"丢失的写入：{len(lost)} 个单位" + (f"（{'、'.join(lost[:5])}…）" if lost else ""))
        print(f"报送：{submitted}/{units} 个单位；审计日志：{check.message}")
        ok = not lost and succeeded == 2 * units * saves and submitted == units and check.ok \
            and not sum(r["unnamed"] for r in results)
        times: dict[str, list[float]] = defaultdict(list)
        for r in results:
            for op, values in r["times"].items():
                times[op] += values
        for op, values in read_times.items():
            times[op] += values
        print(f"{'操作':<10}{'次数':>8}{'p50 毫秒':>12}{'p95 毫秒':>12}")
        for op in ("load", "save", "send", "approve", "submit", "dashboard", "rollup"):
            if times.get(op):
                p50, p95 = percentiles(times[op])
                print(f"{op:<10}{len(times[op]):>8}{p50 * 1000:>12.1f}{p95 * 1000:>12.1f}")
        print("结果：" + ("通过" if ok else "未通过"))
        return 0 if ok else 1
    finally:
        db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description="共享部署的负载测试（PostgreSQL）")
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--saves", type=int, default=5, help="每个撰稿人对每份报告成功保存的次数")
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--database", help="PostgreSQL 地址；不给则在 127.0.0.1 上临时启动一个")
    args = parser.parse_args()
    if args.database:
        return run(args.database, args.units, args.saves, args.reviewers)
    from tests.db.postgres import PostgresServer, find_bin_dir

    bin_dir = find_bin_dir()
    if bin_dir is None:
        print("找不到 PostgreSQL（initdb、pg_ctl）：请安装 postgresql，或用 --database 指定", file=sys.stderr)
        return 2
    server = PostgresServer(bin_dir)
    server.start()
    try:
        return run(server.create_database(), args.units, args.saves, args.reviewers)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
