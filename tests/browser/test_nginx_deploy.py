"""The deployment of issue 22 §3: nginx (Debian's) in front of two PostgreSQL-backed replicas, started by
deploy.cluster exactly as `make serve REPLICAS=2` starts them, and used through the proxy only.

An evaluator signs in, uploads and saves on one replica; a viewer on the other replica sees the new score;
nginx's access log shows each browser stayed on its replica for every request (page, websocket, upload);
stopping the evaluator's replica moves the evaluator to the other one, still signed in. (It took over the
test of two processes on one PostgreSQL database, issue 7: the same upload seen by the other replica.)"""

from __future__ import annotations

import itertools
import time
import urllib.request

import pytest

from deploy.cluster import ROUTE_COOKIE, Cluster
from loaders.__main__ import main as loaders_main
from pantauzi.core import access
from tests.browser.conftest import assert_no_exception, save_upload, shot, sign_in, upload_preview, wait_for_app
from tests.lke_helpers import REAL

pytestmark = pytest.mark.browser
UNIT = "81.71-DPMPTSP"
VIEW = f"/?unit={UNIT}&tahap=self&tahun_dari=2024&tahun_sampai=2024"


@pytest.fixture(scope="module")
def cluster(pg_server, tmp_path_factory):
    url = pg_server.create_database()
    assert loaders_main(["build-demo", "--db", url]) == 0
    folder = tmp_path_factory.mktemp("deploy")
    auth = folder / "auth.yaml"
    access.add_user(auth, "eva", "Eva Evaluator", "rahasia-123", "evaluator", ["81.71"], [])
    with Cluster(url, replicas=2, auth=auth, run_dir=folder / "run") as c:
        yield c


def replica_of(cluster: Cluster, route: str) -> str:
    """The replica address nginx sends the affinity key `route` to (from its own access log)."""
    req = urllib.request.Request(cluster.url + "/_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}={route}"})
    urllib.request.urlopen(req, timeout=10).read()
    for _ in range(50):  # nginx writes the log line once the response is sent
        seen = [r for r in cluster.access_log() if r.get("route") == route]
        if seen:
            return seen[-1]["served_by"]
        time.sleep(0.1)
    raise AssertionError(f"no access-log line for route {route}")


def routes_on_two_replicas(cluster: Cluster) -> tuple[str, str]:
    """Two affinity keys that the consistent hash puts on different replicas."""
    first = "evaluator-0"
    home = replica_of(cluster, first)
    for i in itertools.count(1):
        other = f"viewer-{i}"
        if replica_of(cluster, other) != home:
            return first, other
        assert i < 64, "the hash put 64 keys on one replica"
    raise AssertionError


def lines(cluster: Cluster, route: str) -> list[dict[str, str]]:
    return [r for r in cluster.access_log() if r.get("route") == route]


def upstreams(cluster: Cluster, route: str) -> set[str]:
    return {r["served_by"] for r in lines(cluster, route)}


def test_two_replicas_behind_nginx_keep_sessions_and_survive_a_stop(browser, cluster):
    a_route, b_route = routes_on_two_replicas(cluster)
    a_home, b_home = replica_of(cluster, a_route), replica_of(cluster, b_route)
    contexts = []
    for route in (a_route, b_route):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        ctx.add_cookies([{"name": ROUTE_COOKIE, "value": route, "url": cluster.url}])
        contexts.append(ctx)
    try:
        a, b = (c.new_page() for c in contexts)
        b.goto(cluster.url + VIEW)
        wait_for_app(b)
        assert_no_exception(b)
        assert "95,63" not in b.locator('[data-testid="stMain"]').inner_text()

        sign_in(a, cluster.url, "eva", "rahasia-123")
        upload_preview(a, REAL, "Dinas Penanaman Modal", 2024)  # the file goes to /_stcore/upload_file
        saved = save_upload(a)
        assert "nilai 95,63" in saved
        shot(a, "deploy-evaluator-tersimpan")

        b.goto(cluster.url + VIEW)  # the other replica reads the same PostgreSQL database
        wait_for_app(b)
        assert "tahap Penilaian mandiri: nilai 95,63" in b.locator('[data-testid="stMain"]').inner_text()
        shot(b, "deploy-viewer-replika-lain")

        # every request of each browser so far went to its own replica (an upload included; a websocket
        # is logged when it closes, below)
        assert upstreams(cluster, a_route) == {a_home}
        assert upstreams(cluster, b_route) == {b_home}
        assert any("/_stcore/upload_file/" in r["line"] for r in lines(cluster, a_route))
        before = len(lines(cluster, a_route))

        # the evaluator's replica stops: the next request of the same browser lands on the other one, signed in
        index = next(r.index for r in cluster.members if r.address == a_home)
        cluster.stop_replica(index)
        a.goto(cluster.url + "/unggah")
        wait_for_app(a)
        assert_no_exception(a)
        assert a.locator('[data-testid="stSidebarNav"] a', has_text="Unggah Data").count() == 1
        assert "Eva Evaluator" in a.locator('[data-testid="stSidebar"]').inner_text()
        assert a.locator('[data-testid="stFileUploader"]').count() == 1
        shot(a, "deploy-evaluator-pindah-replika")
        later = lines(cluster, a_route)[before:]
        closed = [r for r in later if '"GET /_stcore/stream' in r["line"] and r["served_by"] == a_home]
        assert closed, "the websocket of the stopped replica was its own"
        moved = [r for r in later if r["served_by"] != a_home]
        assert moved and {r["served_by"] for r in moved} == {b_home}
    finally:
        for c in contexts:
            c.close()
