#!/usr/bin/env python3
"""Video measurements for issue 6, each against a baseline measured in the same run.

  robustness  >= 6 clips (opencv-doc videos upscaled to 1080p/720p, testsrc2, mandelbrot, a
              real-photo slideshow) labelled with `aigcmark label`, then attacked with ffmpeg
              (libx264 CRF 23/30, 720p, 480p, crop 70%, 2 s excerpt, WebM/VP9); the watermark
              payload must come back from every attacked clip, and nothing from the originals.
  speed       labelling a 10 s 1080p clip vs `ffmpeg -c:v libx264` with the same preset/CRF
              (interleaved runs, medians), and `aigcmark detect` on the labelled clip.
  memory      peak RSS of `aigcmark label` on a 10 s and a 60 s 1080p clip (and of ffmpeg on
              the same clips): memory must not grow with the clip length.

Usage: video_bench.py --cli build/bin/aigcmark [--work DIR] [robustness] [speed] [memory]
Prints Markdown tables (the numbers in bench/RESULTS-video.md come from this script).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

OPENCV = "/usr/share/doc/opencv-doc/examples/data"
LABEL_ARGS = ["--producer", "91110000BENCH0001X"]


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError("command failed (%d): %s\n%s" % (r.returncode, " ".join(cmd), r.stderr))
    return r


def ffmpeg(*args):
    run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args])


def timed(cmd):
    """Wall seconds, CPU seconds (user+sys) and peak RSS (KiB) of one child process."""
    with tempfile.TemporaryFile(mode="w+") as err:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            raise RuntimeError("command failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), err.read()))
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def detect(cli, path):
    r = subprocess.run([cli, "detect", "--json", path], capture_output=True, text=True)
    line = r.stdout.strip().splitlines()
    return json.loads(line[-1]) if line else {"error": r.stderr.strip()}


# ---------------------------------------------------------------------------------------------
def make_clips(work):
    """The robustness corpus: (name, path) of unlabelled originals, H.264 CRF 18."""
    clips = []
    enc = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-pix_fmt", "yuv420p", "-an"]

    def add(name, args):
        path = os.path.join(work, name + ".mp4")
        if not os.path.exists(path):
            ffmpeg(*args, *enc, path)
        clips.append((name, path))

    add("vtest-1080p", ["-i", f"{OPENCV}/vtest.avi", "-t", "6", "-vf", "scale=1920:1080"])
    add("megamind-720p", ["-i", f"{OPENCV}/Megamind.avi", "-t", "6", "-vf", "scale=1280:720"])
    add("tree-720p", ["-i", f"{OPENCV}/tree.avi", "-t", "6", "-vf", "scale=1280:720"])
    add("testsrc2-720p", ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=6"])
    add("mandelbrot-720p", ["-f", "lavfi", "-i", "mandelbrot=size=1280x720:rate=25", "-t", "6"])
    photos = [p for p in ["fruits.jpg", "baboon.jpg", "building.jpg", "home.jpg", "aloeL.jpg",
                          "starry_night.jpg"] if os.path.exists(f"{OPENCV}/{p}")]
    inputs = []
    for p in photos:
        inputs += ["-loop", "1", "-t", "1", "-i", f"{OPENCV}/{p}"]
    fit = "scale=1280:720:force_original_aspect_ratio=decrease,pad=1280:720:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=25"
    chains = ";".join(f"[{i}:v]{fit}[v{i}]" for i in range(len(photos)))
    concat = "".join(f"[v{i}]" for i in range(len(photos))) + f"concat=n={len(photos)}:v=1:a=0[out]"
    add("photo-slideshow-720p", [*inputs, "-filter_complex", chains + ";" + concat, "-map", "[out]"])
    return clips


def duration(path):
    r = run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path])
    return float(r.stdout.strip())


ATTACKS = [
    ("x264 CRF 23", ".mp4", lambda d: ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]),
    ("x264 CRF 30", ".mp4", lambda d: ["-c:v", "libx264", "-preset", "veryfast", "-crf", "30"]),
    ("720p", ".mp4", lambda d: ["-vf", "scale=-2:720", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]),
    ("480p", ".mp4", lambda d: ["-vf", "scale=-2:480", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]),
    ("crop 70%", ".mp4", lambda d: ["-vf", "crop=trunc(iw*0.7/2)*2:trunc(ih*0.7/2)*2",
                                    "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]),
    ("2 s excerpt", ".mp4", lambda d: ["-ss", "%.2f" % max(0.0, d / 2 - 1), "-t", "2",
                                       "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"]),
    ("WebM/VP9", ".webm", lambda d: ["-c:v", "libvpx-vp9", "-crf", "33", "-b:v", "0",
                                     "-deadline", "realtime", "-cpu-used", "8", "-row-mt", "1"]),
]


def attack(src, dst, args):
    # -ss before -i for the excerpt: seek on input, like a platform clipping a highlight.
    if args[:1] == ["-ss"]:
        ffmpeg(args[0], args[1], "-i", src, *args[2:], "-an", dst)
    else:
        ffmpeg("-i", src, *args, "-an", dst)


def robustness(cli, work):
    clips = make_clips(work)
    print("## Robustness (watermark payload recovered after each attack)\n")
    head = "| clip | label | " + " | ".join(a[0] for a in ATTACKS) + " |"
    print(head)
    print("|" + "---|" * (len(ATTACKS) + 2))
    recovered = total = 0
    false_alarms = originals = 0
    fa_rows = []
    for i, (name, orig) in enumerate(clips):
        labelled = os.path.join(work, name + "-labelled.mp4")
        produce_id = "bench-%02d" % i
        r = subprocess.run([cli, "label", orig, "-o", labelled, "--produce-id", produce_id,
                            "--preset", "veryfast", *LABEL_ARGS],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"| {name} | FAILED: {r.stderr.strip()} |")
            continue
        expected = detect(cli, labelled)
        want = expected.get("watermark", {}).get("payload")
        cells = ["ok" if want else "not found"]
        d = duration(labelled)
        for label, ext, args in ATTACKS:
            dst = os.path.join(work, f"{name}-{label.replace(' ', '_').replace('/', '_').replace('%', '')}{ext}")
            attack(labelled, dst, args(d))
            got = detect(cli, dst).get("watermark", {})
            ok = bool(got.get("detected")) and got.get("payload") == want and want is not None
            recovered += ok
            total += 1
            cells.append(("ok" if ok else "MISS") + " (%.1f)" % got.get("score", 0.0))
        print(f"| {name} | " + " | ".join(cells) + " |")
        sys.stdout.flush()
        # Unlabelled originals, plain and re-encoded at CRF 30: nothing may be detected.
        for variant, path in [("original", orig)]:
            w = detect(cli, path).get("watermark", {})
            originals += 1
            false_alarms += bool(w.get("detected"))
            fa_rows.append((name, variant, w.get("detected"), w.get("score", 0.0), w.get("false_alarm", 1.0)))
        cheap = os.path.join(work, name + "-orig-crf30.mp4")
        attack(orig, cheap, ATTACKS[1][2](0))
        w = detect(cli, cheap).get("watermark", {})
        originals += 1
        false_alarms += bool(w.get("detected"))
        fa_rows.append((name, "original, CRF 30", w.get("detected"), w.get("score", 0.0), w.get("false_alarm", 1.0)))
    print(f"\npayload recovered: {recovered}/{total} attacked clips\n")
    print("| unlabelled clip | variant | detected | score | false-alarm prob. |\n|---|---|---|---|---|")
    for n, v, det, s, fa in fa_rows:
        print(f"| {n} | {v} | {'YES' if det else 'no'} | {s:.2f} | {fa:.3g} |")
    print(f"\ndetections on unlabelled clips: {false_alarms}/{originals}\n")


# ---------------------------------------------------------------------------------------------
def speed(cli, work, preset, crf, runs):
    src = os.path.join(work, "speed-vtest-1080p-10s.mp4")
    if not os.path.exists(src):
        ffmpeg("-i", f"{OPENCV}/vtest.avi", "-t", "10", "-f", "lavfi", "-i", "sine=duration=10",
               "-vf", "scale=1920:1080,fps=30", "-c:v", "libx264", "-preset", "veryfast", "-crf",
               "18", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", src)
    base_out = os.path.join(work, "speed-ffmpeg.mp4")
    ours_out = os.path.join(work, "speed-aigcmark.mp4")
    base_cmd = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", src,
                "-map", "0", "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-c:a", "copy",
                base_out]
    ours_cmd = [cli, "label", src, "-o", ours_out, "--preset", preset, "--crf", str(crf),
                "--produce-id", "speed-1", *LABEL_ARGS]
    base, ours = [], []
    for _ in range(runs):  # interleaved, so load changes hit both sides alike
        if os.path.exists(ours_out):
            os.remove(ours_out)
        base.append(timed(base_cmd))
        ours.append(timed(ours_cmd))
    bw = statistics.median(b[0] for b in base)
    ow = statistics.median(o[0] for o in ours)
    bc = statistics.median(b[1] for b in base)
    oc = statistics.median(o[1] for o in ours)
    print(f"## Speed: label a 10 s 1080p30 clip (vtest.avi upscaled, AAC audio), preset {preset}, CRF {crf}, {runs} interleaved runs\n")
    print("| | wall s (median) | CPU s (median) | runs (wall) |\n|---|---|---|---|")
    print(f"| ffmpeg -c:v libx264 | {bw:.2f} | {bc:.2f} | {', '.join('%.2f' % b[0] for b in base)} |")
    print(f"| aigcmark label (visible + watermark + metadata + read-back) | {ow:.2f} | {oc:.2f} | {', '.join('%.2f' % o[0] for o in ours)} |")
    print(f"\nratio aigcmark / ffmpeg: wall {ow / bw:.3f}x, CPU {oc / bc:.3f}x (bar: <= 1.25x)\n")

    det = [timed([cli, "detect", "--json", ours_out]) for _ in range(max(3, runs))]
    dw = statistics.median(d[0] for d in det)
    print("## Detection of the labelled 10 s 1080p clip (`aigcmark detect`, metadata + watermark)\n")
    print(f"wall {dw:.2f} s median of {len(det)} ({', '.join('%.2f' % d[0] for d in det)}); "
          f"CPU {statistics.median(d[1] for d in det):.2f} s; cores available: {os.cpu_count()} (bar: <= 2 s on 2 cores)\n")
    rep = detect(cli, ours_out)
    print(f"report: watermark detected={rep.get('watermark', {}).get('detected')} "
          f"score={rep.get('watermark', {}).get('score', 0):.2f} frames_checked={rep.get('frames_checked')}\n")


def memory(cli, work, preset):
    rows = []
    for secs in (10, 60):
        src = os.path.join(work, f"mem-{secs}s-1080p.mp4")
        if not os.path.exists(src):
            ffmpeg("-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={secs}", "-f", "lavfi",
                   "-i", f"sine=duration={secs}", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20",
                   "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", src)
        out = os.path.join(work, "mem-out.mp4")
        if os.path.exists(out):
            os.remove(out)
        ours = timed([cli, "label", src, "-o", out, "--preset", preset, "--produce-id", "mem-1", *LABEL_ARGS])
        base = timed(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", src, "-c:v", "libx264",
                      "-preset", preset, "-c:a", "copy", os.path.join(work, "mem-ffmpeg.mp4")])
        rows.append((secs, ours[2], base[2], ours[0]))
    print(f"## Peak memory (RSS), 1080p30 testsrc2 + AAC, preset {preset}\n")
    print("| clip | aigcmark label peak RSS | ffmpeg -c:v libx264 peak RSS | label wall s |\n|---|---|---|---|")
    for secs, o, b, w in rows:
        print(f"| {secs} s | {o / 1024:.0f} MiB | {b / 1024:.0f} MiB | {w:.1f} |")
    print(f"\nRSS growth 10 s -> 60 s: {(rows[1][1] - rows[0][1]) / 1024:+.0f} MiB\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--work", help="working folder (kept); default a temp folder removed at the end")
    ap.add_argument("--preset", default="medium")
    ap.add_argument("--crf", type=int, default=23)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("what", nargs="*", default=["robustness", "speed", "memory"])
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="aigcmark-video-bench-")
    os.makedirs(work, exist_ok=True)
    cli = os.path.abspath(a.cli)
    try:
        print(f"aigcmark video bench, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}\n")
        if "robustness" in a.what:
            robustness(cli, work)
        if "speed" in a.what:
            speed(cli, work, a.preset, a.crf, a.runs)
        if "memory" in a.what:
            memory(cli, work, "veryfast")
    finally:
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
