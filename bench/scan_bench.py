#!/usr/bin/env python3
"""Throughput, robustness and memory of `aigcmark scan`, measured as ratios in one run.

Builds corpora from opencv-doc photos in a temporary directory:
  A: 5,000 real JPEG/PNG files (copies, 1 in 25 labelled with `aigcmark metadata write`)
  B: 1,000 one-megapixel JPEGs (re-encoded with ffmpeg)
  C: 10,000 files in 10 folders, 5% of them corrupt (zero-byte, cut inside the headers,
     overwritten after 16 bytes, random bytes, text)
  D: 40 photos cut in half (inside the compressed pixels), reported separately
and measures, pinned to 2 cores:
  1. `scan --metadata-only --jobs 2` files/s on A, against `exiftool -json -r` on A
  2. default scan (metadata + watermark) files/s on B with --jobs 1 and --jobs 2
  3. default scan of C: the error records must be exactly the corrupt files
  4. peak RSS of scanning 1,000 vs 10,000 files of C (metadata-only and default)

  bench/scan_bench.py [--cli build/bin/aigcmark] [--keep DIR] [--parts A,B,C]
(--parts runs a subset: A = 1, B = 2, C = 3 and 4)
"""
import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

DATA = "/usr/share/doc/opencv-doc/examples/data"
CORES = "0,1"


def photos():
    files = sorted(glob.glob(DATA + "/*.jpg") + glob.glob(DATA + "/*.png"))
    if not files:
        sys.exit("no opencv-doc photos in " + DATA)
    return files


def pinned(cmd):
    return ["taskset", "-c", CORES] + cmd if shutil.which("taskset") else cmd


def run(cmd, stdout=subprocess.DEVNULL):
    """Runs cmd; returns dict(wall s, cpu s = user + sys, exit code, peak RSS MiB)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    return dict(wall=time.perf_counter() - t0, cpu=usage.ru_utime + usage.ru_stime,
                code=os.waitstatus_to_exitcode(status), rss=usage.ru_maxrss / 1024.0)


def best(cmd, times):
    return min((run(cmd) for _ in range(times)), key=lambda r: r["wall"])


def warm(folder):
    for root, _, files in os.walk(folder):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                while fh.read(1 << 20):
                    pass


def build_a(cli, work, n=5000):
    d = os.path.join(work, "A")
    os.makedirs(d)
    src = photos()
    for i in range(n):
        s = src[i % len(src)]
        shutil.copyfile(s, os.path.join(d, "photo-%05d%s" % (i, os.path.splitext(s)[1])))
    labelled = 0
    for i in range(0, n, 25):
        f = os.path.join(d, "photo-%05d%s" % (i, os.path.splitext(src[i % len(src)])[1]))
        r = subprocess.run([cli, "metadata", "write", f, "--in-place", "--producer", "BENCH0001",
                            "--produce-id", "id-%d" % i], capture_output=True)
        labelled += r.returncode == 0
    return d, labelled


def build_b(work, n=1000):
    d = os.path.join(work, "B")
    os.makedirs(d)
    bases = []
    for i, s in enumerate(p for p in photos() if p.endswith(".jpg")):
        out = os.path.join(work, "b-base-%03d.jpg" % i)
        r = subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", s, "-vf", "scale=1155:866",
                            "-q:v", "3", out], capture_output=True)
        if r.returncode == 0:
            bases.append(out)
    for i in range(n):
        shutil.copyfile(bases[i % len(bases)], os.path.join(d, "mp-%04d.jpg" % i))
    return d


def corrupt(path, kind, rng):
    data = open(path, "rb").read()
    if kind == 0:
        data = b""                                     # zero-byte
    elif kind == 1:
        data = data[: rng.randint(8, 200)]             # cut inside the headers
    elif kind == 2:
        data = bytes(rng.getrandbits(8) for _ in range(4096))  # random bytes
    elif kind == 3:
        data = b"not an image at all\n" * 50           # text with an image name
    elif kind == 4:
        data = data[:16] + bytes(rng.getrandbits(8) for _ in range(len(data) - 16))  # overwritten
    with open(path, "wb") as f:
        f.write(data)


def build_c(work, n=10000, bad_share=0.05):
    d = os.path.join(work, "C")
    src = photos()
    rng = random.Random(45438)
    names = []
    for i in range(n):
        sub = os.path.join(d, "part%02d" % (i // (n // 10)))
        os.makedirs(sub, exist_ok=True)
        s = src[i % len(src)]
        p = os.path.join(sub, "f-%05d%s" % (i, os.path.splitext(s)[1]))
        shutil.copyfile(s, p)
        names.append(p)
    bad = sorted(rng.sample(names, int(n * bad_share)))
    for i, p in enumerate(bad):
        corrupt(p, i % 5, rng)
    return d, set(bad)


def scan_records(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default="build/bin/aigcmark")
    ap.add_argument("--keep", help="build corpora here and keep them")
    ap.add_argument("--parts", default="A,B,C", help="which measurements to run")
    args = ap.parse_args()
    cli = os.path.abspath(args.cli)
    work = args.keep or tempfile.mkdtemp(prefix="aigcmark-scan-bench-")
    os.makedirs(work, exist_ok=True)
    parts = set(args.parts.split(","))
    res = {}
    try:
        print("building corpora in", work, flush=True)
        out = os.path.join(work, "out.jsonl")
        res["load_average_before"] = os.getloadavg()
        if "A" in parts:
            measure_a(cli, work, out, res)
        if "B" in parts:
            measure_b(cli, work, out, res)
        if "C" in parts:
            measure_c(cli, work, out, res)
        res["load_average_after"] = os.getloadavg()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report(res)


def measure_a(cli, work, out, res):
    a, labelled = build_a(cli, work)
    # 1. metadata-only vs exiftool on A (page-cached; best of 3 for us, 1 for exiftool).
    warm(a)
    ours = best(pinned([cli, "scan", a, "--metadata-only", "--jobs", "2", "-o", out]), 3)
    recs = scan_records(out)
    exif = run(pinned(["exiftool", "-json", "-r", "-q", a])) if shutil.which("exiftool") else None
    n_a = len(recs)
    res["A"] = dict(files=n_a, labelled_written=labelled,
                    labeled_found=sum(r["verdict"] == "labeled" for r in recs),
                    errors=sum(r["verdict"] == "error" for r in recs),
                    seconds=ours["wall"], cpu_seconds=ours["cpu"],
                    files_per_s=n_a / ours["wall"],
                    exiftool_seconds=exif["wall"] if exif else None,
                    exiftool_files_per_s=n_a / exif["wall"] if exif else None,
                    ratio=exif["wall"] / ours["wall"] if exif else None)



def measure_b(cli, work, out, res):
    b = build_b(work)
    # 2. default scan (metadata + watermark) on B, 1 job vs 2 jobs (best of 2 each).
    warm(b)
    j1 = best(pinned([cli, "scan", b, "--jobs", "1", "-o", out]), 2)
    j2 = best(pinned([cli, "scan", b, "--jobs", "2", "-o", out]), 2)
    recs_b = scan_records(out)
    n_b = len(recs_b)
    res["B"] = dict(files=n_b, errors=sum(r["verdict"] == "error" for r in recs_b),
                    watermark_checked=sum("watermark" in r for r in recs_b),
                    jobs1_seconds=j1["wall"], jobs2_seconds=j2["wall"],
                    jobs1_cpu_seconds=j1["cpu"], jobs2_cpu_seconds=j2["cpu"],
                    cpu_ms_per_file=1000 * j2["cpu"] / n_b,
                    jobs1_files_per_s=n_b / j1["wall"], jobs2_files_per_s=n_b / j2["wall"],
                    speedup=j1["wall"] / j2["wall"])



def measure_c(cli, work, out, res):
    c, bad = build_c(work)
    # 3. the corrupt corpus, default scan and metadata-only (these also give 10k-file RSS).
    warm(c)
    res["C"] = {}
    rss10k = {}
    for mode, extra in (("default", []), ("metadata-only", ["--metadata-only"])):
        r = run(pinned([cli, "scan", c, "--jobs", "2", "-o", out] + extra))
        rss10k[mode] = r["rss"]
        recs_c = scan_records(out)
        errs = {x["file"] for x in recs_c if x["verdict"] == "error"}
        res["C"][mode] = dict(files=len(recs_c), exit_code=r["code"], errors=len(errs),
                              corrupt=len(bad), missed=len(bad - errs),
                              false_errors=len(errs - bad), exact=errs == bad,
                              files_per_s=len(recs_c) / r["wall"],
                              missed_examples=sorted(bad - errs)[:3])

    # 3b. damage the container walkers cannot see: files cut inside the compressed pixels.
    cut = os.path.join(work, "D")
    os.makedirs(cut)
    for i, s in enumerate(photos()[:40]):
        data = open(s, "rb").read()
        with open(os.path.join(cut, "cut-%02d%s" % (i, os.path.splitext(s)[1])), "wb") as f:
            f.write(data[: len(data) // 2])
    res["D_cut_in_half"] = {}
    for mode, extra in (("default", []), ("metadata-only", ["--metadata-only"])):
        run([cli, "scan", cut, "--jobs", "2", "-o", out] + extra)
        recs_d = scan_records(out)
        res["D_cut_in_half"][mode] = {
            ext: "%d/%d errors" % (sum(x["verdict"] == "error" for x in recs_d
                                       if x["file"].endswith(ext)),
                                   sum(x["file"].endswith(ext) for x in recs_d))
            for ext in (".jpg", ".png")}

    # 4. peak RSS: 1,000 files (one folder of C) vs all 10,000 (from step 3).
    one_k = os.path.join(c, "part00")
    res["rss_mib"] = {}
    for mode, extra in (("metadata-only", ["--metadata-only"]), ("default", [])):
        r1 = run(pinned([cli, "scan", one_k, "--jobs", "2", "-o", out] + extra))["rss"]
        res["rss_mib"][mode] = dict(files_1k=r1, files_10k=rss10k[mode],
                                    ratio=rss10k[mode] / r1)


def report(res):
    print(json.dumps(res, indent=2))
    print()
    print("load average (1/5/15 min) before %.1f/%.1f/%.1f, after %.1f/%.1f/%.1f on %d cores"
          % (*res["load_average_before"], *res["load_average_after"], os.cpu_count()))
    print("bar                                         measured          verdict")
    def line(name, value, ok):
        print(f"{name:44s}{value:18s}{'PASS' if ok else 'FAIL'}")
    if "A" in res:
        A = res["A"]
        line("metadata-only >= 3000 files/s (2 cores)", f"{A['files_per_s']:.0f} files/s",
             A["files_per_s"] >= 3000)
        if A["ratio"]:
            line("metadata-only >= 10x exiftool -json -r", f"{A['ratio']:.1f}x", A["ratio"] >= 10)
    if "B" in res:
        B = res["B"]
        line("default scan >= 100 files/s (2 jobs, 1 MP)", f"{B['jobs2_files_per_s']:.0f} files/s",
             B["jobs2_files_per_s"] >= 100)
        line("2 jobs >= 1.8x 1 job", f"{B['speedup']:.2f}x", B["speedup"] >= 1.8)
        print(f"  (default scan CPU: {B['cpu_ms_per_file']:.1f} ms per 1 MP file, i.e. at most "
              f"{2000 / B['cpu_ms_per_file']:.0f} files/s on 2 idle cores)")
    if "C" in res:
        for mode in ("default", "metadata-only"):
            m = res["C"][mode]
            line(f"corrupt corpus errors == corrupt ({mode})",
                 f"{m['errors']}/{m['corrupt']} miss {m['missed']}", m["exact"])
        for mode, r in res["rss_mib"].items():
            line(f"peak RSS 10k/1k ({mode})", f"{r['files_10k']:.0f}/{r['files_1k']:.0f} MiB",
                 r["ratio"] < 1.5)


if __name__ == "__main__":
    main()
