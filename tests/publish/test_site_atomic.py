"""Publishing a site is all or nothing, even when the process is killed mid-build."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsdesk.config import FAULT_DELAY_VARIABLE as FAULT_DELAY_ENV
from newsdesk.errors import NewsdeskError
from newsdesk.publish import site as site_module
from newsdesk.publish.atomic import builds_dir
from newsdesk.publish.site import build_site
from tests.conftest import REPO_ROOT
from tests.publish.build_site_child import site_editions

KILL_RUNS = 30


def manifest(out_dir: Path) -> dict[str, str]:
    """Relative path -> sha256 of every file of the published site (following the link)."""
    files = {}
    for root, _dirs, names in os.walk(out_dir):
        for name in names:
            path = Path(root) / name
            files[str(path.relative_to(out_dir))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def build(out_dir: Path, variant: str) -> dict[str, str]:
    """Build a version of the site in this process and return its manifest."""
    build_site(site_editions(variant), out_dir, site_title=f"China Tech Weekly ({variant})")
    return manifest(out_dir)


def test_site_is_published_as_a_link_to_a_complete_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    report = build_site(site_editions("new"), out, site_title="T")
    assert out.is_symlink() and out.resolve() == report.build_dir.resolve()
    assert not os.path.isabs(os.readlink(out)), "relative link survives moving the parent"
    assert sorted(manifest(out)) == sorted(report.files)


def test_rebuild_switches_and_removes_the_old_build(tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build_site(site_editions("old"), out, site_title="T").build_dir
    second = build_site(site_editions("new"), out, site_title="T").build_dir
    assert not first.exists() and out.resolve() == second.resolve()
    assert list(builds_dir(out).iterdir()) == [second]


def test_stale_build_and_link_from_a_crash_are_cleaned_up(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(out, "old")
    stale = builds_dir(out) / "20000101T000000000000-deadbeef"
    (stale / "editions").mkdir(parents=True)
    (stale / "index.html").write_text("half")
    stale_link = tmp_path / ".site.link-0badf00d"
    stale_link.symlink_to(stale)
    build(out, "new")
    assert not stale.exists() and not stale_link.is_symlink()
    assert len(list(builds_dir(out).iterdir())) == 1


def test_plain_directory_site_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "old.html").write_text("hand-made")
    new = build(out, "new")
    assert out.is_symlink() and "old.html" not in new and "index.html" in new


def test_failed_render_keeps_the_old_site(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    old = build(out, "old")
    real_render = site_module.render_page
    calls = {"n": 0}

    def failing_render(template: str, **context: object) -> str:
        calls["n"] += 1
        if calls["n"] == 3:
            raise NewsdeskError("disk full (simulated)")
        return real_render(template, **context)

    monkeypatch.setattr(site_module, "render_page", failing_render)
    with pytest.raises(NewsdeskError):
        build(out, "new")
    assert manifest(out) == old
    assert len(list(builds_dir(out).iterdir())) == 1, "partial build removed"


def test_output_under_a_file_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(NewsdeskError) as caught:
        build_site(site_editions("new"), blocker / "site", site_title="T")
    assert "\n" not in str(caught.value)


def test_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_text("a file")
    with pytest.raises(NewsdeskError, match="not a directory"):
        build_site(site_editions("new"), out, site_title="T")
    assert out.read_text() == "a file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_parent_is_a_one_line_error_and_keeps_the_site(tmp_path: Path) -> None:
    out = tmp_path / "pub" / "site"
    old = build(out, "old")
    out.parent.chmod(0o555)
    try:
        with pytest.raises(NewsdeskError):
            build(out, "new")
    finally:
        out.parent.chmod(0o755)
    assert manifest(out) == old


def _start_child(out: Path, variant: str, delay: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, FAULT_DELAY_ENV: str(delay)}
    return subprocess.Popen([sys.executable, "-m", "tests.publish.build_site_child", str(out),
                             variant], cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE)


def test_sigkill_at_random_points_leaves_old_or_new_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    versions = {"old": build(out, "old"), "new": build(out, "new")}
    assert versions["old"] != versions["new"]
    rng = random.Random(20250314)
    current, outcomes = "new", {"killed": 0, "finished": 0, "killed after switch": 0}
    for run in range(KILL_RUNS):
        target = "old" if current == "new" else "new"
        # ~0.3 s of start-up, then ~20 pauses of 40 ms: kills land in every phase.
        child = _start_child(out, target, delay=0.04)
        time.sleep(rng.uniform(0.2, 1.1))
        finished = child.poll() is not None
        if not finished:
            child.send_signal(signal.SIGKILL)
        child.wait()
        published = manifest(out)
        assert published in (versions["old"], versions["new"]), f"mixed site after run {run}"
        if finished:
            assert child.returncode == 0, child.stderr.read() if child.stderr else ""
            assert published == versions[target]
        child.stderr and child.stderr.close()
        outcomes["finished" if finished else "killed"] += 1
        if not finished and published == versions[target]:
            outcomes["killed after switch"] += 1
        current = "new" if published == versions["new"] else "old"
    build(out, current)
    assert len(list(builds_dir(out).iterdir())) == 1, "stale builds cleaned up"
    print(f"\nSIGKILL runs: {KILL_RUNS}, killed mid-build: {outcomes['killed']} "
          f"({outcomes['killed after switch']} after the switch), "
          f"finished before the kill: {outcomes['finished']}, mixed sites: 0")
    assert outcomes["killed"] >= KILL_RUNS // 3
