"""cap export read by its consumers (issue 34): Python's sqlite3, Datasette
(started here, asked through its JSON API) and a real PostgreSQL server
(Debian's; a throwaway cluster under .build, or the server named by
CAP_TEST_POSTGRES_URL).

Run by `make test` after the Swift suite; needs the debug build of cap."""
import glob
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAP = os.path.join(ROOT, ".build", "debug", "cap")
EXAMPLES = os.path.join(ROOT, "Examples")


def cap(*args):
    result = subprocess.run([CAP, *args], cwd=ROOT, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def eval_counts(expression):
    """cap eval's groups as {key: count}, the entities without one left out."""
    return {g["key"]: g["count"] for g in json.loads(cap("eval", expression, "--format", "json", EXAMPLES)) if g["key"] is not None}


@pytest.fixture(scope="module")
def database():
    folder = tempfile.mkdtemp(prefix="cap-share-")
    path = os.path.join(folder, "coalition.db")
    cap("export", "-o", path, "--license", "CC-BY-4.0", EXAMPLES)
    yield path
    shutil.rmtree(folder)


def test_python_sqlite3_reads_the_export(database):
    db = sqlite3.connect(database)
    member_counts = dict(db.execute("SELECT country, count(*) FROM member GROUP BY country"))
    assert member_counts == eval_counts("members | group country | count")
    assert db.execute("SELECT name, alpha3 FROM country WHERE code = 'SE'").fetchone() == ("Sweden", "SWE")
    assert db.execute("SELECT name, parent FROM country WHERE code = 'GB-NIR'").fetchone() == ("Northern Ireland", "GB")
    # UN M49 regions (issue 30), written here from the M49 table, and the
    # country each subdivision rolls up to.
    regions = "SELECT country, region, region_code, subregion, subregion_code, intermediate_region, intermediate_region_code FROM country WHERE code = ?"
    assert db.execute(regions, ("SE",)).fetchone() == ("SE", "Europe", "150", "Northern Europe", "154", None, None)
    assert db.execute(regions, ("GB-NIR",)).fetchone() == ("GB", "Europe", "150", "Northern Europe", "154", None, None)
    assert db.execute(regions, ("ML",)).fetchone() == ("ML", "Africa", "002", "Sub-Saharan Africa", "202", "Western Africa", "011")
    assert db.execute(regions, ("MX",)).fetchone() == ("MX", "Americas", "019", "Latin America and the Caribbean", "419", "Central America", "013")
    assert db.execute(regions, ("AQ",)).fetchone() == ("AQ", None, None, None, None, None, None)
    by_region = dict(db.execute("SELECT c.region, count(*) FROM member AS m JOIN country AS c ON c.code = m.country GROUP BY c.region"))
    assert by_region == eval_counts("members | group country.region | count")
    by_country = dict(db.execute("SELECT c.country, count(*) FROM law AS l JOIN country AS c ON c.code = l.jurisdiction GROUP BY c.country"))
    assert by_country == eval_counts("laws | group jurisdiction.country | count")
    assert by_country["GB"] == 1  # Northern Ireland's law, rolled up
    # The references of one kind are foreign keys to its table.
    keys = {(row[2], row[3], row[4]) for row in db.execute("PRAGMA foreign_key_list('statement_laws')")}
    assert keys == {("statement", "statement_id", "id"), ("law", "law_id", "id")}
    assert db.execute("SELECT title, online FROM event WHERE id = 'hrc47_side_event'").fetchone()[1] == 1
    db.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def datasette(database):
    port = free_port()
    metadata = database[:-3] + ".metadata.json"
    server = subprocess.Popen([sys.executable, "-m", "datasette", "serve", database, "-m", metadata,
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if server.poll() is not None or time.time() > deadline:
                server.kill()
                pytest.fail("datasette did not start: " + server.stderr.read().decode())
            time.sleep(0.2)
    yield base + "/coalition"
    server.terminate()
    server.wait(timeout=30)


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def test_datasette_labels_a_foreign_key(datasette):
    page = get(datasette + "/event_organisers.json?_shape=objects&_labels=on&event_id=world_congress_new_delhi_2017&_sort=position")
    assert [row["entity_id"] for row in page["rows"]] == [
        {"value": "cap", "label": "CAP International"},
        {"value": "apne_aap", "label": "Apne Aap"},
    ]
    assert page["rows"][0]["event_id"] == {"value": "world_congress_new_delhi_2017",
                                           "label": "Second World Congress Against the Sexual Exploitation of Women & Girls"}


def test_datasette_facets_members_by_country(datasette):
    page = get(datasette + "/member.json?_shape=objects")
    facet = page["facet_results"]["country"]
    counts = {r["value"]: r["count"] for r in facet["results"]}
    assert counts == eval_counts("members | group country | count")
    # Labelled by the country table's name.
    assert {r["value"]: r["label"] for r in facet["results"]}["FR"] == "France"


def test_datasette_searches_the_full_text_index(datasette):
    page = get(datasette + "/event.json?_shape=objects&_search=Delhi")
    assert sorted(row["id"] for row in page["rows"]) == ["general_assembly_2017", "world_congress_new_delhi_2017"]


def test_datasette_shows_the_metadata(datasette):
    meta = get(datasette.rsplit("/", 1)[0] + "/-/metadata.json")
    assert meta["title"] == "CAP International"
    assert meta["license"] == "CC-BY-4.0"
    country = meta["databases"]["coalition"]["tables"]["country"]
    assert country["columns"]["subregion"].startswith("UN M49 sub-region")
    assert country["facets"] == ["region", "subregion"]
    law_map = get(datasette + "/law_map.json?_shape=objects&code=SE")
    assert law_map["rows"][0]["model"] == "abolitionist" and law_map["rows"][0]["in_force"] == "1999-01-01"


# PostgreSQL


def run_as_postgres(args, **kwargs):
    """initdb and the server refuse to run as root: they run as Debian's postgres user then."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--"] + args
    return subprocess.run(args, capture_output=True, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def postgres():
    url = os.environ.get("CAP_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    assert binaries, "PostgreSQL is not installed (make test installs Debian's postgresql)"
    bin_dir = binaries[-1]
    base = tempfile.mkdtemp(prefix="pg-", dir=os.path.join(ROOT, ".build"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    # The postgres user may not reach .build (a clone under /root), and a
    # Unix socket's path has at most 107 bytes: then the system's temporary
    # folder.
    if len(base) > 80 or run_as_postgres(["test", "-w", base]).returncode != 0:
        shutil.rmtree(base)
        base = tempfile.mkdtemp(prefix="cap-pg-")
        if os.geteuid() == 0:
            shutil.chown(base, "postgres")
    data = os.path.join(base, "data")
    port = 50000 + os.getpid() % 10000
    init = run_as_postgres([os.path.join(bin_dir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                            "-E", "UTF8", "--locale=C", "--no-sync"])
    assert init.returncode == 0, init.stderr.decode()
    # Only a Unix socket in the cluster's folder: nothing listens on the network.
    start = run_as_postgres([os.path.join(bin_dir, "pg_ctl"), "-D", data, "-l", os.path.join(base, "log"), "-w",
                             "-o", f"-k {base} -p {port} -F -c listen_addresses=''", "start"])
    assert start.returncode == 0, start.stderr.decode() + open(os.path.join(base, "log")).read()
    try:
        yield f"postgresql://postgres@/postgres?host={base}&port={port}"
    finally:
        run_as_postgres([os.path.join(bin_dir, "pg_ctl"), "-D", data, "-m", "immediate", "stop"])
        shutil.rmtree(base, ignore_errors=True)


def psql(url, sql):
    result = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return [line.split("|") for line in result.stdout.decode().splitlines() if line]


def test_postgres_loads_the_export_and_counts_as_cap_eval(postgres):
    cap("export", "--format", "postgres", "--database-url", postgres, EXAMPLES)
    members = {k: int(n) for k, n in psql(postgres, "SELECT country, count(*) FROM cap.member GROUP BY country")}
    assert members == eval_counts("members | group country | count")
    events = {k: int(n) for k, n in psql(postgres, "SELECT country, count(*) FROM cap.event WHERE country IS NOT NULL GROUP BY country")}
    assert events == eval_counts("events | group country | count")
    assert psql(postgres, "SELECT model, status, in_force FROM cap.law_map WHERE code = 'IL'") == [["abolitionist", "in force", "2020-07-10"]]
    by_subregion = {k: int(n) for k, n in psql(postgres, "SELECT c.subregion, count(*) FROM cap.member AS m JOIN cap.country AS c ON c.code = m.country GROUP BY c.subregion")}
    assert by_subregion == eval_counts("members | group country.subregion | count")
    assert psql(postgres, "SELECT country, region, intermediate_region FROM cap.country WHERE code = 'GB-NIR'") == [["GB", "Europe", ""]]
    assert psql(postgres, "SELECT data_type FROM information_schema.columns WHERE table_schema = 'cap' AND table_name = 'event' AND column_name = 'date_start'") == [["date"]]


def test_postgres_script_replaces_the_schema_whole(postgres):
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "m.cap"), "w") as f:
            f.write('member solo "Solo" {\n  country SE\n}\n')
        script = os.path.join(folder, "export.sql")
        cap("export", "--format", "postgres", "--schema", "replaced", "-o", script, EXAMPLES)
        load = subprocess.run(["psql", "-X", "-q", "-d", postgres, "-f", script], capture_output=True, timeout=120)
        assert load.returncode == 0, load.stderr.decode()
        assert psql(postgres, "SELECT count(*) FROM replaced.member") == [["28"]]
        cap("export", "--format", "postgres", "--schema", "replaced", "-o", script, folder)
        load = subprocess.run(["psql", "-X", "-q", "-d", postgres, "-f", script], capture_output=True, timeout=120)
        assert load.returncode == 0, load.stderr.decode()
        assert psql(postgres, "SELECT id FROM replaced.member") == [["solo"]]
        assert psql(postgres, "SELECT count(*) FROM replaced.event") == [["0"]]


def test_a_failed_load_changes_nothing(postgres):
    cap("export", "--format", "postgres", "--schema", "kept", "--database-url", postgres, EXAMPLES)
    # A script cut short fails before COMMIT: the schema stays as it was.
    script = cap("export", "--format", "postgres", "--schema", "kept", EXAMPLES)
    cut = script[: script.index("COPY \"event\"")] + "SELECT no_such_function();\n"
    load = subprocess.run(["psql", "-X", "-q", "-d", postgres], input=cut.encode(), capture_output=True, timeout=120)
    assert load.returncode != 0
    assert psql(postgres, "SELECT count(*) FROM kept.event") == [["33"]]
