"""Seeded random command lines, built from the shell's own help (every verb, its options), with
column, frame and model names, odd numbers and text: whatever they are, each gets a result
or a clear error, and the process never crashes. The lines are the same on every run."""
import random
import re

import pytest

WORDS = ["pclass", "survived", "name", "sex", "age", "fare", "embarked", "body", "sex_male", "nope", "titanic", "iris",
         "lr", "t", "tree", "logistic", "kmeans", "as", "by", "on", "where", "desc", "rules", "and", "not", "is", "missing",
         "in", "(", ")", "==", ">", "+", "/", "-3", "0", "5", "2.5", "1e9", '"a b"', '"é\\n"', "日本", "a.csv", "*"]
VALUES = ["0", "1", "-1", "2", "0.5", "1e308", "-1e308", "nan", "inf", "", '""', "99999999999", "none", "true", "abc",
          "age", "survived", "1..3", "a,b", "age,fare", "median", "minmax", "titanic", "-0", "1e-320", "5%"]
# Verbs that end the session, leave the sandbox or need a lesson are left out.
SKIP = {"exit", "bye", "track", "lesson", "restart", "skip", "hint", "next", "check", "back", "answer", "progress", "lessons"}
SETUP = ["load titanic", "load iris", "use titanic", "split test=0.2 seed=1",
         "train logistic target=survived features=pclass,sibsp,parch as lr",
         "train tree target=survived features=pclass,sibsp,parch max_depth=3 as t"]


def commands(run_opslab):
    listing = run_opslab(stdin="help\n").stdout
    verbs = [v for v in re.findall(r"^  ([a-z]+)\s{2,}", listing, re.M) if v not in SKIP]
    pages = run_opslab(stdin="".join(f"help {v}\n" for v in verbs)).stdout
    keys = {}
    for page in re.split(r"^(?=[a-z]+ — )", pages, flags=re.M):
        head = re.match(r"([a-z]+) — ", page)
        if head:
            keys[head.group(1)] = re.findall(r"^  ([A-Za-z_]+)=", page, re.M)
    return verbs, keys


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_command_lines_never_crash(run_opslab, seed):
    verbs, keys = commands(run_opslab)
    assert len(verbs) > 60 and keys["train"], "the verbs and options come from help"
    rng = random.Random(seed)
    lines = list(SETUP)
    for _ in range(250):
        verb = rng.choice(verbs)
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 4))]
        pairs = [rng.choice(keys.get(verb, []) + ["target", "seed", "n"]) + "=" + rng.choice(VALUES) for _ in range(rng.randint(0, 3))]
        lines.append(" ".join([verb] + words + pairs))
    proc = run_opslab(stdin="\n".join(lines) + "\n", timeout=300)
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert "Fatal error" not in proc.stderr and "crashed" not in proc.stderr, proc.stderr[-3000:]
    # Every failure is one message with a hint, pointing at its line.
    errors = re.findall(r"^error: <stdin>:(\d+): (.*)$", proc.stderr, re.M)
    assert errors, "some random lines fail"
    assert all(1 <= int(n) <= len(lines) and message.strip() for n, message in errors)
