"""Every reader fuzzed with broken CSV files: the only outcomes allowed are a valid result or a
``ValueError`` naming the file (an :class:`InputError` naming file, and row and column where the fault is
in a cell); the command line exits 0 or 2 with one line.

The broken files start from a valid file of each kind and get one or two faults: a cell replaced by a
nasty value (``nan``, ``inf``, ``1e400``, ``1,95``, a 5000-digit number, a 200,000-character field,
control bytes), another separator, another encoding (UTF-16, Latin-1, a NUL byte), a row repeated,
dropped, added or cut short, an unbalanced quote.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toto13.backtest import import_football_data, import_stryktipset, read_rounds
from toto13.cli import main
from toto13.errors import InputError
from toto13.io import read_engsoccer, read_football_data, read_odds, read_probabilities
from toto13.io.coupon import read_coupon
from toto13.io.tips import read_tips

DEMO = Path(__file__).resolve().parents[1] / "toto13" / "data" / "demo-rounds"

NASTY = ["", " ", "nan", "NaN", "inf", "-inf", "1e400", "-1e400", "1e308", "1e-400", "1,95", "1.0",
         "0", "-1", "0x10", "1_000", "١٢", "é", "\x1b[2J", "\x00", '"', "1" * 5000, "9" * 200_000,
         "2300-01-01", "1600-01-01", "31/02/2020", "X", "3", "2_1923", "1e30", "99"]

VALID = {
    "probs": "match,home,draw,away\n" + "".join(f"{i + 1},0.5,0.27,0.23\n" for i in range(13)),
    "odds": "odds_home,odds_draw,odds_away\n" + "1.85,3.40,4.10\n" * 13,
    "tips": "tip\n" + "1021100211020\n2222222222222\n" * 3,
    "football-data": "Div,Date,Time,HomeTeam,AwayTeam,FTHG,FTAG,FTR,B365H,B365D,B365A\n"
                     + "".join(f"D1,{10 + i}/08/2023,15:30,T{i},U{i},{i % 3},{i % 2},"
                               f"{'HDA'[(i % 3 > i % 2) * 0 + (0 if i % 3 > i % 2 else 1 if i % 3 == i % 2 else 2)]},"
                               "2.1,3.4,3.6\n" for i in range(8)),
    "engsoccer": '"Date","Season","home","visitor","FT","hgoal","vgoal","tier","division"\n'
                 + "".join(f'"1963-08-{10 + i}",1963,"T{i}","U{i}","{i % 3}-{i % 2}",{i % 3},{i % 2},1,"1"\n'
                           for i in range(8)),
    "stryktipset": ("omg;correct_row;turnover;utd13;utd12;utd11;utd10;ant13;ant12;ant11;ant10;"
                    "random_results;id\n"
                    "202539;X2211X12XXXX1;32989083;4333333;26149;1255;274;3;123;2049;19547;0;11930\n"
                    "202538;11X22XX212222;25535155;3319570;59278;3286;735;2;42;606;5645;1;11899\n"),
    "coupon": (DEMO.parent / "demo-coupon" / "coupon.csv").read_text(),
    "matches": (DEMO / "matches.csv").read_text(),
    "payouts": (DEMO / "payouts.csv").read_text(),
}


@st.composite
def broken(draw, text: str) -> bytes:
    """``text`` (a valid file) with one or two faults, as bytes."""
    lines = text.splitlines()
    sep = ";" if ";" in lines[0] else ","
    for _ in range(draw(st.integers(1, 2))):
        fault = draw(st.sampled_from(["cell", "cell", "cell", "row", "separator", "quote", "cut"]))
        if fault == "cell":
            i = draw(st.integers(0, len(lines) - 1))
            cells = lines[i].split(sep)
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = draw(st.sampled_from(NASTY) | st.text(max_size=8))
            lines[i] = sep.join(cells)
        elif fault == "row":
            i = draw(st.integers(1, len(lines) - 1)) if len(lines) > 1 else 0
            how = draw(st.sampled_from(["repeat", "drop", "extra-field", "short"]))
            if how == "repeat":
                lines.insert(i, lines[i])
            elif how == "drop":
                del lines[i]
            elif how == "extra-field":
                lines[i] += sep + "1"
            else:
                lines[i] = lines[i].split(sep)[0]
        elif fault == "separator":
            new = draw(st.sampled_from([";", "\t", ",", "|"]))
            lines = [ln.replace(sep, new) for ln in lines]
            sep = new
        elif fault == "quote":
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = '"' + lines[i]
        else:
            lines = lines[:draw(st.integers(1, len(lines)))]
    out = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16", "nul"]))
    if encoding == "nul":
        return out.encode("utf-8") + b"\x00"
    return out.encode(encoding, errors="replace")


def check_outcome(read, path: Path, whole_input_messages: bool = False):
    """A valid result, or a ValueError naming the file (or, for an importer of several files, one about
    all of them together)."""
    try:
        return read(path)
    except InputError as exc:
        assert exc.file is not None and Path(exc.file).name in {path.name, "matches.csv", "payouts.csv"}
        assert str(exc).isprintable(), repr(str(exc))
    except ValueError as exc:
        assert whole_input_messages or path.name in str(exc), str(exc)
        assert str(exc).isprintable(), repr(str(exc))


READERS = {
    "probs": lambda p: read_probabilities(p, matches=13),
    "odds": lambda p: read_odds(p, matches=13),
    "tips": lambda p: read_tips(p),
    "coupon": lambda p: read_coupon(p, matches=13),
    "football-data": lambda p: read_football_data(p),
    "engsoccer": lambda p: read_engsoccer(p),
    "stryktipset": lambda p: import_stryktipset(p),
    "football-data import": lambda p: import_football_data([p]),
}

#: A few seconds per reader by default; the ``ci`` profile runs as many examples as it sets.
FAST = settings(max_examples=25 if settings.default.max_examples <= 60 else settings.default.max_examples,
                deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])


@pytest.mark.parametrize("kind", sorted(READERS))
def test_reader_fuzz(tmp_path, kind):
    source = "football-data" if kind == "football-data import" else kind

    @FAST
    @given(data=broken(VALID[source]))
    def check(data):
        p = tmp_path / "in.csv"
        p.write_bytes(data)
        check_outcome(READERS[kind], p, whole_input_messages=kind.endswith("import"))

    check()


@pytest.mark.parametrize("which", ["matches", "payouts"])
def test_rounds_reader_fuzz(tmp_path, which):
    @FAST
    @given(data=broken(VALID[which]))
    def check(data):
        d = tmp_path / "rounds"
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(DEMO, d)
        (d / f"{which}.csv").write_bytes(data)
        try:
            read_rounds(d)
        except InputError as exc:
            assert exc.file is not None and Path(exc.file).parent == d
        except ValueError as exc:
            assert "rounds" in str(exc) or f"{which}.csv" in str(exc), str(exc)

    check()


CLI = {
    "probs": lambda p, out: ["tickets", "--probs", p, "--seed", 1, "--count", 5, "--out", out],
    "odds": lambda p, out: ["estimate", p, "--probs-out", out],
    "tips": lambda p, out: ["evaluate", p, "--hit-rate", "0.5"],
    "coupon": lambda p, out: ["tickets", "--coupon", p, "--seed", 1, "--count", 5, "--out", out],
    "stryktipset": lambda p, out: ["import", "stryktipset", p, "--out", out],
    "football-data": lambda p, out: ["score", p],
}


@pytest.mark.parametrize("kind", sorted(CLI))
def test_cli_fuzz(tmp_path, kind):
    @FAST
    @given(data=broken(VALID[kind]))
    def check(data):
        p = tmp_path / "in.csv"
        p.write_bytes(data)
        out = tmp_path / "out"
        shutil.rmtree(out, ignore_errors=True) if out.is_dir() else out.unlink(missing_ok=True)
        r = CliRunner().invoke(main, [str(a) for a in CLI[kind](p, out)])
        assert r.exit_code in (0, 2), (r.exit_code, r.output, r.exception)
        if r.exit_code == 2:
            lines = [ln for ln in r.output.splitlines() if ln.strip() and not ln.startswith("Warning:")]
            assert len(lines) == 1 and lines[0].startswith("Error: "), r.output
            assert not out.exists()
        assert sorted(x.name for x in tmp_path.iterdir()) in (["in.csv"], ["in.csv", "out"])

    check()
